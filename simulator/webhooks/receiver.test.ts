import { describe, expect, it } from "vitest";
import { START } from "../../test/support/pos.ts";
import { createWebhookReceiver, signWebhook, WEBHOOK_HEADERS } from "./index.ts";
import { SECRET, URL } from "./test-support.ts";

/** A receiver on a fixed clock, and a POST of `body` correctly signed for it. */
function setup() {
  const receiver = createWebhookReceiver(SECRET, { now: () => START });
  const post = async (body: string, eventId = "evt_header") => {
    const timestamp = Math.floor(START / 1000);
    const res = await receiver.fetch(URL, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        [WEBHOOK_HEADERS.eventId]: eventId,
        [WEBHOOK_HEADERS.eventType]: "order.status_changed",
        [WEBHOOK_HEADERS.timestamp]: String(timestamp),
        [WEBHOOK_HEADERS.signature]: signWebhook(SECRET, timestamp, body),
        [WEBHOOK_HEADERS.attempt]: "1",
      },
      body,
    });
    return { status: res.status, body: await res.json() };
  };
  return { receiver, post };
}

describe("the sample webhook receiver", () => {
  it("answers 400 invalid_event to a verified body that is not an object with a string id, and processes none", async () => {
    const { receiver, post } = setup();
    for (const body of ["null", "123", "[]", '"evt_1"', "{}", '{"id":5}', '{"id":""}']) {
      const answer = await post(body);
      expect(answer, body).toEqual({
        status: 400,
        body: { error: "invalid_event", message: "the body must be a JSON object with a string id" },
      });
      expect(receiver.received.at(-1), body).toMatchObject({
        verified: true,
        reason: "invalid_event",
        duplicate: false,
        status: 400,
      });
    }
    expect(receiver.events).toEqual([]);
    expect(receiver.count("evt_header")).toBe(7);
  });

  it("dedupes on the body's event id only: an id-less body never makes a later one a duplicate", async () => {
    const { receiver, post } = setup();
    expect((await post("123")).status).toBe(400);
    expect((await post("[]")).status).toBe(400);
    expect(await post('{"id":"evt_1"}', "evt_1")).toEqual({
      status: 200,
      body: { received: true, duplicate: false },
    });
    expect(await post('{"id":"evt_1"}', "evt_1")).toEqual({
      status: 200,
      body: { received: true, duplicate: true },
    });
    expect(await post('{"id":"evt_2"}', "evt_2")).toEqual({
      status: 200,
      body: { received: true, duplicate: false },
    });
    expect(receiver.received.map((r) => [r.status, r.duplicate])).toEqual([
      [400, false],
      [400, false],
      [200, false],
      [200, true],
      [200, false],
    ]);
    expect(receiver.events).toEqual([{ id: "evt_1" }, { id: "evt_2" }]);
  });
});
