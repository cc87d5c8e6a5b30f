// `{{ name.path[0] ?? fallback }}` in a states file: a value from the scope (the verifier's
// params, the location's credentials, values saved from earlier answers). A string that is one
// template alone keeps the value's type (a number stays a number); inside text it is spelled out.

export type Scope = Record<string, unknown>;

const TEMPLATE = /\{\{\s*([^{}]+?)\s*\}\}/g;
const WHOLE = /^\{\{\s*([^{}]+?)\s*\}\}$/;

/** A path's steps: `a.b[0]`, `list[field=value].x` (the first element whose field is that value). */
export function steps(path: string): string[] {
  return (path.replace(/^\$\.?/, "").match(/[^.[\]]+|\[[^\]]*\]/g) ?? []).map((s) => s);
}

/** The value at `path` in `root`, or undefined. */
export function pick(root: unknown, path: string): unknown {
  let at: unknown = root;
  for (const step of steps(path)) {
    if (at === null || at === undefined) return undefined;
    if (step.startsWith("[")) {
      const inner = step.slice(1, -1);
      if (!Array.isArray(at)) return undefined;
      const eq = inner.indexOf("=");
      if (eq < 0) at = at[Number(inner)];
      else {
        const field = inner.slice(0, eq).trim();
        const value = inner.slice(eq + 1).trim();
        at = at.find((el) => String((el as Record<string, unknown> | null)?.[field]) === value);
      }
    } else at = (at as Record<string, unknown>)[step];
  }
  return at;
}

function literal(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text.replace(/^['"]|['"]$/g, "");
  }
}

function evaluate(expression: string, scope: Scope): unknown {
  const [path = "", fallback] = expression.split("??").map((s) => s.trim());
  const value = pick(scope, path);
  if (value !== undefined && value !== null) return value;
  if (fallback !== undefined) return literal(fallback);
  throw new Error(`{{${expression}}}: no value named '${path}' (known: ${Object.keys(scope).join(", ")})`);
}

/** `value` with every template filled from `scope`; throws naming a template with no value. */
export function fill(value: unknown, scope: Scope): unknown {
  if (typeof value === "string") {
    const whole = WHOLE.exec(value);
    if (whole?.[1] !== undefined) return evaluate(whole[1], scope);
    return value.replace(TEMPLATE, (_, expression: string) => {
      const v = evaluate(expression, scope);
      return typeof v === "object" ? JSON.stringify(v) : String(v);
    });
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, scope));
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, scope)]));
  return value;
}
