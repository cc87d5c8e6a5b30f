/**
 * A small JSON Schema 2020-12 validator for what the published contracts use, so a test can
 * hold an example or a request body against the published document itself (not the zod source
 * it was generated from). An assertion keyword it does not know is an error, never a pass.
 */

type Schema = Record<string, unknown> | boolean;

const ANNOTATIONS = new Set([
  "description",
  "title",
  "example",
  "examples",
  "default",
  "deprecated",
  "readOnly",
  "writeOnly",
  "externalDocs",
  "discriminator",
  "xml",
  "$schema",
  "$id",
  "contentMediaType",
]);

const FORMATS: Record<string, (v: string) => boolean> = {
  "date-time": (v) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) &&
    !Number.isNaN(Date.parse(v)),
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)),
  email: (v) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v),
  uri: (v) => URL.canParse(v),
};

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** The problems of `value` against `schema` (empty when it is valid); `$ref`s resolve in `root`. */
export function validate(schema: Schema, value: unknown, root: unknown, at = "$"): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${at}: nothing is allowed here`];
  const problems: string[] = [];
  const fail = (why: string) => problems.push(`${at}: ${why}`);
  for (const [key, rule] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key) || key.startsWith("x-")) continue;
    switch (key) {
      case "$ref": {
        const path = String(rule).replace(/^#\//, "").split("/");
        let target: unknown = root;
        for (const part of path) target = (target as Record<string, unknown>)?.[part];
        if (target === undefined) fail(`unresolved ${rule}`);
        else problems.push(...validate(target as Schema, value, root, at));
        break;
      }
      case "type": {
        const types = Array.isArray(rule) ? rule : [rule];
        const actual = typeOf(value);
        if (!types.includes(actual) && !(actual === "integer" && types.includes("number")))
          fail(`is ${actual}, not ${types.join(" | ")}`);
        break;
      }
      case "enum":
        if (!(rule as unknown[]).some((v) => JSON.stringify(v) === JSON.stringify(value)))
          fail(`is not one of ${JSON.stringify(rule)}`);
        break;
      case "const":
        if (JSON.stringify(rule) !== JSON.stringify(value)) fail(`is not ${JSON.stringify(rule)}`);
        break;
      case "pattern":
        if (typeof value === "string" && !new RegExp(String(rule), "u").test(value))
          fail(`does not match ${rule}`);
        break;
      case "format":
        if (typeof value === "string") {
          const check = FORMATS[String(rule)];
          if (!check) fail(`unknown format ${rule}`);
          else if (!check(value)) fail(`is not a ${rule}`);
        }
        break;
      case "minLength":
        if (typeof value === "string" && [...value].length < Number(rule)) fail(`shorter than ${rule}`);
        break;
      case "maxLength":
        if (typeof value === "string" && [...value].length > Number(rule)) fail(`longer than ${rule}`);
        break;
      case "minimum":
        if (typeof value === "number" && value < Number(rule)) fail(`below ${rule}`);
        break;
      case "maximum":
        if (typeof value === "number" && value > Number(rule)) fail(`above ${rule}`);
        break;
      case "exclusiveMinimum":
        if (typeof value === "number" && value <= Number(rule)) fail(`not above ${rule}`);
        break;
      case "minItems":
        if (Array.isArray(value) && value.length < Number(rule)) fail(`fewer than ${rule} items`);
        break;
      case "maxItems":
        if (Array.isArray(value) && value.length > Number(rule)) fail(`more than ${rule} items`);
        break;
      case "items":
        if (Array.isArray(value))
          for (const [i, v] of value.entries())
            problems.push(...validate(rule as Schema, v, root, `${at}[${i}]`));
        break;
      case "required":
        if (typeOf(value) === "object")
          for (const name of rule as string[]) if (!(name in (value as object))) fail(`lacks ${name}`);
        break;
      case "properties":
        if (typeOf(value) === "object") {
          for (const [name, sub] of Object.entries(rule as Record<string, Schema>)) {
            const v = (value as Record<string, unknown>)[name];
            if (v !== undefined) problems.push(...validate(sub, v, root, `${at}.${name}`));
          }
        }
        break;
      case "additionalProperties":
        if (typeOf(value) === "object") {
          const known = Object.keys((schema as Record<string, unknown>).properties ?? {});
          for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
            if (!known.includes(name)) problems.push(...validate(rule as Schema, v, root, `${at}.${name}`));
          }
        }
        break;
      case "propertyNames":
        if (typeOf(value) === "object")
          for (const name of Object.keys(value as object))
            problems.push(...validate(rule as Schema, name, root, `${at}{${name}}`));
        break;
      case "allOf":
        for (const sub of rule as Schema[]) problems.push(...validate(sub, value, root, at));
        break;
      case "anyOf":
        if (!(rule as Schema[]).some((sub) => validate(sub, value, root, at).length === 0))
          fail("matches none of anyOf");
        break;
      case "oneOf":
        if ((rule as Schema[]).filter((sub) => validate(sub, value, root, at).length === 0).length !== 1)
          fail("does not match exactly one of oneOf");
        break;
      case "not":
        if (validate(rule as Schema, value, root, at).length === 0) fail("matches `not`");
        break;
      case "if": {
        const holds = validate(rule as Schema, value, root, at).length === 0;
        const branch = (schema as Record<string, unknown>)[holds ? "then" : "else"];
        if (branch !== undefined) problems.push(...validate(branch as Schema, value, root, at));
        break;
      }
      case "then":
      case "else":
        break;
      default:
        fail(`the test's validator does not know the keyword ${key}: teach it (test/support/json-schema.ts)`);
    }
  }
  return problems;
}
