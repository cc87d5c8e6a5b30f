import { RealClock } from "../clock/index.ts";

type Collect = (options?: { type?: "major"; execution?: "sync"; flavor?: "last-resort" }) => void;

// Real time, not the simulator's: what the collection costs is real, however fast the clock runs.
const wall = new RealClock();
const MIN_INTERVAL_MS = 60 * 60_000;
let last = wall.now();

/**
 * Hands memory the heap no longer uses back to the system, at most once an hour of real time,
 * when node runs with `--expose-gc` (as `npm start` and the benches start it). V8's ordinary
 * collections keep freed pages resident while a process stays busy; forgetting a day of closed
 * orders frees a lot of them at once, and this is the moment to let them go. Without the flag it
 * does nothing.
 */
export function releaseFreedMemory(): boolean {
  const collect = (globalThis as { gc?: Collect }).gc;
  if (typeof collect !== "function") return false;
  const now = wall.now();
  if (now - last < MIN_INTERVAL_MS) return false;
  last = now;
  collect({ type: "major", execution: "sync", flavor: "last-resort" });
  return true;
}
