/**
 * mockpos as a library: the simulator, webhook signatures and the conformance suite. Only what
 * this file exports is public (package.json's `exports` names it and nothing else).
 */

export {
  type AdminFaultRule,
  type AdminJournalEntry,
  type AdminProblem,
  MockPosAdmin,
  MockPosAdminError,
  type MockPosAdminOptions,
} from "./client/admin/index.ts";
export { CHECKS } from "./conformance/checks/index.ts";
export { referenceEngine } from "./conformance/engines.ts";
export { type ObserveInput, type ObserveOutcome, observe, parseJournal } from "./conformance/observe.ts";
export {
  buildReport,
  counts,
  type Report,
  type ReportMeta,
  writeReports,
} from "./conformance/report/index.ts";
export {
  applicability,
  type CheckResult,
  runCheck,
  runSuite,
  type SuiteOptions,
  type Target,
} from "./conformance/run.ts";
export type { EngineFactory, InProcessEngine } from "./conformance/stage/in-process.ts";
export type { Check, Mode, Run, Stage, Status, Verdict } from "./conformance/types.ts";
export { createMockPos, type MockPos } from "./simulator/app.ts";
export { type Clock, RealClock, ScaledClock, VirtualClock } from "./simulator/clock/index.ts";
export type { SimulatorOptions } from "./simulator/state.ts";
export {
  signWebhook,
  type VerifyResult,
  verifyWebhook,
  WEBHOOK_HEADERS,
} from "./simulator/webhooks/index.ts";
