/** The rule schema and its parts; each kind's own options are in its module (./kinds). */
export {
  COMMON_FIELDS,
  Distribution,
  type DistributionSpec,
  Duration,
  FaultScope,
  FaultWhen,
  Instant,
  LocalTime,
  parseDuration,
} from "../../contracts/admin/fault-primitives.ts";
export { type FaultKindName, FaultRule, type FaultRuleInput } from "./registry.ts";
