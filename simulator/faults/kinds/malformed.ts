import { z } from "zod";
import { choices, defineFaultKind, ruleSchema } from "../kind.ts";

/** The answer is truncated, mislabelled, or its schema drifts. */
export const malformed = defineFaultKind({
  kind: "malformed",
  schema: ruleSchema("malformed", {
    mode: z.enum(["truncate", "content_type", "drop_field", "extra_field"]),
    /** drop_field: which top-level field (default the first); extra_field: its name. */
    field: z.string().min(1).max(100).optional(),
  }),
  summary: "the answer is truncated, mislabelled, or its schema drifts",
  form: [
    {
      name: "mode",
      label: "mode",
      type: "select",
      options: choices("truncate", "content_type", "drop_field", "extra_field"),
    },
    { name: "field", label: "field (drop / extra)", type: "text" },
  ],
  describe: (rule) => `${rule.mode}${rule.field ? ` ${rule.field}` : ""}`,
  async after(response, active) {
    response.fire(active);
    response.response = await malform(response.response, active.rule.mode, active.rule.field);
  },
});

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
