import type { FaultEngine } from "../faults/engine.ts";
import type { DeliveryShape } from "../faults/kind.ts";

/** What the webhook fault rules do to one delivery attempt, and which of them did it. */
export interface Shape extends DeliveryShape {
  /** The rules that fired, comma-separated, as `X-Mockpos-Fault` names them. */
  fault: string | null;
}

/** What shaping a delivery needs of the fault engine: which rules apply, and their kinds. */
export type DeliveryFaults = Pick<FaultEngine, "applicable" | "kindOf">;

export interface AttemptFacts {
  operation: string;
  restaurantId: string;
  orderId: string | null;
}

/** Asks the engine which webhook rules apply to this attempt; each one that fires counts a hit. */
export function shapeAttempt(engine: DeliveryFaults, facts: AttemptFacts): Shape {
  const shape: Shape = {
    delay: 0,
    hold: null,
    duplicate: false,
    badSignature: false,
    drop: null,
    fault: null,
  };
  const fired: string[] = [];
  const rules = engine.applicable({
    operation: facts.operation,
    locationId: facts.restaurantId,
    orderId: facts.orderId,
    write: false,
  });
  for (const active of rules) {
    const kind = engine.kindOf(active);
    if (!kind.webhook) continue;
    active.hits++;
    fired.push(active.rule.id);
    kind.webhook(shape, active);
  }
  shape.fault = fired.length > 0 ? fired.join(",") : null;
  return shape;
}
