import { randomUUID } from "node:crypto";
import { type ClockSetting, DRIVER_PROTOCOL_VERSION } from "../../contracts/driver/schemas.ts";
import type { Clock } from "../../simulator/clock/index.ts";
import { Random } from "../../simulator/random/index.ts";
import { ADAPTERS } from "../adapters/index.ts";
import { ConfigError, type EngineConfig, parseConfig } from "../config.ts";
import { oauthFetch, tlsFetch } from "../credentials.ts";
import {
  type AppendRoundInput,
  type ApplyLoyaltyInput,
  type ConfigureInput,
  type Driver,
  DriverRefusal,
  type Hello,
  type KitchenMessageInput,
  type LocationView,
  type MenuView,
  type OrderView,
  type PayInput,
  type PlaceOrderInput,
} from "../driver/protocol.ts";
import { type FetchLike, Http } from "../http.ts";
import type { LineInput, OrderDraft, PosEvent, PosOrder } from "../model.ts";
import { TrustError, trustingFetch } from "../trust.ts";
import { type Broken, NOT_BROKEN } from "./broken.ts";
import { Envelope } from "./envelope.ts";
import { LocationRuntime, type Mode, type PollKind } from "./location.ts";
import { OrderBook } from "./orders.ts";
import { Outbox, type StoredError, type StoredOrder, type WriteKind } from "./outbox.ts";
import { type PollHooks, runPoll } from "./polls.ts";
import { type PayPayload, Writes } from "./writes.ts";

export interface EngineOptions {
  /**
   * The engine's time: a clock shared with an in-process simulator, or a factory called at each
   * `configure` with the clock the driver asked for (a process at a scaled clock).
   */
  clock: Clock | ((setting: ClockSetting) => Clock);
  /**
   * How the engine reaches each POS: global fetch by default, or a fetch trusting the `caFile` a
   * location's configuration names. An injected fetch (in process, no sockets) is used as it is.
   */
  fetch?: FetchLike;
  /** Where mode changes and surfaced failures are told (a process logs them). */
  log?: (line: string) => void;
  /** Deliberate defects, for the conformance suite's proof that each check can fail. Never in production. */
  broken?: Broken;
}

interface Running {
  config: EngineConfig;
  outbox: Outbox;
  orders: OrderBook;
  writes: Writes;
  envelope: Envelope;
  locations: Map<string, LocationRuntime>;
  instance: string;
  /** What polls tell the engine, shared by the envelope and the polls a webhook asks for. */
  hooks: PollHooks;
  /** Webhook handlers by dialect, for the dialects that push. */
  intakes: Map<string, (request: Request) => Promise<Response>>;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * The reference connector engine (seed 003's connector contract): for every location of a
 * chain it holds the polling envelope, keeps the menu and order state, and writes guests'
 * orders, rounds and payments into the POS exactly once, through locks, outages, lost answers
 * and restarts. It implements the driver protocol in process; `driverApp` serves it over HTTP.
 */
export class Engine implements Driver {
  readonly #clockFor: (setting: ClockSetting) => Clock;
  #clock: Clock;
  readonly #fetch: FetchLike;
  readonly #injected: boolean;
  readonly #log: (line: string) => void;
  readonly #broken: Broken;
  #run: Running | null = null;

  constructor(options: EngineOptions) {
    const clock = options.clock;
    this.#clockFor = typeof clock === "function" ? clock : () => clock;
    this.#clock = this.#clockFor({ factor: 1 });
    this.#fetch = options.fetch ?? ((url, init) => fetch(url, init));
    this.#injected = options.fetch !== undefined;
    this.#log = options.log ?? (() => {});
    this.#broken = options.broken ?? NOT_BROKEN;
  }

  /** The engine's time: the clock it was configured with (ms since the epoch). */
  now(): number {
    return this.#clock.now();
  }

  async hello(): Promise<Hello> {
    return {
      protocol: "mockpos-driver",
      version: DRIVER_PROTOCOL_VERSION,
      engine: "mockpos reference engine",
      dialects: Object.keys(ADAPTERS),
      configured: this.#run !== null,
    };
  }

  /**
   * Starts (or restarts with a new configuration) the engine. What the outbox holds is picked up:
   * writes accepted before a crash are sent, those that may have reached the POS checked first.
   */
  async configure(input: ConfigureInput): Promise<void> {
    let config: EngineConfig;
    try {
      config = parseConfig(input.config);
    } catch (err) {
      if (err instanceof ConfigError)
        throw new DriverRefusal(
          400,
          err.message,
          err.problems.map((p) => ({ name: `config.${p.path}`, reason: p.reason })),
        );
      throw err;
    }
    const fetches = this.#fetches(config);
    const previous = this.#run;
    if (previous) await this.stop();
    this.#clock = this.#clockFor(input.clock ?? { factor: 1 });
    const outbox = new Outbox(config.outbox);
    const instance = outbox.meta("instance", () =>
      config.seed ? new Random(config.seed).hex(8) : randomUUID().slice(0, 8),
    );
    const random = new Random(`${config.seed ?? instance}:jitter`);
    const locations = new Map<string, LocationRuntime>();
    config.locations.forEach((loc, index) => {
      const runtime = new LocationRuntime(
        loc,
        ADAPTERS[loc.dialect],
        new Http({
          fetch: fetches.get(loc.id) ?? this.#fetch,
          clock: this.#clock,
          baseUrl: loc.baseUrl,
          timeoutMs: config.readTimeoutMs,
          writeTimeoutMs: config.writeTimeoutMs,
          onSent: (call, status) => runtime.countRequest(call.operation, status),
        }),
        index,
      );
      // A reconfigured location keeps what the engine learnt of it.
      const before = previous?.locations.get(loc.id);
      if (before) {
        runtime.cursors = before.cursors;
        runtime.menu = before.menu;
        runtime.mode = before.mode === "auth_failed" ? "starting" : before.mode;
        runtime.modeSince = before.modeSince;
        Object.assign(runtime.counters, before.counters);
      }
      locations.set(loc.id, runtime);
    });
    const orders = new OrderBook(outbox);
    const writes = new Writes({
      clock: this.#clock,
      outbox,
      orders,
      random,
      retries: config.retries,
      locations,
      setMode: (loc, mode) => this.#setMode(loc, mode),
      log: this.#log,
      broken: this.#broken,
    });
    const hooks = this.#hooks();
    let serial: Promise<void> = Promise.resolve();
    const envelope = new Envelope(
      this.#clock,
      [...locations.values()],
      config.envelope,
      (loc, kind: PollKind) => {
        // The broken "serial-locations" engine waits for each poll before the next: one slow
        // location then holds up every other.
        if (this.#broken("serial-locations")) serial = serial.then(() => runPoll(loc, kind, hooks));
        else void runPoll(loc, kind, hooks);
      },
      this.#broken,
    );
    const intakes = new Map<string, (request: Request) => Promise<Response>>();
    for (const loc of locations.values()) {
      const { adapter } = loc;
      if (!adapter.webhookIntake || intakes.has(adapter.dialect) || config.webhookSecret === undefined)
        continue;
      intakes.set(
        adapter.dialect,
        adapter.webhookIntake({
          secret: config.webhookSecret,
          clock: this.#clock,
          onEvent: (event) => this.#pushed(adapter.dialect, event),
          skip: {
            signature: this.#broken("accept-forged-webhooks"),
            duplicates: this.#broken("process-duplicate-webhooks"),
            order: this.#broken("apply-stale-webhooks"),
          },
        }),
      );
    }
    this.#run = { config, outbox, orders, writes, envelope, locations, instance, intakes, hooks };
  }

  /** Each location's fetch: one trusting its CA file, where one is named; refused naming the field. */
  #fetches(config: EngineConfig): Map<string, FetchLike> {
    const byFile = new Map<string, FetchLike>();
    const fetches = new Map<string, FetchLike>();
    const problems: { name: string; reason: string }[] = [];
    config.locations.forEach((loc, i) => {
      const file = loc.caFile ?? config.caFile;
      const mtls = loc.auth?.type === "mtls" && !this.#injected ? loc.auth : undefined;
      if (mtls) {
        try {
          fetches.set(loc.id, tlsFetch({ ...(file === undefined ? {} : { caFile: file }), client: mtls }));
        } catch (err) {
          if (!(err instanceof TrustError)) throw err;
          problems.push({ name: `config.locations[${i}].auth`, reason: err.message });
        }
      } else if (file !== undefined && !this.#injected) {
        try {
          const trusting = byFile.get(file) ?? trustingFetch(file);
          byFile.set(file, trusting);
          fetches.set(loc.id, trusting);
        } catch (err) {
          if (!(err instanceof TrustError)) throw err;
          const name = loc.caFile === undefined ? "config.caFile" : `config.locations[${i}].caFile`;
          if (!problems.some((p) => p.name === name)) problems.push({ name, reason: err.message });
        }
      }
      // OAuth wraps whatever line the location has (an injected in-process fetch too).
      if (loc.auth?.type === "oauth")
        fetches.set(
          loc.id,
          oauthFetch(fetches.get(loc.id) ?? this.#fetch, loc.auth, loc.baseUrl, () => this.#clock.now()),
        );
    });
    if (problems.length > 0)
      throw new DriverRefusal(400, problems.map((p) => `${p.name}: ${p.reason}`).join("; "), problems);
    return fetches;
  }

  /**
   * The HTTP handler for webhooks a POS of `dialect` pushes (Sinqro's order status, availability
   * and catalog events): mount it where the POS is told to deliver.
   */
  webhookHandler(dialect = "sinqro"): (request: Request) => Promise<Response> {
    return async (request) => {
      const intake = this.#run?.intakes.get(dialect);
      if (intake) return intake(request);
      const why = this.#run
        ? `no ${dialect} location, or no webhookSecret, in the configuration`
        : "not configured";
      return Response.json({ error: `webhooks for ${dialect}: ${why}` }, { status: 503 });
    };
  }

  async placeOrder(input: PlaceOrderInput): Promise<OrderView> {
    const run = this.#running();
    const location = this.#location(input.locationId);
    const ref = input.ref ?? this.#nextRef(run);
    if (run.orders.get(ref)) throw new DriverRefusal(409, `order reference '${ref}' is already used`);
    const payFirstWithPay = input.flow === "pay_first" && location.adapter.capabilities.has("order.pay");
    const draft: OrderDraft = {
      externalId: ref,
      flow: input.flow,
      tableId: input.tableId ?? null,
      guests: input.guests ?? null,
      items: input.items,
      note: input.note ?? null,
    };
    const now = this.#clock.now();
    const reason =
      this.#unavailable(location) ??
      (input.flow === "pay_later" && !location.adapter.capabilities.has("order.pay")
        ? `${location.config.id}'s POS (${location.adapter.dialect}) takes only orders paid online: choose pay-first`
        : null) ??
      this.#itemProblem(location, input.items);
    run.outbox.atomically(() => {
      run.orders.add({
        ref,
        locationId: location.config.id,
        flow: input.flow,
        state: reason === null ? "pending" : "refused",
        reason,
        draft,
        posOrderId: null,
        posStatus: null,
        total: null,
        due: null,
        lines: null,
        updatedAt: now,
      });
      if (reason !== null) return;
      run.writes.add(ref, location.config.id, "order.create", draft, `${ref}:create`);
      if (payFirstWithPay) {
        const pay: PayPayload = { tip: input.tip ?? 0, method: "epayment" };
        run.writes.add(ref, location.config.id, "order.pay", pay, `${ref}:pay`);
      }
    });
    if (reason !== null) this.#log(`${location.config.id}: order ${ref} refused: ${reason}`);
    run.writes.kick(location);
    return this.#view(ref);
  }

  async appendRound(ref: string, input: AppendRoundInput): Promise<OrderView> {
    const { order, location } = this.#open(ref, "order.append");
    if (order.flow !== "pay_later")
      throw new DriverRefusal(409, `order ${ref} is pay-first: it takes no further rounds`);
    const problem = this.#itemProblem(location, input.items);
    if (problem) throw new DriverRefusal(409, problem);
    return this.#enqueue(order, location, "order.append", input.items);
  }

  async pay(ref: string, input: PayInput): Promise<OrderView> {
    const { order, location } = this.#open(ref, "order.pay");
    if (order.flow !== "pay_later") throw new DriverRefusal(409, `order ${ref} was paid at checkout`);
    const run = this.#running();
    if (run.outbox.writesOf(ref).some((w) => w.kind === "order.pay" && w.state !== "failed"))
      throw new DriverRefusal(409, `order ${ref} is already being paid`);
    const payload: PayPayload = { tip: input.tip ?? 0, method: input.method ?? "card" };
    return this.#enqueue(order, location, "order.pay", payload);
  }

  async kitchenMessage(ref: string, input: KitchenMessageInput): Promise<OrderView> {
    const { order, location } = this.#open(ref, "kitchen.message");
    return this.#enqueue(order, location, "kitchen.message", input.text);
  }

  async applyLoyalty(ref: string, input: ApplyLoyaltyInput): Promise<OrderView> {
    const { order, location } = this.#open(ref, "loyalty.apply");
    return this.#enqueue(order, location, "loyalty.apply", input.card);
  }

  async order(ref: string): Promise<OrderView | null> {
    return this.#running().orders.get(ref) ? this.#view(ref) : null;
  }

  async locations(): Promise<LocationView[]> {
    const run = this.#running();
    return [...run.locations.values()].map((loc) => ({
      id: loc.config.id,
      dialect: loc.adapter.dialect,
      mode: loc.mode,
      modeSince: iso(loc.modeSince),
      lastError: errorView(loc.lastError),
      cursors: { ...loc.cursors },
      menuVersion: loc.menu?.version ?? null,
      menuFetchedAt: iso(loc.menu?.fetchedAt ?? null),
      queueDepth: run.writes.depth(loc.config.id),
      counters: {
        requests: { ...loc.counters.requests },
        failures: { ...loc.counters.failures },
        writesDone: loc.counters.writesDone,
        writesFailed: loc.counters.writesFailed,
        ordersSeen: loc.counters.ordersSeen,
      },
    }));
  }

  async menu(locationId: string): Promise<MenuView | null> {
    const menu = this.#location(locationId).menu;
    if (!menu) return null;
    return {
      locationId,
      currency: menu.currency,
      version: menu.version,
      fetchedAt: new Date(menu.fetchedAt).toISOString(),
      items: menu.items,
    };
  }

  async stop(): Promise<void> {
    const run = this.#run;
    if (!run) return;
    this.#run = null;
    run.envelope.stop();
    run.writes.stop();
    run.outbox.close();
  }

  #hooks(): PollHooks {
    return {
      clock: this.#clock,
      broken: this.#broken,
      onMode: (loc: LocationRuntime, mode: Mode) => this.#setMode(loc, mode),
      onOrder: (loc: LocationRuntime, order: PosOrder) => this.#learn(loc, order),
    };
  }

  #running(): Running {
    if (!this.#run) throw new DriverRefusal(409, "the engine is not configured yet (PUT /driver/v1/config)");
    return this.#run;
  }

  #location(id: string): LocationRuntime {
    const loc = this.#running().locations.get(id);
    if (!loc) throw new DriverRefusal(404, `no location '${id}' in the engine's configuration`);
    return loc;
  }

  #nextRef(run: Running): string {
    const n = Number(run.outbox.meta("refs", () => "0")) + 1;
    run.outbox.setMeta("refs", String(n));
    return `${run.instance}-${n}`;
  }

  /** Why guests cannot order at this location now, or null when they can. */
  #unavailable(location: LocationRuntime): string | null {
    switch (location.mode) {
      case "read_only":
        if (this.#broken("accept-offline-orders")) return null;
        return `${location.config.id} is offline (its POS is unreachable): ordering is paused, the menu still shows`;
      case "auth_failed":
        return `${location.config.id}'s POS refuses the connector's credentials: ordering is paused`;
      default:
        return location.menu === null ? `${location.config.id}'s menu is not loaded yet` : null;
    }
  }

  #itemProblem(location: LocationRuntime, items: LineInput[]): string | null {
    const menu = location.menu;
    if (!menu) return `${location.config.id}'s menu is not loaded yet`;
    for (const item of items) {
      const product = menu.items.find((p) => p.id === item.productId);
      if (!product) return `'${item.productId}' is not on ${location.config.id}'s menu`;
      if (product.soldOut) return `${product.name} is sold out`;
      if (item.variantId !== undefined && !product.variants.some((v) => v.id === item.variantId))
        return `${product.name} has no variant '${item.variantId}'`;
      // A set menu or a required option needs the guest's choice: refused here, where the guest
      // can choose again, rather than failing at the POS after the guest has left the checkout.
      if (product.needsChoice && (item.modifiers ?? []).length === 0)
        return `${product.name} needs a choice (a set menu's dishes or a required option): choose them, or another dish`;
    }
    return null;
  }

  /** An order a further write may be added to. */
  #open(ref: string, operation: string): { order: StoredOrder; location: LocationRuntime } {
    const run = this.#running();
    const order = run.orders.get(ref);
    if (!order) throw new DriverRefusal(404, `no order '${ref}'`);
    const location = this.#location(order.locationId);
    if (!location.adapter.capabilities.has(operation as never))
      throw new DriverRefusal(409, `${location.adapter.dialect} POS has no ${operation}`);
    if (order.state === "refused" || order.state === "failed")
      throw new DriverRefusal(409, `order ${ref} was never placed (${order.reason ?? order.state})`);
    if (order.posStatus === "paid" || order.posStatus === "voided")
      throw new DriverRefusal(409, `order ${ref} is ${order.posStatus} at the POS`);
    return { order, location };
  }

  #enqueue(order: StoredOrder, location: LocationRuntime, kind: WriteKind, payload: unknown): OrderView {
    const run = this.#running();
    const n = run.outbox.writesOf(order.ref).filter((w) => w.kind === kind).length + 1;
    const key = kind === "order.pay" ? `${order.ref}:pay` : `${order.ref}:${kind.split(".")[1]}-${n}`;
    run.outbox.atomically(() => run.writes.add(order.ref, location.config.id, kind, payload, key));
    run.writes.kick(location);
    return this.#view(order.ref);
  }

  #setMode(location: LocationRuntime, mode: Mode): void {
    const run = this.#run;
    if (mode === "online") location.linkSuspect = false;
    if (location.mode !== mode && run) {
      if (mode === "read_only" && this.#broken("forget-menu-offline")) location.menu = null;
      if (location.mode === "read_only" && mode === "online" && this.#broken("no-drain"))
        run.writes.discard(location);
    }
    if (location.mode !== mode) {
      this.#log(`${location.config.id}: ${location.mode} → ${mode}`);
      location.mode = mode;
      location.modeSince = this.#clock.now();
    }
    // Back (or still) up: whatever was held goes now, oldest first.
    if (mode === "online" && run) run.writes.kick(location);
  }

  /** A POS pushed a change: apply it as a poll's answer would be. */
  #pushed(dialect: string, event: PosEvent): void {
    const run = this.#run;
    if (!run) return;
    const location = [...run.locations.values()].find(
      (l) => l.adapter.dialect === dialect && l.ctx.location.posLocationId === event.posLocationId,
    );
    if (!location) {
      this.#log(`${dialect} webhook for unknown location '${event.posLocationId}' ignored`);
      return;
    }
    const poll = (kind: PollKind) => void runPoll(location, kind, run.hooks);
    switch (event.type) {
      case "order": {
        const mine = run.orders.find(location.config.id, {
          id: event.posOrderId,
          externalId: event.externalId,
        });
        location.counters.ordersSeen++;
        if (mine) run.orders.pushed(mine.ref, event.posOrderId, event.status, this.#clock.now());
        return;
      }
      case "availability":
        if (event.productId === null || !location.menu) {
          poll("availability");
          return;
        }
        location.menu = {
          ...location.menu,
          items: location.menu.items.map((i) =>
            i.id === event.productId ? { ...i, soldOut: event.soldOut } : i,
          ),
        };
        return;
      case "catalog":
        poll("menu");
        return;
    }
  }

  #learn(location: LocationRuntime, pos: PosOrder): void {
    const run = this.#run;
    if (!run) return;
    location.counters.ordersSeen++;
    if (pos.status !== "open" && this.#broken("ignore-voids")) return;
    const mine = run.orders.find(location.config.id, pos);
    if (mine) run.orders.learn(mine.ref, pos, this.#clock.now());
  }

  #view(ref: string): OrderView {
    const run = this.#running();
    const o = run.orders.get(ref) as StoredOrder;
    return {
      ref: o.ref,
      locationId: o.locationId,
      flow: o.flow,
      state: o.state,
      reason: o.reason,
      posOrderId: o.posOrderId,
      posStatus: o.posStatus,
      total: o.total,
      due: o.due,
      lines: o.lines,
      writes: run.outbox.writesOf(ref).map((w) => ({
        id: String(w.id),
        kind: w.kind,
        state: w.state,
        attempts: w.attempts,
        idempotencyKey: w.idempotencyKey,
        lastError: errorView(w.lastError),
      })),
      updatedAt: new Date(o.updatedAt).toISOString(),
    };
  }
}

function errorView(e: StoredError | null) {
  return e === null ? null : { code: e.code, message: e.message, at: new Date(e.at).toISOString() };
}
