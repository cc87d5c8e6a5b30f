// The checklist points a machine can answer over the API (1, 3, 4 and 8), probed the way the
// reference connector talks to each dialect — its adapters (connector/adapters) — through verify's
// wire, so every request is bounded, recorded and checked against the contract, and none writes
// outside the locations set aside for testing.
import { ADAPTERS, type Adapter, type AdapterContext } from "../../connector/adapters/index.ts";
import { PosFailure } from "../../connector/failure.ts";
import { Http, type HttpAnswer } from "../../connector/http.ts";
import type { LineInput, OrderDraft, PosOrder } from "../../connector/model.ts";
import type { Clock } from "../../simulator/clock/index.ts";
import type { Contract, Dialect } from "../contract.ts";
import type { VerifyLocation } from "../credentials.ts";
import type { PointResult } from "../report/model.ts";
import type { StateLog } from "../states/log.ts";
import type { Exchange, Wire } from "../wire.ts";
import { pointById } from "./points.ts";

export interface ProbeContext {
  dialect: Dialect;
  contract: Contract;
  wire: Wire;
  states: StateLog;
  locations: readonly VerifyLocation[];
  clock: Clock;
  /** Prefix of every external id and idempotency key verify sends: a person can find its orders. */
  runId: string;
}

// biome-ignore lint/suspicious/noExplicitAny: the credentials differ per dialect by design.
type AnyAdapter = Adapter<any>;

interface Line {
  adapter: AnyAdapter;
  ctx: AdapterContext<unknown>;
  http: Http;
  headers: Record<string, string>;
}

/** The reference connector's adapter for `loc`, on a line through the wire labelled `stage`. */
function line(p: ProbeContext, loc: VerifyLocation, stage: string, as: VerifyLocation = loc): Line {
  const http = new Http({
    fetch: p.wire.fetchFor(stage),
    clock: p.clock,
    baseUrl: p.wire.url,
    timeoutMs: 60_000,
  });
  const credentials =
    p.dialect === "sinqro"
      ? { userToken: as.apiKey, serverToken: as.serverToken ?? "" }
      : { apiKey: as.apiKey };
  const headers: Record<string, string> =
    p.dialect === "sinqro"
      ? { "x-api-user-access-token": as.apiKey, "x-api-server-access-token": as.serverToken ?? "" }
      : { "x-api-key": as.apiKey };
  const posLocationId = p.dialect === "elyx" ? String(loc.number) : loc.locationId;
  return {
    adapter: ADAPTERS[p.dialect] as AnyAdapter,
    ctx: { location: { id: loc.locationId, posLocationId, credentials }, http },
    http,
    headers,
  };
}

type Outcome<T> = { ok: true; value: T } | { ok: false; failure: PosFailure };

async function attempt<T>(fn: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    if (err instanceof PosFailure) return { ok: false, failure: err };
    return { ok: false, failure: new PosFailure("SERVER_ERROR", (err as Error).message, { status: 0 }) };
  }
}

const said = (o: Outcome<unknown>) =>
  o.ok
    ? "answered"
    : `${o.failure.code}${o.failure.details.vendorCode && o.failure.details.vendorCode !== o.failure.code ? ` (${o.failure.details.vendorCode})` : ""}, HTTP ${o.failure.details.status}: ${o.failure.message}`;

/** A raw call on a line, with the dialect's credentials: for what no adapter method sends. */
async function raw(
  l: Line,
  call: { method: "POST" | "PATCH"; path: string; body: unknown; operation: string },
) {
  return l.http.send({ ...call, headers: l.headers });
}

/** The exchanges a stage sent from `mark` on. */
function sent(p: ProbeContext, stage: string, mark: number): Exchange[] {
  return p.wire.exchanges.slice(mark).filter((x) => x.stage === stage);
}

function result(
  id: string,
  started: number,
  verdict: PointResult["verdict"],
  summary: string,
  evidence: string[],
  decisive: Exchange[],
): PointResult {
  const def = pointById(id);
  return {
    id,
    title: def.title,
    question: def.question,
    how: def.how,
    verdict,
    summary,
    evidence,
    decisive: decisive.map((x) => x.seq),
    tookMs: Math.round(performance.now() - started),
  };
}

/** The first product a guest can order without a choice, from the menu as the connector reads it. */
async function orderable(l: Line): Promise<Outcome<string>> {
  const menu = await attempt(() => l.adapter.menu(l.ctx));
  if (!menu.ok) return menu;
  const item = menu.value.items.find((i) => !i.soldOut && !i.needsChoice && i.variants.length === 0);
  if (!item)
    return {
      ok: false,
      failure: new PosFailure("ITEM_UNAVAILABLE", "no product can be ordered without a choice", {
        status: 200,
      }),
    };
  return { ok: true, value: item.id };
}

function draft(p: ProbeContext, tag: string, productId: string, flow: OrderDraft["flow"]): OrderDraft {
  return {
    externalId: `${p.runId}-${tag}`,
    flow,
    tableId: null,
    guests: null,
    items: [{ productId, quantity: 1 }],
    note: null,
  };
}

const testing = (p: ProbeContext) => p.locations.find((l) => l.testing);

// ---- 1: the required operations --------------------------------------------------------------

const REQUIRED = ["location.status", "menu.get", "order.create", "order.append", "order.pay"] as const;

/** Why a dialect's contract has no route for a required operation, for the scoping call. */
const UNMAPPED: Partial<Record<Dialect, Partial<Record<(typeof REQUIRED)[number], string>>>> = {
  sinqro: {
    "order.append":
      "the Sinqro-passive contract has no route to add items to an open order: orders arrive whole",
    "order.pay":
      "the Sinqro-passive contract marks an order paid when it is injected (payment.method EPAYMENT, prepaid)",
  },
};

export async function requiredOperations(p: ProbeContext): Promise<PointResult> {
  const started = performance.now();
  const stage = "point 1";
  const mark = p.wire.exchanges.length;
  const evidence: string[] = [];
  const failed: string[] = [];
  const unverified: string[] = [];
  const unmapped: string[] = [];
  const writeAt = testing(p);
  const readAt = writeAt ?? p.locations[0];
  if (!readAt) return result("1", started, "not_verified", "the credentials file lists no location", [], []);
  const l = line(p, readAt, stage);
  const outcomes = new Map<string, Outcome<unknown> | "not probed">();
  outcomes.set("location.status", await attempt(() => l.adapter.status(l.ctx)));
  outcomes.set("menu.get", await attempt(() => l.adapter.menu(l.ctx)));
  if (!writeAt) {
    for (const op of ["order.create", "order.append", "order.pay"]) outcomes.set(op, "not probed");
  } else {
    const product = await orderable(l);
    if (!product.ok) {
      for (const op of ["order.create", "order.append", "order.pay"]) outcomes.set(op, product);
    } else {
      const flow = p.dialect === "sinqro" ? "pay_first" : "pay_later";
      const created = await attempt(() =>
        l.adapter.createOrder(l.ctx, draft(p, "p1", product.value, flow), `${p.runId}-p1-create`),
      );
      outcomes.set("order.create", created);
      let order: PosOrder | undefined = created.ok ? created.value : undefined;
      if (l.adapter.appendRound) {
        const append = l.adapter.appendRound.bind(l.adapter);
        if (order) {
          const id = order.id;
          const appended = await attempt(() =>
            append(l.ctx, id, [{ productId: product.value, quantity: 1 }], `${p.runId}-p1-append`),
          );
          outcomes.set("order.append", appended);
          if (appended.ok) order = appended.value;
        } else outcomes.set("order.append", created);
      }
      if (l.adapter.pay) {
        const pay = l.adapter.pay.bind(l.adapter);
        if (order) {
          const o = order;
          outcomes.set(
            "order.pay",
            await attempt(() =>
              pay(
                l.ctx,
                o.id,
                { amount: o.due, tip: 0, method: "card", reference: `${p.runId}-p1` },
                `${p.runId}-p1-pay`,
              ),
            ),
          );
        } else outcomes.set("order.pay", created);
      }
    }
  }
  for (const op of REQUIRED) {
    const routes = p.contract.routesOf(op).map((r) => `${r.method} ${r.template}`);
    if (routes.length === 0) {
      const why = UNMAPPED[p.dialect]?.[op] ?? `the ${p.dialect} contract maps no route to ${op}`;
      unmapped.push(op);
      evidence.push(`${op}: no route in the ${p.dialect} contract — ${why} (for the scoping call)`);
      continue;
    }
    const o = outcomes.get(op);
    const where = `${routes.join(" | ")}`;
    if (o === undefined || o === "not probed") {
      unverified.push(op);
      evidence.push(
        `${op} (${where}): not probed — no location in the credentials file is set aside for testing`,
      );
    } else if (o.ok) evidence.push(`${op} (${where}): ${said(o)} at ${readAt.locationId}`);
    else {
      failed.push(op);
      evidence.push(`${op} (${where}): ${said(o)}`);
    }
  }
  const xs = sent(p, stage, mark);
  const mapped = REQUIRED.length - unmapped.length;
  const tail = unmapped.length > 0 ? `; not in the ${p.dialect} contract: ${unmapped.join(", ")}` : "";
  if (failed.length > 0)
    return result(
      "1",
      started,
      "fail",
      `${failed.join(", ")} did not work as the contract says${tail}`,
      evidence,
      xs.filter((x) => x.status === 0 || x.status >= 400),
    );
  if (unverified.length > 0)
    return result(
      "1",
      started,
      "not_verified",
      `${unverified.join(", ")} not probed: no location set aside for testing${tail}`,
      evidence,
      xs,
    );
  return result(
    "1",
    started,
    "pass",
    `all ${mapped} operations the ${p.dialect} contract maps answered${tail}`,
    evidence,
    xs,
  );
}

// ---- 3: per-location credentials --------------------------------------------------------------

const REFUSALS = new Set(["UNAUTHORIZED", "FORBIDDEN_LOCATION", "NOT_FOUND"]);
const MAX_LOCATIONS_PROBED = 10;

export async function perLocationCredentials(p: ProbeContext): Promise<PointResult> {
  const started = performance.now();
  const stage = "point 3";
  const mark = p.wire.exchanges.length;
  const evidence: string[] = [];
  const wrong: Exchange[] = [];
  const probed = p.locations.slice(0, MAX_LOCATIONS_PROBED);
  let problems = 0;
  for (const loc of probed) {
    const before = p.wire.exchanges.length;
    const l = line(p, loc, stage);
    const own = await attempt(() => l.adapter.status(l.ctx));
    evidence.push(`${loc.locationId} with its own credential: ${said(own)}`);
    if (!own.ok) {
      problems++;
      wrong.push(...sent(p, stage, before));
    }
  }
  const keys = new Set(p.locations.map((l) => l.apiKey));
  if (keys.size < p.locations.length)
    evidence.push(
      `${p.locations.length - keys.size + 1} or more locations share one credential in the credentials file`,
    );
  if (probed.length < 2)
    return result(
      "3",
      started,
      problems > 0 ? "fail" : "not_verified",
      "one location listed: another location's credential cannot be tried",
      evidence,
      sent(p, stage, mark),
    );
  let crossChecked = 0;
  let crossAccepted = 0;
  if (p.dialect === "sinqro") {
    // The token picks the restaurant, so no path can name another: an order of one restaurant is
    // read with another's token.
    const home = testing(p);
    const other = home && p.locations.find((l) => l.locationId !== home.locationId);
    if (home && other) {
      const l = line(p, home, stage);
      const product = await orderable(l);
      const created = product.ok
        ? await attempt(() =>
            l.adapter.createOrder(l.ctx, draft(p, "p3", product.value, "pay_first"), `${p.runId}-p3-create`),
          )
        : product;
      if (created.ok) {
        const before = p.wire.exchanges.length;
        const foreign = line(p, other, stage);
        const read = await attempt(() => foreign.adapter.getOrder(foreign.ctx, created.value.id));
        crossChecked++;
        evidence.push(
          `order ${created.value.id} of ${home.locationId} read with ${other.locationId}'s token: ${said(read)}`,
        );
        if (read.ok || !REFUSALS.has(read.failure.code)) {
          crossAccepted++;
          wrong.push(...sent(p, stage, before));
        }
      } else evidence.push(`no order to read across restaurants: ${said(created)}`);
    } else
      evidence.push("no location set aside for testing: no order to read with another restaurant's token");
  } else {
    for (let i = 0; i < probed.length; i++) {
      const at = probed[(i + 1) % probed.length] as VerifyLocation;
      const as = probed[i] as VerifyLocation;
      if (at.locationId === as.locationId) continue;
      const before = p.wire.exchanges.length;
      const l = line(p, at, stage, as);
      const read = await attempt(() => l.adapter.status(l.ctx));
      crossChecked++;
      evidence.push(`${at.locationId} with ${as.locationId}'s credential: ${said(read)}`);
      if (read.ok || !REFUSALS.has(read.failure.code)) {
        crossAccepted++;
        wrong.push(...sent(p, stage, before));
      }
    }
  }
  if (problems > 0 || crossAccepted > 0) {
    const why = [
      problems > 0 ? `${problems} location(s) refused their own credential` : "",
      crossAccepted > 0 ? `${crossAccepted} of ${crossChecked} other-location reads were not refused` : "",
    ].filter(Boolean);
    return result("3", started, "fail", why.join("; "), evidence, wrong);
  }
  if (crossChecked === 0)
    return result(
      "3",
      started,
      "not_verified",
      "no other-location read could be tried",
      evidence,
      sent(p, stage, mark),
    );
  return result(
    "3",
    started,
    "pass",
    `${probed.length} location(s) answer their own credential, and ${crossChecked} read(s) with another location's were refused`,
    evidence,
    sent(p, stage, mark).slice(-2),
  );
}

// ---- 4: locks told apart from hard failures ---------------------------------------------------

const LOCK_STATE = "an order is open and locked at a terminal";

interface Answer {
  what: string;
  status: number;
  failure: string | null;
  vendorCode: string | null;
}

function answerOf(p: ProbeContext, what: string, o: Outcome<unknown> | HttpAnswer): Answer {
  if ("status" in o && "headers" in o) {
    const failure = o.status >= 200 && o.status < 300 ? null : p.contract.failureOf(o.body);
    const b = (o.body ?? {}) as { code?: unknown; error?: { code?: unknown } };
    const vendor = p.dialect === "generic" ? b.code : b.error?.code;
    return {
      what,
      status: o.status,
      failure: failure ?? (o.status >= 400 ? "(none the contract names)" : null),
      vendorCode: vendor === undefined ? null : String(vendor),
    };
  }
  if (o.ok) return { what, status: 200, failure: null, vendorCode: null };
  return {
    what,
    status: o.failure.details.status,
    failure: o.failure.code,
    vendorCode: o.failure.details.vendorCode ?? null,
  };
}

const show = (a: Answer) =>
  `${a.what}: HTTP ${a.status}${a.failure ? ` ${a.failure}` : " (accepted)"}${a.vendorCode && a.vendorCode !== a.failure ? ` [${a.vendorCode}]` : ""}`;

export async function locksDistinguished(p: ProbeContext): Promise<PointResult> {
  const started = performance.now();
  const stage = "point 4";
  const evidence: string[] = [];
  const { event: setup, values: v } = await p.states.change(
    { state: LOCK_STATE, params: { seconds: 90 }, action: "setup" },
    "4",
  );
  const teardown = () =>
    p.states.change({ state: LOCK_STATE, params: { seconds: 90 }, action: "teardown" }, "4");
  if (!setup.ok)
    return result(
      "4",
      started,
      "not_verified",
      `the provider state '${LOCK_STATE}' could not be set up: ${setup.error}`,
      [],
      [],
    );
  try {
    const str = (name: string) => (v[name] === undefined || v[name] === null ? undefined : String(v[name]));
    const at =
      p.dialect === "generic"
        ? p.locations.find((l) => l.locationId === str("locationId"))
        : p.dialect === "elyx"
          ? p.locations.find(
              (l) => String(l.number) === str("elyxLocation") || l.locationId === str("locationId"),
            )
          : p.locations.find((l) => l.apiKey === str("apiKey") || l.locationId === str("locationId"));
    const orderId = p.dialect === "elyx" ? str("ticketId") : str("orderId");
    evidence.push(`state '${LOCK_STATE}' set up: ${JSON.stringify(setup.values)}`);
    if (!at || !orderId)
      return result(
        "4",
        started,
        "not_verified",
        `the state's values name no listed location and ${p.dialect === "elyx" ? "ticketId" : "orderId"} (locationId / elyxLocation / apiKey)`,
        evidence,
        [],
      );
    if (!at.testing)
      return result(
        "4",
        started,
        "not_verified",
        `the locked order is at ${at.locationId}, which the credentials file does not set aside for testing`,
        evidence,
        [],
      );
    const l = line(p, at, stage);
    const product = str("productId") ?? (await orderable(l).then((o) => (o.ok ? o.value : undefined)));
    if (!product)
      return result(
        "4",
        started,
        "not_verified",
        "no product to order at the locked order's location",
        evidence,
        [],
      );
    const round: LineInput[] = [{ productId: product, quantity: 1 }];

    // The write a connector sends to the locked order: a round (Sinqro: accept it).
    const lockMark = p.wire.exchanges.length;
    const lock =
      p.dialect === "sinqro"
        ? answerOf(
            p,
            "write to the locked order",
            await raw(l, {
              method: "POST",
              path: `/sinqro/v1/orders/${encodeURIComponent(orderId)}/status`,
              body: { status: "ACCEPTED" },
              operation: "order.status.set",
            }),
          )
        : answerOf(
            p,
            "round on the locked order",
            await attempt(() =>
              (l.adapter.appendRound as NonNullable<AnyAdapter["appendRound"]>)(
                l.ctx,
                orderId,
                round,
                `${p.runId}-p4-lock`,
              ),
            ),
          );
    const lockExchanges = sent(p, stage, lockMark);
    // A malformed write to the same order: a hard failure, whatever the lock.
    const invalid =
      p.dialect === "generic"
        ? await raw(l, {
            method: "POST",
            path: `/v1/locations/${encodeURIComponent(at.locationId)}/orders/${encodeURIComponent(orderId)}/rounds`,
            body: { items: [{ productId: product, quantity: 0 }] },
            operation: "order.append",
          })
        : p.dialect === "elyx"
          ? await raw(l, {
              method: "POST",
              path: `/api/v1/tickets/${encodeURIComponent(orderId)}/lines`,
              body: { lines: [{ articleId: product, quantity: 0 }] },
              operation: "order.append",
            })
          : await raw(l, {
              method: "POST",
              path: `/sinqro/v1/orders/${encodeURIComponent(orderId)}/status`,
              body: { status: "NOT_A_STATUS" },
              operation: "order.status.set",
            });
    const hard: Answer[] = [answerOf(p, "malformed write to the same order", invalid)];
    // A write to an order that is closed (paid, or Sinqro: cancelled).
    const closedOrder = await closeAnOrder(p, l, product);
    if (closedOrder.ok) hard.push(closedOrder.value);
    else evidence.push(`no closed order to write to: ${said(closedOrder)}`);
    for (const a of [lock, ...hard]) evidence.push(show(a));
    const wording = p.contract.failures.LOCKED;
    const expected = wording
      ? `HTTP ${wording.status} ${wording.code === "LOCKED" ? "LOCKED" : `LOCKED [${wording.code}]`}`
      : "the dialect's lock";
    evidence.push(`the ${p.dialect} contract words a lock as ${expected}`);
    const decisive = [
      ...lockExchanges,
      ...sent(p, stage, lockMark).filter((x) => !lockExchanges.includes(x) && x.status >= 400),
    ];
    if (lock.failure !== "LOCKED" || (wording && lock.status !== wording.status))
      return result(
        "4",
        started,
        "fail",
        lock.failure === null
          ? `the write to an order locked at a terminal was accepted (HTTP ${lock.status}): nothing tells a connector it is locked`
          : `a lock was answered HTTP ${lock.status} ${lock.failure}, not ${expected}: a connector cannot tell it from a hard failure`,
        evidence,
        lockExchanges,
      );
    const confused = hard.filter(
      (h) => h.failure === "LOCKED" || h.failure === null || h.status === lock.status,
    );
    if (confused.length > 0)
      return result(
        "4",
        started,
        "fail",
        `${confused.map((h) => h.what).join(" and ")} answered like a lock (or not refused)`,
        evidence,
        decisive,
      );
    return result(
      "4",
      started,
      "pass",
      `a lock is ${show(lock).split(": ")[1]}; ${hard.map((h) => `${h.what}: HTTP ${h.status} ${h.failure}`).join("; ")}`,
      evidence,
      decisive,
    );
  } finally {
    await teardown();
  }
}

/** Opens an order at the testing location, closes it, and writes to it: the answer to that write. */
async function closeAnOrder(p: ProbeContext, l: Line, product: string): Promise<Outcome<Answer>> {
  const created = await attempt(() =>
    l.adapter.createOrder(
      l.ctx,
      draft(p, "p4-closed", product, p.dialect === "sinqro" ? "pay_first" : "pay_later"),
      `${p.runId}-p4-create`,
    ),
  );
  if (!created.ok) return created;
  const order = created.value;
  if (p.dialect === "sinqro") {
    const path = `/sinqro/v1/orders/${encodeURIComponent(order.id)}/status`;
    const cancel = await raw(l, {
      method: "POST",
      path,
      body: { status: "CANCELED" },
      operation: "order.status.set",
    });
    if (cancel.status >= 300)
      return {
        ok: false,
        failure: new PosFailure("SERVER_ERROR", `cancelling ${order.id} answered ${cancel.status}`, {
          status: cancel.status,
        }),
      };
    return {
      ok: true,
      value: answerOf(
        p,
        "write to a cancelled order",
        await raw(l, { method: "POST", path, body: { status: "ACCEPTED" }, operation: "order.status.set" }),
      ),
    };
  }
  const pay = l.adapter.pay?.bind(l.adapter);
  const append = l.adapter.appendRound?.bind(l.adapter);
  if (!pay || !append)
    return {
      ok: false,
      failure: new PosFailure("NOT_FOUND", "the dialect has no pay or append", { status: 0 }),
    };
  const paid = await attempt(() =>
    pay(l.ctx, order.id, { amount: order.due, tip: 0, method: "card", reference: null }, `${p.runId}-p4-pay`),
  );
  if (!paid.ok) return paid;
  return {
    ok: true,
    value: answerOf(
      p,
      "round on a paid order",
      await attempt(() =>
        append(l.ctx, order.id, [{ productId: product, quantity: 1 }], `${p.runId}-p4-closed`),
      ),
    ),
  };
}

// ---- 8: a retried create after a lost answer ----------------------------------------------------

export async function retriedCreateSafe(p: ProbeContext): Promise<PointResult> {
  const started = performance.now();
  const stage = "point 8";
  const mark = p.wire.exchanges.length;
  const at = testing(p);
  if (!at)
    return result(
      "8",
      started,
      "not_verified",
      "no location in the credentials file is set aside for testing: nothing may be created",
      [],
      [],
    );
  const l = line(p, at, stage);
  const product = await orderable(l);
  if (!product.ok)
    return result(
      "8",
      started,
      "not_verified",
      `no product to order: ${said(product)}`,
      [],
      sent(p, stage, mark),
    );
  const d = draft(p, "p8", product.value, p.dialect === "sinqro" ? "pay_first" : "pay_later");
  const key = `${p.runId}-p8-create`;
  const evidence: string[] = [`at ${at.locationId}, external id ${d.externalId}, Idempotency-Key ${key}`];
  const first = await attempt(() => l.adapter.createOrder(l.ctx, d, key));
  if (!first.ok)
    return result(
      "8",
      started,
      "fail",
      `the first create failed, so there was nothing to retry: ${said(first)}`,
      evidence,
      sent(p, stage, mark),
    );
  evidence.push(`create: order ${first.value.id}; its answer treated as lost`);
  const retryMark = p.wire.exchanges.length;
  const retry = await attempt(() => l.adapter.createOrder(l.ctx, d, key));
  const retryExchanges = sent(p, stage, retryMark);
  const ids = new Set([first.value.id]);
  let verdict: { v: PointResult["verdict"]; summary: string } | undefined;
  if (retry.ok && retry.value.id !== first.value.id) {
    ids.add(retry.value.id);
    evidence.push(`retry with the same key: a second order, ${retry.value.id}`);
    verdict = {
      v: "fail",
      summary: `the retried create made a second order (${first.value.id} and ${retry.value.id})`,
    };
  } else if (retry.ok) {
    evidence.push(`retry with the same key: the same order ${retry.value.id} (replayed)`);
    verdict = {
      v: "pass",
      summary: `the retry with the same Idempotency-Key replayed order ${first.value.id}`,
    };
  } else {
    evidence.push(`retry with the same key: ${said(retry)}`);
    if (retry.failure.code === "IDEMPOTENCY_CONFLICT" && retry.failure.details.orderId === first.value.id)
      verdict = {
        v: "pass",
        summary: `the retry was refused naming the order it already made (${first.value.id})`,
      };
  }
  const lookupMark = p.wire.exchanges.length;
  if (l.adapter.findByExternalId && l.adapter.capabilities.has("order.lookup")) {
    const find = l.adapter.findByExternalId.bind(l.adapter);
    const found = await attempt(() => find(l.ctx, d.externalId));
    evidence.push(
      `lookup by external id ${d.externalId}: ${found.ok ? (found.value ? `order ${found.value.id}` : "nothing") : said(found)}`,
    );
    if (!verdict && found.ok && found.value?.id === first.value.id)
      verdict = {
        v: "pass",
        summary: `a lookup by external id finds the order the first create made (${first.value.id})`,
      };
  } else evidence.push(`the ${p.dialect} contract has no lookup by external id`);
  // Tidy: the orders verify opened are paid where the dialect can (a person may look for them).
  const pay = l.adapter.pay?.bind(l.adapter);
  if (pay)
    for (const id of ids)
      await attempt(() =>
        pay(
          l.ctx,
          id,
          { amount: first.value.due, tip: 0, method: "card", reference: null },
          `${p.runId}-p8-pay-${id}`,
        ),
      );
  const decisive = [
    ...retryExchanges,
    ...sent(p, stage, lookupMark).filter((x) => x.operation === "orders.list"),
  ];
  return result(
    "8",
    started,
    verdict?.v ?? "fail",
    verdict?.summary ??
      "the retry was neither replayed nor refused naming the first order, and no lookup found it: a connector cannot tell whether its create landed",
    evidence,
    decisive,
  );
}
