import type { Socket } from "node:net";
import type { Context, MiddlewareHandler } from "hono";
import { findLocation } from "../domain/chain.ts";
import { PosError, retryAfterSeconds } from "../domain/errors.ts";
import { activeLock } from "../domain/orders.ts";
import { lockOrder } from "../domain/staff.ts";
import type { AppEnv } from "../http/env.ts";
import { isWriteMethod } from "../operations.ts";
import { enforceScope } from "../topology/scope.ts";
import { ConnectionDropped } from "./connection.ts";
import type { ActiveRule, FaultEngine } from "./engine.ts";
import { sampleLatency } from "./timeline.ts";

type Ctx = Context<AppEnv>;

const SERVER_LINK = "(server)";
const MAX_BUCKETS = 100_000;

/** The secret a request identifies itself with, in its dialect's own headers (the shell reads them). */
function credentialOf(c: Ctx): string {
  return c.get("secret") ?? "";
}

function socketOf(c: Ctx): Socket | undefined {
  return (c.env as { incoming?: { socket?: Socket } } | undefined)?.incoming?.socket;
}

function fired(c: Ctx, active: ActiveRule): void {
  active.hits++;
  blame(c, active.rule.id);
}

/** A write to an order a rule locked earlier: the refusal it is about to get is the rule's doing too. */
function blameStandingLock(
  c: Ctx,
  faults: FaultEngine,
  locationId: string | null,
  orderId: string,
  now: number,
) {
  const order =
    locationId === null ? undefined : findLocation(faults.chain(), locationId)?.orders.get(orderId);
  const placed = order && faults.locks.get(order);
  if (placed && placed.since === activeLock(order, now)?.since) blame(c, placed.rule);
}

/** Names a rule as having shaped this response (X-Mockpos-Fault, the journal). */
function blame(c: Ctx, ruleId: string): void {
  const before = c.get("fault");
  if (before?.split(",").includes(ruleId)) return;
  c.set("fault", before ? `${before},${ruleId}` : ruleId);
}

/**
 * Applies the fault rules to a request of any dialect. It runs after the operation is known
 * and before authentication: a dead link answers nobody, whatever their credentials.
 */
export function applyFaults(engine: () => FaultEngine): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const faults = engine();
    const operation = c.get("operation");
    // Every dialect's routes tag the request with the location (and order) it is about.
    const locationId = c.get("locationId") || null;
    const orderId = c.get("orderId") || null;
    // A request this listener does not serve (per-location, hybrid) never reaches this POS at all.
    enforceScope(c, operation, locationId);
    // Locks, shift closes and lost commits act on writes: what the route's method says, not its operation.
    const write = isWriteMethod(c.req.method);
    const now = faults.clock.now();
    const retiredBy = faults.retired.get(credentialOf(c));
    if (retiredBy) c.set("fault", retiredBy);

    if (write && locationId) {
      const closing = faults.closing.get(locationId);
      if (closing && closing.until > now) {
        c.set("fault", closing.rule);
        throw new PosError(
          "SHIFT_CLOSING",
          "the shift is closing at this location; writes resume when the next opens",
          {
            retryAfter: retryAfterSeconds(closing.until - now),
          },
        );
      }
    }

    if (write && orderId) blameStandingLock(c, faults, locationId, orderId, now);

    const after: ActiveRule[] = [];
    for (const active of faults.applicable({ operation, locationId, orderId, write })) {
      const rule = active.rule;
      switch (rule.kind) {
        case "unreachable": {
          // A request about no single location (an Elyx server asked for several) rides the server's own link.
          // An id that names no location gets no link (nor any state): the request will be refused anyway.
          if (locationId !== null && !findLocation(faults.chain(), locationId)) break;
          const link = locationId ?? SERVER_LINK;
          if (!active.link(link, Math.max(active.from, faults.origin)).downAt(now)) break;
          if (locationId === null && rule.scope.locations) break;
          fired(c, active);
          if (rule.mode === "502")
            throw new PosError("UNREACHABLE", "bad gateway: the location's POS is unreachable");
          if (rule.mode === "503") {
            throw new PosError("UNREACHABLE", "the location's POS is unavailable", { status: 503 });
          }
          if (rule.mode === "504")
            throw new PosError("TIMEOUT", "gateway timeout: the location's POS did not answer");
          if (rule.mode === "blackhole") await holdUntilGivenUp(c, faults, rule.hold);
          c.set("outcome", rule.mode === "blackhole" ? "TIMEOUT" : "UNREACHABLE");
          throw new ConnectionDropped(rule.mode, socketOf(c));
        }
        case "rate_limit": {
          const credential = credentialOf(c) || "anonymous";
          const bucket = active.buckets.get(credential) ?? { tokens: rule.burst, at: now };
          bucket.tokens = Math.min(rule.burst, bucket.tokens + ((now - bucket.at) / 1000) * rule.rate);
          bucket.at = now;
          // Bounded: junk credentials must not grow the table without end (the oldest go first).
          if (!active.buckets.has(credential) && active.buckets.size >= MAX_BUCKETS)
            active.buckets.delete(active.buckets.keys().next().value as string);
          active.buckets.set(credential, bucket);
          if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            break;
          }
          fired(c, active);
          throw new PosError(
            "RATE_LIMITED",
            `more than ${rule.rate} requests per second (burst ${rule.burst})`,
            {
              retryAfter: retryAfterSeconds(((1 - bucket.tokens) / rule.rate) * 1000),
            },
          );
        }
        case "error":
          fired(c, active);
          throw new PosError(
            rule.code,
            rule.code === "TIMEOUT" ? "the POS timed out" : "the POS failed to process the request",
          );
        case "latency":
          fired(c, active);
          await faults.clock.sleep(sampleLatency(rule.distribution, active.rng));
          break;
        case "lock": {
          if (!write || !locationId || !orderId) break;
          const location = findLocation(faults.chain(), locationId);
          const order = location?.orders.get(orderId);
          if (!location || !order || order.status !== "open" || activeLock(order, now)) break;
          const staff = location.terminals.filter((t) => t.kind !== "integration").map((t) => t.id);
          const pool = rule.scope.terminals?.filter((id) => staff.includes(id)) ?? staff;
          if (pool.length === 0) break;
          fired(c, active);
          lockOrder(location, order, active.rng.pick(pool), now, rule.duration);
          faults.locks.set(order, { rule: rule.id, since: now });
          break;
        }
        case "commit_then_timeout":
          if (write) after.push(active);
          break;
        case "malformed":
          after.push(active);
          break;
        case "shift_close":
        case "rotate_credentials":
        case "webhook":
          break;
      }
    }

    await next();

    for (const active of after) {
      const rule = active.rule;
      if (rule.kind === "commit_then_timeout" && c.res.status < 400) {
        fired(c, active);
        if (rule.mode === "hold") await faults.clock.sleep(rule.hold);
        else {
          c.set("outcome", "TIMEOUT");
          throw new ConnectionDropped("drop", socketOf(c));
        }
      }
      if (rule.kind === "malformed") {
        fired(c, active);
        c.res = await malform(c.res, rule.mode, rule.field);
      }
    }
  };
}

/** A black hole answers nothing: wait until the client hangs up or `hold` passes. */
function holdUntilGivenUp(c: Ctx, faults: FaultEngine, hold: number): Promise<void> {
  return new Promise((resolve) => {
    const signal = c.req.raw.signal;
    const timer = faults.clock.setTimeout(resolve, hold);
    signal.addEventListener(
      "abort",
      () => {
        faults.clock.clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

async function malform(res: Response, mode: string, field: string | undefined): Promise<Response> {
  const text = await res.text();
  const headers = new Headers(res.headers);
  headers.delete("content-length");
  let body = text;
  if (mode === "truncate") body = text.slice(0, Math.floor(text.length / 2));
  if (mode === "content_type") headers.set("content-type", "text/html; charset=utf-8");
  if (mode === "drop_field" || mode === "extra_field") {
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      if (mode === "drop_field") delete json[field ?? Object.keys(json)[0] ?? ""];
      else json[field ?? "unexpected"] = "schema drift";
      body = JSON.stringify(json);
    } catch {
      // Not JSON: nothing to drift.
    }
  }
  return new Response(body, { status: res.status, headers });
}
