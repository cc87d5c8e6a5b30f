import type { FaultEngine } from "../faults/engine.ts";
import { sampleLatency } from "../faults/timeline.ts";

/** What the `webhook` fault rules do to one delivery attempt. */
export interface Shape {
  /** Sent this much later (ms of clock time). */
  delay: number;
  /** Held until a later event of the restaurant has been sent, or this long at most. */
  hold: number | null;
  /** Sent a second time, byte for byte, after the first answer. */
  duplicate: boolean;
  /** Signed with the wrong secret. */
  badSignature: boolean;
  /** Lost: this attempt only (the event is retried), or the whole event. */
  drop: "attempt" | "event" | null;
  /** The rules that fired, comma-separated, as `X-Mockpos-Fault` names them. */
  fault: string | null;
}

export interface AttemptFacts {
  operation: string;
  restaurantId: string;
  orderId: string | null;
}

/** Asks the engine which `webhook` rules apply to this attempt; each one that fires counts a hit. */
export function shapeAttempt(engine: FaultEngine, facts: AttemptFacts): Shape {
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
    const rule = active.rule;
    if (rule.kind !== "webhook") continue;
    active.hits++;
    fired.push(rule.id);
    switch (rule.mode) {
      case "delay":
        shape.delay += sampleLatency(rule.distribution, active.rng);
        break;
      case "duplicate":
        shape.duplicate = true;
        break;
      case "drop":
        shape.drop = rule.permanent || shape.drop === "event" ? "event" : "attempt";
        break;
      case "reorder":
        shape.hold = Math.max(shape.hold ?? 0, rule.hold);
        break;
      case "bad_signature":
        shape.badSignature = true;
        break;
    }
  }
  shape.fault = fired.length > 0 ? fired.join(",") : null;
  return shape;
}
