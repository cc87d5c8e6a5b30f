import type { OpenAPIHono } from "@hono/zod-openapi";
import { tokenRoute } from "../../contracts/oauth.ts";
import { DEFAULT_TOKEN_PATH } from "../credentials/index.ts";
import type { AppEnv } from "../http/env.ts";
import type { Simulator } from "../state.ts";
import { tokenEndpoint } from "./token-endpoint.ts";

export { AUTH_MECHANISMS, type AuthMechanism, TOKEN_OPERATION } from "../credentials/index.ts";
export { type ClientCertificates, clientCertificates } from "./mtls.ts";

/** What this folder reads of a dialect's descriptor (dialects/ imports auth/, not the other way). */
export interface TokenDialect {
  name: string;
  tokenPath?: string;
}

/** Where a dialect's token endpoint is. */
export function tokenPathOf(dialect: TokenDialect): string {
  return dialect.tokenPath ?? DEFAULT_TOKEN_PATH;
}

/**
 * Puts the chain's mechanism (`sim.options.auth`) on every dialect's app: under `oauth` its token
 * endpoint, and in its contract the security scheme a client uses (`oauth2` client credentials,
 * or `mutualTLS`).
 */
export function mountAuth(
  sim: Simulator,
  dialects: readonly TokenDialect[],
  shells: Record<string, { app: OpenAPIHono<AppEnv> }>,
): void {
  const mechanism = sim.options.auth;
  if (mechanism === "keys") return;
  for (const d of dialects) {
    const shell = shells[d.name];
    if (!shell) continue;
    const registry = shell.app.openAPIRegistry;
    if (mechanism === "oauth") {
      shell.app.route("/", tokenEndpoint(sim, tokenPathOf(d)));
      registry.registerPath(tokenRoute(tokenPathOf(d)));
      registry.registerComponent("securitySchemes", "oauth2", {
        type: "oauth2",
        description:
          "OAuth 2 client credentials: client_id is the location's username, client_secret its password " +
          "(/__admin/chain); send the token as Authorization: Bearer.",
        flows: { clientCredentials: { tokenUrl: tokenPathOf(d), scopes: {} } },
      });
    } else {
      registry.registerComponent("securitySchemes", "mutualTLS", {
        type: "mutualTLS",
        description:
          "A client certificate per location, issued by mockpos's client CA (certificate and key in /__admin/chain); " +
          "its common name is the location.",
      } as never);
    }
  }
}
