// A states file: how a vendor reaches each provider state the pacts name, as HTTP calls against
// its own test system, and the values to hand the verifier. YAML or JSON:
//
//   base: "{{target}}"               where relative URLs go (default: --target)
//   headers: { x-admin-token: … }    sent with every call (optional)
//   location: loc-0001               the credentials entry states use (default: params.locationId,
//                                    else the first location set aside for testing)
//   states:
//     an order is open and locked at a terminal:
//       setup:
//         - POST /__admin/reset                          a call: "METHOD URL"
//         - request: POST /__admin/locations/{{location.locationId}}/orders
//           json: { terminalId: term-1, tableId: t-01, items: [{ productId: prod-012, quantity: 2 }] }
//           expect: 201                                  status(es) accepted (default any 2xx)
//           save: { orderId: id, due: totals.due }       names for values of the JSON answer
//         - request: PUT /__admin/locations/{{location.locationId}}/orders/{{orderId}}/lock
//           json: { terminalId: term-2, durationSeconds: "{{params.seconds ?? 90}}" }
//       teardown: [POST /__admin/reset]
//       values: { locationId: "{{location.locationId}}", apiKey: "{{location.apiKey}}", orderId: "{{orderId}}" }
//
// Templates see `params` (from the verifier), `location` (the credentials entry), `target`,
// `state` and every name saved so far.
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { Clock } from "../../simulator/clock/index.ts";
import type { Budget } from "../budget.ts";
import type { VerifyLocation } from "../credentials.ts";
import type { StateAnswer, StateChange, StateSource } from "./log.ts";
import { fill, pick, type Scope } from "./template.ts";

const MAX_CALLS = 50;

const Call = z.union([
  z.string().regex(/^[A-Z]+\s+\S+$/, 'a call is "METHOD URL"'),
  z
    .object({
      request: z.string().regex(/^[A-Z]+\s+\S+$/, 'request is "METHOD URL"'),
      headers: z.record(z.string(), z.string()).optional(),
      json: z.unknown().optional(),
      expect: z.union([z.number().int(), z.array(z.number().int())]).optional(),
      save: z.record(z.string(), z.string()).optional(),
    })
    .strict(),
]);
type Call = z.infer<typeof Call>;

const StateDefinition = z
  .object({
    location: z.string().optional(),
    setup: z.array(Call).max(MAX_CALLS).default([]),
    teardown: z.array(Call).max(MAX_CALLS).default([]),
    values: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export const StatesFile = z
  .object({
    base: z.string().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    location: z.string().optional(),
    states: z.record(z.string(), StateDefinition),
  })
  .strict();
export type StatesFile = z.infer<typeof StatesFile>;

/** Reads and checks a states file; throws naming the file, the field and what is wrong. */
export function loadStatesFile(path: string): StatesFile {
  let raw: unknown;
  try {
    const text = readFileSync(path, "utf8");
    raw = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text, { merge: true });
  } catch (err) {
    throw new Error(`--states ${path}: ${(err as Error).message}`);
  }
  const parsed = StatesFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`--states ${path}: ${issue?.path.join(".") || "(top)"}: ${issue?.message}`);
  }
  return parsed.data;
}

export interface FileStatesOptions {
  file: StatesFile;
  path: string;
  target: string;
  locations: readonly VerifyLocation[];
  budget: Budget;
  clock: Clock;
  timeoutMs?: number;
}

/** The states of a states file, each played against the target when the verifier asks for it. */
export function fileStates(o: FileStatesOptions): StateSource {
  const byId = (id: unknown) => o.locations.find((l) => l.locationId === id);
  const fallback = o.locations.find((l) => l.testing) ?? o.locations[0];

  async function call(step: Call, scope: Scope): Promise<void> {
    const c = typeof step === "string" ? { request: step } : step;
    const [method = "GET", target = ""] = (fill(c.request, scope) as string).split(/\s+/, 2);
    const base = String(fill(o.file.base ?? "{{target}}", scope)).replace(/\/+$/, "");
    const url = /^https?:\/\//.test(target) ? target : `${base}${target.startsWith("/") ? "" : "/"}${target}`;
    const headers: Record<string, string> = { accept: "application/json" };
    for (const [k, v] of Object.entries({ ...o.file.headers, ...c.headers }))
      headers[k] = String(fill(v, scope));
    let body: string | undefined;
    if (c.json !== undefined) {
      body = JSON.stringify(fill(c.json, scope));
      headers["content-type"] = "application/json";
    }
    if (!(await o.budget.take())) throw new Error(`the request budget is spent (${o.budget.max})`);
    const abort = new AbortController();
    const timer = o.clock.setTimeout(() => abort.abort(), o.timeoutMs ?? 30_000);
    let status: number;
    let text: string;
    try {
      const res = await fetch(url, { method, headers, body, signal: abort.signal });
      status = res.status;
      text = await res.text();
    } catch (err) {
      throw new Error(
        `${method} ${url}: ${abort.signal.aborted ? "no answer in time" : (err as Error).message}`,
      );
    } finally {
      o.clock.clearTimeout(timer);
    }
    const expected = c.expect === undefined ? null : Array.isArray(c.expect) ? c.expect : [c.expect];
    if (expected ? !expected.includes(status) : status < 200 || status >= 300)
      throw new Error(`${method} ${url} answered ${status}: ${text.slice(0, 200)}`);
    if (!c.save) return;
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      throw new Error(`${method} ${url}: the answer is not JSON, so nothing can be saved from it`);
    }
    for (const [name, path] of Object.entries(c.save)) {
      const value = pick(answer, path);
      if (value === undefined)
        throw new Error(`${method} ${url}: the answer has nothing at '${path}' to save as ${name}`);
      scope[name] = value;
    }
  }

  return {
    description: `states file ${o.path}`,
    async change(change: StateChange): Promise<StateAnswer> {
      const def = o.file.states[change.state];
      if (!def) {
        const known = Object.keys(o.file.states);
        return {
          ok: false,
          error: `the states file declares no state '${change.state}' (it declares: ${known.join(" | ") || "none"})`,
        };
      }
      const location =
        byId(def.location) ?? byId(change.params.locationId) ?? byId(o.file.location) ?? fallback;
      const scope: Scope = { params: change.params, location, target: o.target, state: change.state };
      try {
        for (const step of change.action === "setup" ? def.setup : def.teardown) await call(step, scope);
        if (change.action === "teardown") return { ok: true, values: {} };
        return { ok: true, values: fill(def.values, scope) as Record<string, unknown> };
      } catch (err) {
        return { ok: false, error: `'${change.state}' (${change.action}): ${(err as Error).message}` };
      }
    },
  };
}
