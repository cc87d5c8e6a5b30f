// The dialect's published contract (contracts/openapi/<dialect>.openapi.json) as verify reads
// it: which route is which canonical operation, how each failure is worded, and whether an
// answer is one the document declares — status, content type and body schema.
//
// Bodies are checked with Ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1) and ajv-formats,
// in strict mode: a keyword the documents start using that Ajv does not know fails loudly rather
// than being skipped, which a hand-written subset validator would do silently. Only the
// annotations the documents carry (`example`, `discriminator`) are declared as such.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { FailureCode } from "../simulator/domain/errors.ts";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

export type Dialect = "generic" | "elyx" | "sinqro";

/** The published document of a dialect, as shipped with mockpos. */
export function contractPath(dialect: Dialect): string {
  return fileURLToPath(new URL(`../contracts/openapi/${dialect}.openapi.json`, import.meta.url));
}

interface OpenApiOperation {
  operationId?: string;
  "x-mockpos-operation"?: string;
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

export interface Route {
  method: string;
  /** The path template, as the document writes it. */
  template: string;
  operation: string;
  operationId: string;
  pattern: RegExp;
  responses: NonNullable<OpenApiOperation["responses"]>;
}

/** How a dialect words one failure of the vocabulary (`x-mockpos-failures`). */
export interface FailureWording {
  status: number;
  /** The dialect's own code: generic the canonical name, Elyx a number, Sinqro a name. */
  code: string | number;
  retryable: boolean;
}

const METHODS = ["get", "put", "post", "patch", "delete", "head", "options"];
// mockpos's own admin API is published beside the generic dialect; no vendor implements it.
const NOT_VENDOR = /^\/(__admin|openapi\.json|docs)(\/|$)/;

function mediaType(value: string | null): string {
  return (value ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

export class Contract {
  readonly dialect: Dialect;
  readonly routes: Route[];
  readonly failures: Partial<Record<FailureCode, FailureWording>>;
  /** Vendor codes that stand for a failure without being its main wording (Sinqro RESTAURANT_CLOSED). */
  readonly aliases: Map<string, FailureCode>;
  readonly #ajv: Ajv2020;
  readonly #compiled = new Map<unknown, ValidateFunction>();

  constructor(dialect: Dialect, document: Record<string, unknown>) {
    this.dialect = dialect;
    // Refs point into the components; they are registered once under `doc#/$defs/…`.
    const doc = JSON.parse(
      JSON.stringify(document).replaceAll('"#/components/schemas/', '"doc#/$defs/'),
    ) as Record<string, unknown>;
    this.#ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(this.#ajv);
    this.#ajv.addVocabulary(["example", "discriminator"]);
    const components = (doc.components ?? {}) as { schemas?: Record<string, unknown> };
    this.#ajv.addSchema({ $id: "doc", $defs: components.schemas ?? {} });
    this.routes = [];
    for (const [template, item] of Object.entries(
      (doc.paths ?? {}) as Record<string, Record<string, unknown>>,
    )) {
      if (NOT_VENDOR.test(template)) continue;
      for (const method of METHODS) {
        const op = item[method] as OpenApiOperation | undefined;
        if (!op) continue;
        const source = template
          .split("/")
          .map((part) => (/^\{.+\}$/.test(part) ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
          .join("/");
        this.routes.push({
          method: method.toUpperCase(),
          template,
          operation: op["x-mockpos-operation"] ?? "",
          operationId: op.operationId ?? `${method} ${template}`,
          pattern: new RegExp(`^${source}/?$`),
          responses: op.responses ?? {},
        });
      }
    }
    const failures = (doc["x-mockpos-failures"] ?? {}) as Record<string, Record<string, unknown>>;
    this.failures = {};
    for (const [failure, w] of Object.entries(failures)) {
      this.failures[failure as FailureCode] = {
        status: Number(w.status),
        code: (w.code as string | number | undefined) ?? failure,
        retryable: w.retryable === true,
      };
    }
    this.aliases = new Map();
    const refusals = (doc["x-sinqro-refusals"] ?? {}) as Record<string, { failure?: string; code?: string }>;
    for (const [code, r] of Object.entries(refusals))
      if (r.failure) this.aliases.set(String(r.code ?? code), r.failure as FailureCode);
  }

  static load(dialect: Dialect, path = contractPath(dialect)): Contract {
    return new Contract(dialect, JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>);
  }

  /** The route a request is, by method and path (query aside). */
  match(method: string, path: string): Route | undefined {
    const bare = path.split("?")[0] ?? path;
    return this.routes.find((r) => r.method === method && r.pattern.test(bare));
  }

  /** The routes the document maps to a canonical operation. */
  routesOf(operation: string): Route[] {
    return this.routes.filter((r) => r.operation === operation);
  }

  /**
   * What is wrong with an answer to `method path`, by the document: no such route, a status it
   * does not declare, a content type it does not declare, a body that is not JSON or does not
   * match the schema. Empty when the answer is one the document allows.
   */
  violations(
    method: string,
    path: string,
    status: number,
    contentType: string | null,
    body: string,
  ): string[] {
    const route = this.match(method, path);
    if (!route) return [`${method} ${path.split("?")[0]}: no such operation in the ${this.dialect} contract`];
    const where = `${route.operationId} (${method} ${route.template})`;
    const declared =
      route.responses[String(status)] ?? route.responses[`${String(status)[0]}XX`] ?? route.responses.default;
    if (!declared) {
      const known = Object.keys(route.responses).join(", ");
      return [`${where}: status ${status} is not declared (declared: ${known})`];
    }
    const content = declared.content ?? {};
    const types = Object.keys(content);
    if (types.length === 0) return [];
    const type = mediaType(contentType);
    const media = content[type];
    if (!media)
      return [`${where} ${status}: content type '${type || "(none)"}' is not declared (${types.join(", ")})`];
    if (media.schema === undefined) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return [`${where} ${status}: the body is not JSON`];
    }
    const validate = this.#validator(media.schema);
    if (validate(parsed)) return [];
    return (validate.errors ?? []).slice(0, 10).map((e) => {
      const at = e.instancePath === "" ? "the body" : `body${e.instancePath.replace(/\//g, ".")}`;
      const extra =
        e.keyword === "additionalProperties"
          ? ` '${(e.params as { additionalProperty?: string }).additionalProperty}'`
          : "";
      return `${where} ${status}: ${at} ${e.message}${extra}`;
    });
  }

  #validator(schema: unknown): ValidateFunction {
    let fn = this.#compiled.get(schema);
    if (!fn) {
      fn = this.#ajv.compile(schema as object);
      this.#compiled.set(schema, fn);
    }
    return fn;
  }

  /**
   * The canonical failure an error answer names in the dialect's own words (generic problem+json
   * `code`, Elyx `error.code`, Sinqro `error.code`), or null when it names none the contract knows.
   */
  failureOf(body: unknown): FailureCode | null {
    const b = (body ?? {}) as { code?: unknown; error?: { code?: unknown } };
    const named = this.dialect === "generic" ? b.code : b.error?.code;
    if (named === undefined || named === null) return null;
    for (const [failure, w] of Object.entries(this.failures))
      if (w?.code === named) return failure as FailureCode;
    return this.aliases.get(String(named)) ?? null;
  }
}
