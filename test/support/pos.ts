import { createMockPos } from "../../simulator/app.ts";
import { VirtualClock } from "../../simulator/clock/index.ts";
import type { Location } from "../../simulator/domain/types.ts";
import type { SimulatorOptions } from "../../simulator/state.ts";
import { checkResponse } from "./contract.ts";

export const START = Date.UTC(2026, 2, 13, 11, 30); // a Friday, 12:30 in Madrid, just before lunch

export interface Sent {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the body is not JSON. */
  body: any;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  /** Raw body text, sent as is (for malformed JSON). */
  raw?: string;
  headers?: Record<string, string>;
  /** Whose credentials to send: a location (by default the one in the path), or false for none. */
  as?: Location | false;
  /** Send the credentials as HTTP Basic instead of X-Api-Key. */
  basic?: boolean;
}

/**
 * A simulator on a virtual clock, and a request function that goes through `app.request`
 * (no socket) and checks every response against the contract.
 */
export function testPos(options: SimulatorOptions = {}) {
  const clock = new VirtualClock(START);
  const { app, sim, dialects } = createMockPos({
    seed: "test",
    locations: 2,
    locale: "es",
    clock,
    ...options,
  });

  async function request(method: string, path: string, o: RequestOptions = {}): Promise<Sent> {
    const headers: Record<string, string> = { ...o.headers };
    const pathLocation = path.match(/^\/v1\/locations\/([^/?]+)/)?.[1];
    const who = o.as === false ? undefined : (o.as ?? sim.chain.locations.find((l) => l.id === pathLocation));
    if (who && o.as !== false) {
      if (o.basic)
        headers.authorization = `Basic ${Buffer.from(`${who.credentials.username}:${who.credentials.password}`).toString("base64")}`;
      else headers["x-api-key"] = who.credentials.apiKey;
    }
    let body: string | undefined = o.raw;
    if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers["content-type"] ??= "application/json";
    }
    const res = await app.request(path, { method, headers, body });
    const text = await res.text();
    const contentType = res.headers.get("content-type") ?? "";
    let parsed: unknown = text;
    if (/json/.test(contentType) && !/ndjson/.test(contentType)) parsed = JSON.parse(text);
    checkResponse(method, path.split("?")[0] ?? path, res.status, contentType, parsed);
    return { status: res.status, headers: res.headers, body: parsed, text };
  }

  const location = (i = 0): Location => {
    const l = sim.chain.locations[i];
    if (!l) throw new Error(`no location ${i}`);
    return l;
  };

  return { app, sim, clock, request, location, dialects };
}
