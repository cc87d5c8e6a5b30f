import { lock as lockRoute } from "../../contracts/admin/routes.ts";
import { VirtualClock } from "../clock/index.ts";
import { type AdminResult, adminCall, enc } from "./admin-call.ts";
import { RUN_SPEEDS } from "./clock-runner.ts";
import type { ConsoleContext } from "./context.ts";
import { clockLine } from "./context.ts";
import { type FormValues, fieldOf, library, num, ruleFromForm } from "./fault-form.ts";
import { nextShiftBoundary } from "./model.ts";

/**
 * What a console button does: one or two admin operations, called in process through the admin
 * API's own routes (admin-call.ts), so a refusal is the admin API's — same status, same words.
 */
export interface Outcome {
  ok: boolean;
  message: string;
  /** Form fields the refusal names, with the reason (from `invalidParams`). */
  fields?: Record<string, string>;
  /** The clock line after the action, when it moved the clock. */
  clock?: string;
}

type Action = (ctx: ConsoleContext, f: FormValues) => Promise<Outcome>;

const one = (v: string | string[] | undefined): string =>
  (Array.isArray(v) ? (v[v.length - 1] ?? "") : (v ?? "")).trim();

function ok(message: string): Outcome {
  return { ok: true, message };
}

/**
 * A refusal as the form shows it: `CODE: detail`, and each invalid parameter on the field it
 * names. `map` turns a parameter (`body.items[0].quantity`, with `body.` and indices dropped:
 * `items.quantity`) into the form's field name.
 */
function refused(result: AdminResult, map: Record<string, string> = {}, prefix = ""): Outcome {
  if (result.ok) throw new Error("not a refusal");
  const { problem } = result;
  const fields: Record<string, string> = {};
  for (const p of problem.invalidParams) {
    const key = p.name
      .replace(/^(body|path|query)\./, "")
      .replace(/\[\d+\]/g, "")
      .replace(/^\./, "");
    const field = map[key] ?? (key in map ? undefined : key);
    if (field) fields[field] = p.reason;
  }
  return { ok: false, message: `${prefix}${problem.code}: ${problem.detail}`, fields };
}

/** Minutes as the admin API's seconds; anything not a number goes on as it is, for the schema to refuse. */
function seconds(minutes: string): number | string | undefined {
  if (minutes === "") return undefined;
  const n = num(minutes);
  return typeof n === "number" ? Math.round(n * 60) : n;
}

const order = (f: FormValues) => `/__admin/locations/${enc(one(f.locationId))}/orders/${enc(one(f.orderId))}`;
const STAFF = { terminalId: "terminalId", "items.productId": "productId", "items.quantity": "quantity" };

export const ACTIONS: Record<string, Action> = {
  /** POST /__admin/locations/{id}/orders, then (held) PUT …/orders/{orderId}/lock. */
  async "open-order"(ctx, f) {
    const terminalId = one(f.terminalId);
    const minutes = one(f.minutes);
    const held = seconds(minutes);
    // The hold is checked first, by the lock route's own schema, so a bad one opens nothing.
    if (held !== undefined) {
      const check = lockRoute.request.body.content["application/json"].schema.safeParse({
        terminalId,
        durationSeconds: held,
      });
      if (!check.success) {
        const issue = check.error.issues[0];
        const field = issue?.path[0] === "durationSeconds" ? "minutes" : String(issue?.path[0] ?? "");
        const reason = issue?.message ?? "invalid";
        return {
          ok: false,
          message: `VALIDATION: body.${String(issue?.path.join(".") ?? "")}: ${reason}`,
          fields: { [field]: reason },
        };
      }
    }
    const tableId = one(f.tableId);
    const opened = await adminCall<{ id: string; number: number }>(
      ctx,
      "POST",
      `/__admin/locations/${enc(one(f.locationId))}/orders`,
      {
        terminalId,
        type: tableId ? "dine_in" : "take_away",
        ...(tableId ? { tableId } : {}),
        items: [{ productId: one(f.productId), quantity: num(one(f.quantity) || "1") }],
      },
    );
    if (!opened.ok) return refused(opened, STAFF);
    const { id, number } = opened.body;
    if (held === undefined) return ok(`order #${number} (${id}) opened at ${terminalId}`);
    const locked = await adminCall(
      ctx,
      "PUT",
      `/__admin/locations/${enc(one(f.locationId))}/orders/${enc(id)}/lock`,
      { terminalId, durationSeconds: held },
    );
    if (!locked.ok)
      return refused(locked, { durationSeconds: "minutes" }, `order #${number} opened, not held: `);
    return ok(`order #${number} (${id}) opened at ${terminalId} and held there for ${minutes} min`);
  },

  /** PUT …/orders/{orderId}/lock: a waiter opens the order on a terminal. */
  async lock(ctx, f) {
    const minutes = one(f.minutes);
    const held = seconds(minutes);
    const result = await adminCall(ctx, "PUT", `${order(f)}/lock`, {
      terminalId: one(f.terminalId),
      ...(held === undefined ? {} : { durationSeconds: held }),
    });
    if (!result.ok) return refused(result, { durationSeconds: "minutes" });
    return ok(
      `${one(f.orderId)} held at ${one(f.terminalId)}${held === undefined ? " until let go" : ` for ${minutes} min`}`,
    );
  },

  /** DELETE …/orders/{orderId}/lock. */
  async unlock(ctx, f) {
    const result = await adminCall(ctx, "DELETE", `${order(f)}/lock`);
    return result.ok ? ok(`${one(f.orderId)} let go`) : refused(result);
  },

  /** POST …/orders/{orderId}/items: a round keyed at a terminal. */
  async round(ctx, f) {
    const result = await adminCall(ctx, "POST", `${order(f)}/items`, {
      terminalId: one(f.terminalId),
      items: [{ productId: one(f.productId), quantity: num(one(f.quantity) || "1") }],
    });
    return result.ok ? ok(`round added to ${one(f.orderId)}`) : refused(result, STAFF);
  },

  /** POST …/orders/{orderId}/lines/{lineId}/void. */
  async "void-line"(ctx, f) {
    const result = await adminCall(ctx, "POST", `${order(f)}/lines/${enc(one(f.lineId))}/void`, {
      terminalId: one(f.terminalId),
    });
    return result.ok ? ok(`line ${one(f.lineId)} of ${one(f.orderId)} voided`) : refused(result);
  },

  /** POST …/orders/{orderId}/void. */
  async "void-order"(ctx, f) {
    const result = await adminCall(ctx, "POST", `${order(f)}/void`, { terminalId: one(f.terminalId) });
    return result.ok ? ok(`${one(f.orderId)} voided`) : refused(result);
  },

  /** POST …/orders/{orderId}/pay: payment taken at a terminal. */
  async pay(ctx, f) {
    const tip = one(f.tip);
    const result = await adminCall(ctx, "POST", `${order(f)}/pay`, {
      terminalId: one(f.terminalId),
      method: one(f.method),
      ...(tip === "" ? {} : { tip: num(tip) }),
    });
    return result.ok ? ok(`${one(f.orderId)} paid (${one(f.method)})`) : refused(result);
  },

  /** PUT /__admin/locations/{id}/availability/{productId}. */
  async availability(ctx, f) {
    const soldOut = one(f.soldOut) === "true";
    const productId = one(f.productId);
    const result = await adminCall(
      ctx,
      "PUT",
      `/__admin/locations/${enc(one(f.locationId))}/availability/${enc(productId)}`,
      { soldOut },
    );
    if (!result.ok) return refused(result, { productId: "productId" });
    return ok(`${productId} ${soldOut ? "sold out" : "back in stock"} at ${one(f.locationId)}`);
  },

  /** POST /__admin/locations/{id}/shifts/close. */
  async "close-shift"(ctx, f) {
    const result = await adminCall<{ closed: { id: string }; opened: { id: string } }>(
      ctx,
      "POST",
      `/__admin/locations/${enc(one(f.locationId))}/shifts/close`,
    );
    if (!result.ok) return refused(result);
    return ok(`${result.body.closed.id} closed, ${result.body.opened.id} open at ${one(f.locationId)}`);
  },

  /** PUT /__admin/locations/{id}/closure: closed for online orders, for N minutes or until reopened. */
  async closure(ctx, f) {
    const minutes = one(f.minutes);
    const n = num(minutes);
    const until =
      minutes === ""
        ? undefined
        : typeof n === "number"
          ? new Date(ctx.sim.clock.now() + n * 60_000).toISOString()
          : minutes;
    const result = await adminCall(ctx, "PUT", `/__admin/locations/${enc(one(f.locationId))}/closure`, {
      reason: one(f.reason),
      ...(until === undefined ? {} : { until }),
    });
    if (!result.ok) return refused(result, { until: "minutes" });
    return ok(`${one(f.locationId)} closed for online orders${minutes ? ` for ${minutes} min` : ""}`);
  },

  /** DELETE /__admin/locations/{id}/closure. */
  async reopen(ctx, f) {
    const result = await adminCall(ctx, "DELETE", `/__admin/locations/${enc(one(f.locationId))}/closure`);
    return result.ok ? ok(`${one(f.locationId)} open for online orders again`) : refused(result);
  },

  /** POST /__admin/faults with the rule the form describes. */
  async "fault-add"(ctx, f) {
    const rule = ruleFromForm(f, ctx.sim.faults.kinds);
    const result = await adminCall(ctx, "POST", "/__admin/faults", rule);
    if (result.ok) return ok(`rule ${String(rule.id)} in force`);
    const kind = one(f.kind);
    const out = refused(result, {});
    const fields: Record<string, string> = {};
    for (const p of result.problem.invalidParams) {
      const field = fieldOf(p.name, kind, ctx.sim.faults.kinds);
      if (field) fields[field] = p.reason;
    }
    return { ...out, fields };
  },

  /** POST /__admin/faults with a rule of a library scenario, as the file declares it. */
  async "fault-library"(ctx, f) {
    const file = one(f.file);
    const id = one(f.ruleId);
    const rule = library(ctx.scenarios)
      .find((s) => s.file === file)
      ?.rules.find((r) => r.id === id);
    if (!rule) return { ok: false, message: `NOT_FOUND: no rule '${id}' in ${file}` };
    const result = await adminCall(ctx, "POST", "/__admin/faults", rule);
    return result.ok ? ok(`rule ${id} (from ${file}) in force`) : refused(result);
  },

  /** DELETE /__admin/faults/{id}. */
  async "fault-remove"(ctx, f) {
    const result = await adminCall(ctx, "DELETE", `/__admin/faults/${enc(one(f.faultId))}`);
    return result.ok ? ok(`rule ${one(f.faultId)} removed`) : refused(result);
  },

  /** POST /__admin/faults/reset. */
  async "fault-reset"(ctx) {
    const result = await adminCall<{ faults: unknown[] }>(ctx, "POST", "/__admin/faults/reset");
    return result.ok
      ? ok(`back to the scenario's rules (${result.body.faults.length}), hit counts at zero`)
      : refused(result);
  },

  /** POST /__admin/clock/advance `{by}`. */
  async "clock-step"(ctx, f) {
    const by = one(f.by);
    const result = await adminCall(ctx, "POST", "/__admin/clock/advance", { by: num(by) });
    if (!result.ok) return refused(result, { by: "by" });
    return { ...ok(`clock stepped ${by}`), clock: clockLine(ctx) };
  },

  /** POST /__admin/clock/advance `{to}`. */
  async "clock-to"(ctx, f) {
    const result = await adminCall(ctx, "POST", "/__admin/clock/advance", { to: one(f.to) });
    if (!result.ok) return refused(result, { to: "to" });
    return { ...ok(`clock moved to ${one(f.to)}`), clock: clockLine(ctx) };
  },

  /** POST /__admin/clock/advance `{to}` the next shift boundary (model.ts). */
  async "clock-boundary"(ctx) {
    const next = nextShiftBoundary(ctx.sim, ctx.sim.clock.now());
    if (!next) return { ok: false, message: "no shift boundary ahead" };
    const to = new Date(next.at).toISOString();
    const result = await adminCall(ctx, "POST", "/__admin/clock/advance", { to });
    if (!result.ok) return refused(result);
    return { ...ok(`clock moved to ${to}: ${next.what}`), clock: clockLine(ctx) };
  },

  /** Runs a virtual clock at a speed (the console's own runner, stepping with the same advance). */
  async "clock-run"(ctx, f) {
    const speed = Number(one(f.speed));
    if (!(RUN_SPEEDS as readonly number[]).includes(speed))
      return {
        ok: false,
        message: `VALIDATION: speed: one of ${RUN_SPEEDS.join(", ")}`,
        fields: { speed: "not offered" },
      };
    if (!(ctx.sim.clock instanceof VirtualClock))
      return {
        ok: false,
        message: `VALIDATION: clock: only a virtual clock can be run; this one is ${ctx.sim.clock.kind}`,
      };
    ctx.runner.run(speed);
    return { ...ok(`clock running at ${speed}×`), clock: clockLine(ctx) };
  },

  async "clock-pause"(ctx) {
    ctx.runner.pause();
    return { ...ok("clock paused"), clock: clockLine(ctx) };
  },
};
