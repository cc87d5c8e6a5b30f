import { expect } from "vitest";
import { Problem } from "../../contracts/problem.ts";
import { START } from "../../test/support/pos.ts";
import { VirtualClock } from "../clock/index.ts";
import { createIngestReceiver, type IngestCredential } from "./index.ts";

// The receiver's test harness, shared by its test files.

export const CREDENTIALS: IngestCredential[] = [
  { username: "madrid", password: "pw-madrid", venues: ["mad"] },
  { username: "chain", password: "pw-chain", venues: ["mad", "bcn"] },
  { username: "any", password: "pw-any" },
];
export const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

export function receiver(options: { maxBodyBytes?: number } = {}) {
  const clock = new VirtualClock(START);
  const { app, store } = createIngestReceiver({ credentials: CREDENTIALS, clock, ...options });
  /** Sends a request and checks the answer against the push contract: never 5xx, problems as problem+json. */
  async function send(
    method: string,
    path: string,
    o: {
      body?: unknown;
      raw?: string | Uint8Array;
      as?: string | false;
      headers?: Record<string, string>;
    } = {},
  ) {
    const user = o.as === undefined ? "madrid" : o.as;
    const cred = CREDENTIALS.find((c) => c.username === user);
    const headers: Record<string, string> = { "content-type": "application/json", ...o.headers };
    if (cred) headers.authorization = basic(cred.username, cred.password);
    const body = o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
    const res = await app.request(path, { method, headers, body });
    // biome-ignore lint/suspicious/noExplicitAny: tests read any field; the schemas checked the shape
    const json: any = await res.json();
    expect(res.status, JSON.stringify(json)).toBeLessThan(500);
    if (res.status >= 400) {
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      Problem.parse(json);
      expect(json.status).toBe(res.status);
    }
    return { status: res.status, headers: res.headers, body: json };
  }
  return { app, store, clock, send };
}

export const order = (externalID: string, extra: Record<string, unknown> = {}) => ({
  externalID,
  date: "2026-03-13T13:45:00+01:00",
  seats: 2,
  channel: "terrace",
  payments: [{ method: "card", base: 1000, tax: 100, total: 1100 }],
  items: [
    { externalID: "prod-1", name: "Paella", quantity: 2, pricePerUnit: 450, total: 900 },
    { externalID: "tip", name: "Tip", quantity: 1, pricePerUnit: 200, total: 200 },
  ],
  ...extra,
});

export const catalog = {
  categories: [{ externalID: "cat-1", name: "Mains" }],
  modifierGroups: [
    {
      externalID: "mg-1",
      name: "Extras",
      min: 0,
      max: 2,
      options: [{ externalID: "o-1", name: "Egg", price: 90 }],
    },
  ],
  items: [
    { externalID: "prod-1", name: "Paella", categoryID: "cat-1", price: 450, modifierGroupIDs: ["mg-1"] },
  ],
  menus: [{ externalID: "main", name: "Carta", categoryIDs: ["cat-1"] }],
};
