import { Instant, resolveInstant } from "../../../contracts/admin/fault-primitives.ts";
import { rotateCredentials as rotate } from "../../domain/staff.ts";
import type { FaultEngine } from "../engine.ts";
import { defineFaultKind, keyed, ruleSchema } from "../kind.ts";

/** API keys taken out of service by a rotation rule, so the 401s they meet name the rule. */
const retired = keyed((_: FaultEngine) => new Map<string, string>());

/** At an instant the scoped locations get new credentials; the old API keys answer 401. */
export const rotateCredentials = defineFaultKind({
  kind: "rotate_credentials",
  schema: ruleSchema("rotate_credentials", { at: Instant }),
  summary: "at an instant the scoped locations get new keys; the old ones answer 401",
  form: [{ name: "at", label: "at (ISO or +duration)", type: "text", placeholder: "+10m" }],
  describe: (rule) => `at ${rule.at}`,
  // A retired key names its rule only on the refusal it meets; while none is retired there is none.
  standingSparesReads: (engine) => retired(engine).size === 0,
  standing(request) {
    const by = retired(request.engine).get(request.credential);
    if (by) request.blame(by);
  },
  schedule(engine, active) {
    const { rule } = active;
    const at = resolveInstant(rule.at, engine.origin);
    const rotateNow = () => {
      for (const location of engine.locationsOf(rule)) {
        active.hits++;
        retired(engine).set(location.credentials.apiKey, rule.id);
        rotate(location, () => active.rng.next());
      }
    };
    active.timers.push(engine.clock.setTimeout(rotateNow, Math.max(0, at - engine.clock.now())));
  },
  reset: (engine) => retired(engine).clear(),
});
