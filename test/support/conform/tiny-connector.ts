/**
 * A small connector written without the reference engine or the driver protocol, as someone
 * else's connector would be: a polling loop against the generic dialect's HTTP API. Each
 * location, every minute: its status; every 2 minutes the in-progress orders and every 4 the new
 * ones, each with the cursor the last answer gave; every 5 minutes the sold-out flags; the menu
 * once at the start; now and then a take-away order, sent with an idempotency key. Locations are
 * spread 10 s apart within each minute. What observe mode judges, from the journal alone.
 */

export interface TinyFlaws {
  /** Checks each location online every 3 minutes instead of every minute. */
  slowStatus?: boolean;
  /** Lists orders without the cursor the last answer gave. */
  noCursor?: boolean;
  /** Sends its orders without an idempotency key. */
  noKeys?: boolean;
}

export interface TinyOptions {
  /** Where the generic dialect answers. */
  baseUrl: string;
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  /** The time it runs on: a virtual clock it advances itself. */
  clock: { now(): number; advanceTo(to: number): Promise<void> };
  locations: readonly { id: string; apiKey: string }[];
  minutes: number;
  flaws?: TinyFlaws;
}

const MINUTE = 60_000;
const SPACING = 10_000;

interface Menu {
  products: {
    id: string;
    soldOut: boolean;
    variants: unknown[];
    modifierGroupIds: string[];
    combo: unknown;
  }[];
}

export async function runTinyConnector(o: TinyOptions): Promise<void> {
  const flaws = o.flaws ?? {};
  const start = o.clock.now();
  const state = new Map(
    o.locations.map((l) => [
      l.id,
      { cursors: {} as Record<string, string>, product: null as string | null, sent: 0 },
    ]),
  );
  for (let m = 0; m < o.minutes; m++) {
    for (const [i, loc] of o.locations.entries()) {
      await o.clock.advanceTo(start + m * MINUTE + i * SPACING);
      const mine = state.get(loc.id) as NonNullable<ReturnType<typeof state.get>>;
      const url = (path: string) => `${o.baseUrl}/v1/locations/${loc.id}${path}`;
      const get = async (path: string) => {
        const res = await o.fetch(url(path), { headers: { "x-api-key": loc.apiKey } });
        return res.ok ? ((await res.json()) as unknown) : null;
      };
      if (!flaws.slowStatus || m % 3 === 0) await get("/status");
      if (m === 0) {
        const menu = (await get("/menu")) as Menu | null;
        const simple = menu?.products.find(
          (p) => !p.soldOut && p.variants.length === 0 && p.modifierGroupIds.length === 0 && !p.combo,
        );
        mine.product = simple?.id ?? null;
      }
      for (const [view, every] of [
        ["in_progress", 2],
        ["new", 4],
      ] as const) {
        if (m % every !== 0) continue;
        // Every page of the view, from the cursor the last answer gave (bounded: ten pages).
        for (let page = 0; page < 10; page++) {
          const cursor = flaws.noCursor ? undefined : mine.cursors[view];
          const q = new URLSearchParams({ view, ...(cursor ? { cursor } : {}) });
          const list = (await get(`/orders?${q}`)) as { cursor: string; hasMore: boolean } | null;
          if (!list) break;
          mine.cursors[view] = list.cursor;
          if (!list.hasMore) break;
        }
      }
      if (m % 5 === 0 && m > 0) await get("/availability");
      if (m % 6 === 3 && mine.product) {
        mine.sent++;
        const key = `tiny-${loc.id}-${mine.sent}`;
        await o.fetch(url("/orders"), {
          method: "POST",
          headers: {
            "x-api-key": loc.apiKey,
            "content-type": "application/json",
            ...(flaws.noKeys ? {} : { "idempotency-key": key }),
          },
          body: JSON.stringify({
            externalId: key,
            type: "take_away",
            paymentMode: "prepaid",
            items: [{ productId: mine.product, quantity: 1 }],
          }),
        });
      }
    }
  }
  await o.clock.advanceTo(start + o.minutes * MINUTE);
}
