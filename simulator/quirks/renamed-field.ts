import { rewriteJsonAnswer } from "./request.ts";
import type { Quirk } from "./types.ts";

const rename = (o: unknown): unknown => {
  if (typeof o !== "object" || o === null || Array.isArray(o) || !("time" in o)) return o;
  const { time, ...rest } = o as Record<string, unknown>;
  return { ...rest, localTime: time };
};

/**
 * A POS whose answer drifted from the published contract: the location status names its clock
 * `localTime` instead of `time`. No connector reads that field (the pacts do not pin it), so only
 * validation against the OpenAPI document can see the drift.
 */
export const renamedField: Quirk = {
  name: "renamed-field",
  summary: "the location status answers `localTime` where the contract says `time`",
  async after({ c }) {
    if (c.get("operation") !== "location.status" || c.res.status >= 300) return;
    await rewriteJsonAnswer(c, (body) => {
      if (typeof body !== "object" || body === null) return body;
      const b = body as Record<string, unknown>;
      // Sinqro wraps its answers in `data`; Elyx's location list answers `locations`.
      if ("data" in b) return { ...b, data: rename(b.data) };
      if (Array.isArray(b.locations)) return { ...b, locations: b.locations.map(rename) };
      return rename(b);
    });
  },
};
