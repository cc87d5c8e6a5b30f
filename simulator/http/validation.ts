import type { Context } from "hono";
import type { z } from "zod";
import { PosError } from "../domain/errors.ts";

type HookResult = { success: true } | { success: false; error: z.ZodError; target: string };

const TARGET_NAMES: Record<string, string> = {
  json: "body",
  param: "path",
  header: "header",
  query: "query",
};

/** Turns a failed contract check into one VALIDATION error that names every bad field. */
export function validationHook(result: HookResult, _c: Context): void {
  if (result.success) return;
  const prefix = TARGET_NAMES[result.target] ?? result.target;
  const invalidParams = result.error.issues.map((issue) => ({
    name: prefix + issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join(""),
    reason: issue.message,
  }));
  const detail = invalidParams.map((p) => `${p.name}: ${p.reason}`).join("; ");
  throw new PosError("VALIDATION", detail, { invalidParams });
}
