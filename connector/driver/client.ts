import { z } from "@hono/zod-openapi";
import { DRIVER_PREFIX } from "../../contracts/driver/routes.ts";
import {
  DRIVER_PROTOCOL_VERSION,
  Hello as HelloSchema,
  LocationView as LocationSchema,
  MenuView as MenuSchema,
  OrderView as OrderSchema,
} from "../../contracts/driver/schemas.ts";
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
  type RefusedField,
} from "./protocol.ts";

/** What `HttpDriver` sends requests with: the global fetch, or an app's `request` in tests. */
export type DriverFetch = (url: string, init: RequestInit) => Response | Promise<Response>;

export interface HttpDriverOptions {
  /** Where the engine serves the protocol, without `/driver/v1`: `http://127.0.0.1:9090`. */
  baseUrl: string;
  fetch?: DriverFetch;
  /** How long one request may take before it fails; 30 s by default. */
  timeoutMs?: number;
}

const LocationsSchema = z.array(LocationSchema);

/** The major of a `major.minor` version. */
function major(version: string): string {
  return version.split(".")[0] ?? version;
}

function isRefusal(status: number): status is 400 | 404 | 409 {
  return status === 400 || status === 404 || status === 409;
}

/**
 * The driver protocol over HTTP (contracts/driver): a suite drives an engine in another process,
 * or in another language, with the same code it drives the reference engine with in process.
 * A 400, 404 or 409 problem answer becomes a `DriverRefusal` with the engine's `detail`; any
 * other failure, or an answer that is not what the protocol says, is an Error saying which.
 */
export class HttpDriver implements Driver {
  readonly baseUrl: string;
  readonly #fetch: DriverFetch;
  readonly #timeoutMs: number;

  constructor(options: HttpDriverOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.#fetch = options.fetch ?? ((url, init) => fetch(url, init));
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** The engine's hello; refuses an engine that does not speak this protocol's major version. */
  async hello(): Promise<Hello> {
    const raw = await this.#call("GET", "", undefined, [200]);
    const said = raw as { protocol?: unknown; version?: unknown } | null;
    if (said?.protocol !== "mockpos-driver") {
      throw new Error(
        `${this.baseUrl}${DRIVER_PREFIX} is not a mockpos driver: its hello names protocol ${JSON.stringify(said?.protocol)}, not "mockpos-driver"`,
      );
    }
    if (typeof said.version !== "string" || major(said.version) !== major(DRIVER_PROTOCOL_VERSION)) {
      throw new Error(
        `the engine at ${this.baseUrl} speaks mockpos-driver ${String(said.version)}, this suite speaks ${DRIVER_PROTOCOL_VERSION}: the major versions differ`,
      );
    }
    return this.#parse(HelloSchema, raw, "GET", "");
  }

  async configure(input: ConfigureInput): Promise<void> {
    await this.#call("PUT", "/config", input, [204]);
  }

  async placeOrder(input: PlaceOrderInput): Promise<OrderView> {
    return this.#parse(OrderSchema, await this.#call("POST", "/orders", input, [201]), "POST", "/orders");
  }

  appendRound(ref: string, input: AppendRoundInput): Promise<OrderView> {
    return this.#action(ref, "rounds", input);
  }

  pay(ref: string, input: PayInput): Promise<OrderView> {
    return this.#action(ref, "payments", input);
  }

  kitchenMessage(ref: string, input: KitchenMessageInput): Promise<OrderView> {
    return this.#action(ref, "kitchen-messages", input);
  }

  applyLoyalty(ref: string, input: ApplyLoyaltyInput): Promise<OrderView> {
    return this.#action(ref, "loyalty", input);
  }

  async order(ref: string): Promise<OrderView | null> {
    const path = `/orders/${encodeURIComponent(ref)}`;
    const raw = await this.#call("GET", path, undefined, [200], true);
    return raw === null ? null : this.#parse(OrderSchema, raw, "GET", path);
  }

  async locations(): Promise<LocationView[]> {
    return this.#parse(
      LocationsSchema,
      await this.#call("GET", "/locations", undefined, [200]),
      "GET",
      "/locations",
    );
  }

  async menu(locationId: string): Promise<MenuView | null> {
    const path = `/locations/${encodeURIComponent(locationId)}/menu`;
    const raw = await this.#call("GET", path, undefined, [200], true);
    return raw === null ? null : this.#parse(MenuSchema, raw, "GET", path);
  }

  async stop(): Promise<void> {
    await this.#call("DELETE", "", undefined, [204]);
  }

  async #action(ref: string, segment: string, input: unknown): Promise<OrderView> {
    const path = `/orders/${encodeURIComponent(ref)}/${segment}`;
    return this.#parse(OrderSchema, await this.#call("POST", path, input, [200]), "POST", path);
  }

  /**
   * One request: the JSON answer of an expected status (undefined for 204), null for a 404 when
   * `absentIsNull`, a `DriverRefusal` for a 400/404/409 problem, an Error for anything else.
   */
  async #call(
    method: string,
    path: string,
    body: unknown,
    expect: number[],
    absentIsNull = false,
  ): Promise<unknown> {
    const url = `${this.baseUrl}${DRIVER_PREFIX}${path}`;
    const what = `${method} ${DRIVER_PREFIX}${path}`;
    const headers: Record<string, string> = { accept: "application/json, application/problem+json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    let res: Response;
    try {
      res = await this.#fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (err) {
      const reason =
        err instanceof Error && err.name === "TimeoutError" ? `no answer in ${this.#timeoutMs} ms` : err;
      throw new Error(
        `driver: ${what} at ${this.baseUrl} failed: ${reason instanceof Error ? reason.message : String(reason)}`,
        {
          cause: err,
        },
      );
    }
    const text = await res.text();
    if (expect.includes(res.status)) {
      if (res.status === 204 || text === "") return undefined;
      try {
        return JSON.parse(text);
      } catch {
        throw new Error(
          `driver: ${what} answered ${res.status} with a body that is not JSON: ${text.slice(0, 200)}`,
        );
      }
    }
    const problem = parseProblem(text);
    if (res.status === 404 && absentIsNull) return null;
    if (isRefusal(res.status) && problem) {
      throw new DriverRefusal(res.status, problem.detail, problem.invalidParams);
    }
    const said = problem?.detail ?? text.slice(0, 500);
    throw new Error(`driver: ${what} answered ${res.status}${said ? `: ${said}` : ""}`);
  }

  #parse<T>(schema: z.ZodType<T>, raw: unknown, method: string, path: string): T {
    const result = schema.safeParse(raw);
    if (result.success) return result.data;
    const issues = result.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.map(String).join(".") || "(body)"}: ${i.message}`)
      .join("; ");
    throw new Error(
      `driver: ${method} ${DRIVER_PREFIX}${path} answered with what the protocol does not allow: ${issues}`,
    );
  }
}

/** The `detail` (and `invalidParams`) of a problem+json body; null when the body is not one. */
function parseProblem(text: string): { detail: string; invalidParams?: RefusedField[] } | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof body !== "object" || body === null) return null;
  const { detail, title, invalidParams } = body as {
    detail?: unknown;
    title?: unknown;
    invalidParams?: unknown;
  };
  const message = typeof detail === "string" ? detail : typeof title === "string" ? title : null;
  if (message === null) return null;
  const fields = Array.isArray(invalidParams)
    ? invalidParams.filter(
        (f): f is RefusedField => typeof f?.name === "string" && typeof f?.reason === "string",
      )
    : undefined;
  return { detail: message, invalidParams: fields?.length ? fields : undefined };
}
