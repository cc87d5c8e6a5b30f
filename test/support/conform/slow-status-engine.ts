// An engine that checks each location online every 3 minutes instead of every minute, exported
// the other way `mockpos conform --in-process` accepts: as `engine`.
import { brokenEngine } from "../../../conformance/engines.ts";

export const engine = brokenEngine("slow-status");
