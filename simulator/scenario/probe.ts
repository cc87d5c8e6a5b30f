import type { Clock, TimerHandle } from "../clock/index.ts";
import type { Location } from "../domain/types.ts";
import { Random } from "../random/index.ts";

/** How the probe reaches the API: `app.request` in-process, or fetch against a URL. */
export type Fetcher = (path: string, init?: RequestInit) => Promise<Response>;

export interface ProbeOptions {
  ordersPerHour: number;
  payLaterShare: number;
  seed: string;
}

export interface Probe {
  stop(): void;
  /** Requests sent, by operation and outcome (`200`, `423`, `dropped`). */
  stats(): Record<string, number>;
}

type Body = Record<string, unknown>;

const MINUTE = 60_000;
/** The envelope (DESIGN.md): cadence of each poll per location. */
const POLLS = [
  { op: "location.status", path: "/status", every: MINUTE },
  { op: "orders.list", path: "/orders?view=new", every: 4 * MINUTE, cursor: true },
  { op: "orders.list", path: "/orders?view=in_progress", every: 2 * MINUTE, cursor: true },
  { op: "availability.get", path: "/availability", every: 5 * MINUTE },
  { op: "menu.get", path: "/menu", every: 24 * 60 * MINUTE },
] as const;
/** The reference connector's lock retries (5 attempts over ~2.5 min) and slower mark-paid retries (~17 min). */
const REPROVISION_MS = 10 * MINUTE;
const WRITE_RETRIES = [5_000, 10_000, 20_000, 40_000, 80_000];
const PAY_RETRIES = [30_000, 60_000, 120_000, 240_000, 540_000];

/**
 * A small connector that holds the polling envelope for every location and places guest
 * orders with idempotent retries — enough traffic for a scenario's journal and invariants,
 * and a model of the behaviour the conformance suite will judge.
 */
export function startProbe(
  fetcher: Fetcher,
  clock: Clock,
  locations: Location[],
  options: ProbeOptions,
): Probe {
  const timers = new Set<TimerHandle>();
  const counts: Record<string, number> = {};
  let stopped = false;

  const after = (ms: number, fn: () => void) => {
    const t = clock.setTimeout(() => {
      timers.delete(t);
      if (!stopped) fn();
    }, ms);
    timers.add(t);
  };

  // The connector is provisioned with each key once; after a 401 an operator copies the new
  // key from the POS back office, which takes a while.
  const keys = new Map(locations.map((l) => [l.id, l.credentials.apiKey]));
  const reprovisioning = new Set<string>();
  const reprovision = (location: Location) => {
    if (reprovisioning.has(location.id)) return;
    reprovisioning.add(location.id);
    after(REPROVISION_MS, () => {
      keys.set(location.id, location.credentials.apiKey);
      reprovisioning.delete(location.id);
    });
  };

  async function call(location: Location, op: string, path: string, init?: RequestInit) {
    const headers = {
      "x-api-key": keys.get(location.id) ?? "",
      ...(init?.body ? { "content-type": "application/json" } : {}),
      ...init?.headers,
    };
    try {
      const res = await fetcher(`/v1/locations/${location.id}${path}`, { ...init, headers });
      counts[`${op} ${res.status}`] = (counts[`${op} ${res.status}`] ?? 0) + 1;
      if (res.status === 401) reprovision(location);
      return {
        status: res.status,
        body: (res.headers.get("content-type")?.includes("json")
          ? await res.json().catch(() => null)
          : null) as Body | null,
        retryAfter: Number(res.headers.get("retry-after") ?? 0),
      };
    } catch {
      counts[`${op} dropped`] = (counts[`${op} dropped`] ?? 0) + 1;
      return { status: 0, body: null, retryAfter: 0 };
    }
  }

  /** A write retried with the same key while the answer is retryable, on the given schedule. */
  function write(
    location: Location,
    op: string,
    path: string,
    body: unknown,
    key: string,
    schedule: number[],
    then?: (body: Body) => void,
    attempt = 0,
  ) {
    void call(location, op, path, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "idempotency-key": key },
    }).then((r) => {
      if (r.status >= 200 && r.status < 300) return then?.(r.body ?? {});
      const retryable = r.status === 0 || r.status === 423 || r.status === 429 || r.status >= 500;
      if (!retryable || attempt >= schedule.length) return;
      after(Math.max(schedule[attempt] ?? 0, r.retryAfter * 1000), () =>
        write(location, op, path, body, key, schedule, then, attempt + 1),
      );
    });
  }

  for (const location of locations) {
    const rng = new Random(`${options.seed}:probe:${location.id}`);
    const offset = rng.int(0, MINUTE - 1);
    const cursors = new Map<string, string>();
    let products: string[] = [];
    let guest = 0;

    for (const poll of POLLS) {
      const run = () => {
        const cursor = "cursor" in poll ? cursors.get(poll.path) : undefined;
        const path = cursor ? `${poll.path}&cursor=${cursor}` : poll.path;
        void call(location, poll.op, path).then((r) => {
          if (r.status !== 200 || !r.body) return;
          if ("cursor" in poll && typeof r.body.cursor === "string") cursors.set(poll.path, r.body.cursor);
          if (poll.op === "menu.get") products = simpleProducts(r.body as MenuBody);
        });
        after(poll.every, run);
      };
      after(poll.op === "menu.get" ? offset % 1000 : offset + rng.int(0, poll.every - 1), run);
    }

    const nextGuest = () => {
      if (options.ordersPerHour <= 0) return;
      after(
        Math.max(1000, Math.round((-Math.log(1 - rng.next()) * 3_600_000) / options.ordersPerHour)),
        () => {
          placeOrder();
          nextGuest();
        },
      );
    };
    const placeOrder = () => {
      if (products.length === 0) return;
      const n = ++guest;
      const item = () => ({ productId: rng.pick(products), quantity: rng.int(1, 2) });
      const payLater = rng.chance(options.payLaterShare);
      const table = payLater ? rng.pick(location.areas.flatMap((a) => a.tables)).id : null;
      const body = payLater
        ? {
            externalId: `probe-${location.id}-${n}`,
            type: "dine_in",
            tableId: table,
            items: [item(), item()],
          }
        : {
            externalId: `probe-${location.id}-${n}`,
            type: "take_away",
            paymentMode: "prepaid",
            items: [item()],
          };
      write(location, "order.create", "/orders", body, `probe-${n}-create`, WRITE_RETRIES, (order) => {
        const pay = () =>
          write(
            location,
            "order.pay",
            `/orders/${String(order.id)}/payments`,
            { method: "epayment" },
            `probe-${n}-pay`,
            PAY_RETRIES,
          );
        if (!payLater) return pay();
        after(rng.int(10, 30) * MINUTE, () =>
          write(
            location,
            "order.append",
            `/orders/${String(order.id)}/rounds`,
            { items: [item()] },
            `probe-${n}-round`,
            WRITE_RETRIES,
            () => after(rng.int(15, 40) * MINUTE, pay),
          ),
        );
      });
    };
    nextGuest();
  }

  return {
    stop() {
      stopped = true;
      for (const t of timers) clock.clearTimeout(t);
      timers.clear();
    },
    stats: () => ({ ...counts }),
  };
}

interface MenuBody {
  products?: { id: string; soldOut: boolean; combo: unknown; modifierGroupIds: string[] }[];
}

/** Products a guest can order without required choices, from a generic menu response. */
function simpleProducts(menu: MenuBody): string[] {
  return (menu.products ?? [])
    .filter((p) => !p.soldOut && !p.combo && p.modifierGroupIds.length === 0)
    .map((p) => p.id);
}
