import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Chain } from "../domain/types.ts";
import type { HotReads } from "../hot-reads/index.ts";
import type { AppEnv } from "../http/env.ts";
import type { ErrorRenderer } from "../http/errors.ts";
import type { Simulator } from "../state.ts";

/** The name of a dialect, built-in or registered. */
export type DialectName = string;

/** Request headers to drop and to set. */
export interface CredentialSwap {
  drop?: string[];
  set: Record<string, string>;
}

type OpenApiConfig = Parameters<OpenAPIHono["getOpenAPI31Document"]>[0];

/**
 * One vendor style, whole: everything the shell, the CLI, the topology, the OpenAPI writer and the
 * load runner need to know about it. A dialect is a folder exporting one of these; the registry
 * (registry.ts) lists the built-in ones and `createMockPos({ dialects })` takes more.
 */
export interface DialectDescriptor<Name extends string = string> {
  /** Lower-case name: the journal's `dialect`, `--dialects`, `--<name>-port`, MOCKPOS_<NAME>_PORT. */
  name: Name;
  /** A few words for `--help` and the banner, e.g. "the Elyx-style API". */
  title: string;
  /** Central port of `mockpos serve` (overridden by `--<name>-port`). */
  defaultPort: number;
  /** Title, description, tags and extensions (such as x-mockpos-failures) of the published contract. */
  document: Omit<OpenApiConfig, "openapi">;
  /** Security schemes the contract's routes name. */
  securitySchemes?: Record<string, Record<string, unknown>>;
  /** The webhooks the dialect sends, published in its contract's `webhooks`. */
  webhooks?: readonly Parameters<OpenAPIHono["openAPIRegistry"]["registerWebhook"]>[0][];
  /** The dialect's error body: its content type and the name of its schema among the contract's components. */
  errorBody: { contentType: string; schema: string };
  /** The request header of the dialect's idempotency key, which the journal records. */
  idempotencyHeader: string;
  /**
   * The headers a request carries its credential in, most specific first: the first one sent is
   * the secret fault rules key on (rate-limit buckets, retired keys).
   */
  credentialHeaders: readonly string[];
  /** How the dialect words a failure (status, body, headers), for this simulator. */
  renderError(sim: Simulator): ErrorRenderer;
  /** Names the credential a request carries for the journal, never the secret (`JournalEntry.credential`). */
  journalCredential(sim: Simulator, c: Context<AppEnv>): string | null;
  /**
   * The reads a client polls most, answered below the framework when nothing but the answer is
   * asked of the app (simulator/hot-reads): each the same bytes and journal entry as its route.
   */
  hotReads?(sim: Simulator): HotReads;
  /** Path of the dialect's OAuth 2 token endpoint under `--auth oauth` (default `/oauth/token`). */
  tokenPath?: string;
  /**
   * For the `shared-credentials` quirk (a POS whose every credential opens every location): the
   * headers that make a request carry the credential it would need for what it is about, or null
   * when it already does (or names no location). Absent: the quirk leaves the dialect alone.
   */
  sharedCredential?(chain: Chain, c: Context<AppEnv>): CredentialSwap | null;
  /**
   * The dialect's routes over the simulator. Each route tags the request with its operation and,
   * when the request names them, `locationId` and `orderId` (how faults find what a request is
   * about), then runs `applyFaults`, then authenticates: the built-in dialects pass their tagging
   * to `applyFaults` (one step) and build each route with `guardedRoute` (simulator/http/validation.ts).
   */
  routes(sim: Simulator): OpenAPIHono<AppEnv>;
  /** How `npm run load` drives it; absent: the dialect is not load-tested. */
  load?: {
    /**
     * Path of a k6 module (plain TypeScript, no node imports) exporting `dialect`, a
     * `Dialect` of load/k6/dialects/types.ts: the request builders of the envelope's steps.
     */
    module: string;
    /**
     * Fields the credentials file needs for a location beyond `{ locationId, apiKey }`. Given the
     * location's id and number (1-based, its place in the chain), not the location: a chain of
     * 100,000 locations lists its credentials without bringing one into being.
     */
    credentials?(chain: Chain, location: { id: string; number: number }): Record<string, string | number>;
  };
}
