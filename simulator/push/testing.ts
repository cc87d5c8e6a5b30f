import { simpleProduct, simpleProducts } from "../../test/support/menu.ts";
import { START } from "../../test/support/pos.ts";
import { createMockPos } from "../app.ts";
import { VirtualClock } from "../clock/index.ts";
import { createOrder, payOrder } from "../domain/orders.ts";
import type { Chain, LocaleCode, Location } from "../domain/types.ts";
import { createIngestReceiver, type IngestCredential } from "../ingest/index.ts";
import { type PushFeedOptions, type PushFetch, startPushFeed } from "./index.ts";

/** Test support for the push feed (imported by its tests only). */

export const API = { source: "api" } as const;
export const URL = "http://ingest.test/api";

/**
 * A two-location chain on a virtual clock, a receiver, and a fetch into it that can be made to
 * fail: `faults` answer the next requests, one each; `hooks.answer` answers any request it
 * returns a Response for; `hooks.after` runs once the receiver has answered, before the feed hears.
 */
export function setup(
  o: { locale?: LocaleCode; locations?: number; credentials?: (ls: Location[]) => IngestCredential[] } = {},
) {
  const clock = new VirtualClock(START);
  const { sim } = createMockPos({
    seed: "test",
    locations: o.locations ?? 2,
    locale: o.locale ?? "es",
    clock,
  });
  const perLocation = (ls: Location[]) =>
    ls.map((l) => ({ username: l.credentials.username, password: l.credentials.password, venues: [l.id] }));
  const receiver = createIngestReceiver({
    credentials: (o.credentials ?? perLocation)(sim.chain.locations),
    clock,
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read the bodies they sent loosely
  const sent: { path: string; status: number | string; body: any; bytes: number; at: number }[] = [];
  const faults: (() => Response | Error | undefined)[] = [];
  const hooks: {
    answer?: (path: string, user: string) => Response | undefined;
    // biome-ignore lint/suspicious/noExplicitAny: a hook reads the body it is given loosely
    after?: (path: string, body: any) => void;
  } = {};
  const fetch: PushFetch = async (url, init) => {
    const path = new globalThis.URL(url).pathname;
    const bytes = Buffer.byteLength(String(init.body));
    const fault = faults.shift()?.();
    if (fault instanceof Error) {
      sent.push({ path, status: "network", body: null, bytes, at: clock.now() - START });
      throw fault;
    }
    const auth = new Headers(init.headers).get("authorization") ?? "";
    const user =
      Buffer.from(auth.replace(/^Basic /, ""), "base64")
        .toString()
        .split(":")[0] ?? "";
    const res =
      fault ??
      hooks.answer?.(path, user) ??
      (await receiver.app.request(url.replace(URL, "http://ingest.test"), init));
    const body = JSON.parse(String(init.body));
    sent.push({ path, status: res.status, body, bytes, at: clock.now() - START });
    hooks.after?.(path, body);
    return res;
  };
  const start = (options: Partial<PushFeedOptions> = {}) =>
    startPushFeed(sim, { url: `${URL}/`, fetch, ...options });
  const location = (i: number) => sim.chain.locations[i] as Location;
  const closed = (l: Location) => [...l.orders.values()].filter((order) => order.status !== "open");
  const stored = (l: Location) => receiver.store.orders(l.id);
  return { clock, sim, receiver, sent, faults, hooks, start, location, closed, stored };
}

/** Runs `work` to its end, moving the clock in small steps and letting in-flight work settle between them. */
export async function drive<T>(clock: VirtualClock, work: Promise<T>, stepMs = 100): Promise<T> {
  let settled = false;
  const done = work.finally(() => {
    settled = true;
  });
  for (let waited = 0; waited <= 600_000; waited += stepMs) {
    for (let i = 0; i < 10 && !settled; i++) await clock.advance(0);
    if (settled) return done;
    await clock.advance(stepMs);
  }
  throw new Error("still running after 10 clock minutes");
}

/** Opens and pays a take-away order of two of a product, with a tip. */
export function sale(chain: Chain, l: Location, now: number, tip = 120) {
  const order = createOrder(
    chain,
    l,
    { type: "take_away", items: [{ productId: simpleProduct(l, 3).id, quantity: 2 }] },
    API,
    now,
  );
  return tip < 0 ? order : payOrder(l, order, { method: "cash", tip }, API, now);
}

/** Opens and pays a take-away order of `lines` lines, one unit each, of the simple products in turn. */
export function bigSale(chain: Chain, l: Location, now: number, lines: number) {
  const products = simpleProducts(l);
  const items = Array.from({ length: lines }, (_, i) => ({
    productId: (products[i % products.length] as { id: string }).id,
    quantity: 1,
  }));
  const order = createOrder(chain, l, { type: "take_away", items }, API, now);
  return payOrder(l, order, { method: "card" }, API, now);
}

export const ids = (list: { id: string }[]) => list.map((o) => o.id).sort();
export const storedIds = (list: { order: { externalID: string } }[]) =>
  list.map((s) => s.order.externalID).sort();
