import { isWrite, type Quirk } from "./types.ts";

/** A POS whose write path is slow: every write waits `slow-writes=MS` (default 2.5 s) of wall-clock time. */
export const slowWrites: Quirk = {
  name: "slow-writes",
  summary: "every write takes seconds before it is answered",
  setting: { unit: "ms", default: 2500, min: 1, max: 60_000 },
  async before({ c, clock, setting }) {
    if (isWrite(c.req.method)) await clock.sleep(setting ?? 2500);
  },
};
