import type { ConsoleContext } from "./context.ts";

export interface Problem {
  status: number;
  code: string;
  detail: string;
  invalidParams: { name: string; reason: string }[];
}

export type AdminResult<T = Record<string, unknown>> =
  | { ok: true; status: number; body: T }
  | { ok: false; status: number; problem: Problem };

/**
 * Calls an admin route in process (`app.request`), exactly as a client of `/__admin` would: the
 * console has no other way to act, so it meets the same validation, the same domain refusals and
 * the same words (the problem+json `detail` and `invalidParams`).
 */
export async function adminCall<T = Record<string, unknown>>(
  ctx: ConsoleContext,
  method: string,
  path: string,
  body?: unknown,
): Promise<AdminResult<T>> {
  const res = await ctx.mock.app.request(path, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  if (res.status < 400) return { ok: true, status: res.status, body: parsed as T };
  const p = (parsed ?? {}) as Partial<Problem> & { title?: string };
  return {
    ok: false,
    status: res.status,
    problem: {
      status: res.status,
      code: typeof p.code === "string" ? p.code : String(res.status),
      detail: typeof p.detail === "string" ? p.detail : (p.title ?? text),
      invalidParams: Array.isArray(p.invalidParams) ? p.invalidParams : [],
    },
  };
}

export const enc = encodeURIComponent;
