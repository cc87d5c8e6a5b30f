import { rewriteRequest } from "./request.ts";
import { isWrite, type Quirk } from "./types.ts";

// The create routes of each dialect, whose external reference this POS does not keep.
const CREATES = [
  /^\/v1\/locations\/[^/]+\/orders\/?$/,
  /^\/api\/v1\/locations\/[^/]+\/tickets\/?$/,
  /^\/sinqro\/v1\/orders\/?$/,
];

/**
 * A POS that neither replays an Idempotency-Key nor keeps the external reference of an order:
 * a create retried after a lost answer is a second order, and nothing finds the first by its
 * reference. (Keeping either would make the retry safe: verify's point 8 accepts both.)
 */
export const noIdempotencyReplay: Quirk = {
  name: "no-idempotency-replay",
  summary: "a repeated Idempotency-Key creates again, and external ids are not kept",
  async before({ c }) {
    if (!isWrite(c.req.method)) return;
    const create = c.req.method === "POST" && CREATES.some((re) => re.test(c.req.path));
    await rewriteRequest(c, {
      drop: ["idempotency-key", "x-idempotency-key"],
      ...(create
        ? {
            json: (body) => {
              if (typeof body !== "object" || body === null || Array.isArray(body)) return body;
              const { externalId: _e, externalReference: _r, ...rest } = body as Record<string, unknown>;
              return rest;
            },
          }
        : {}),
    });
  },
};
