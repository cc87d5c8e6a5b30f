import { createRoute, z } from "@hono/zod-openapi";

/** The client credentials grant's request (RFC 6749 §4.4.2), form-encoded. */
export const TokenRequest = z
  .object({
    grant_type: z.literal("client_credentials"),
    client_id: z
      .string()
      .optional()
      .openapi({ description: "Instead of HTTP Basic: the location's username" }),
    client_secret: z.string().optional().openapi({ description: "With client_id: the location's password" }),
  })
  .openapi("OAuthTokenRequest");

/** A token (RFC 6749 §5.1). */
export const TokenResponse = z
  .object({
    access_token: z.string(),
    token_type: z.literal("Bearer"),
    expires_in: z.number().int().openapi({ description: "Seconds, on the simulator's clock" }),
  })
  .openapi("OAuthToken");

/** The token endpoint's own error format (RFC 6749 §5.2), in every dialect. */
export const TokenError = z
  .object({
    error: z.enum([
      "invalid_request",
      "invalid_client",
      "unsupported_grant_type",
      "temporarily_unavailable",
      "server_error",
    ]),
    error_description: z.string(),
  })
  .openapi("OAuthError");

const error = (description: string) => ({
  description,
  content: { "application/json": { schema: TokenError } },
});

/** The token endpoint of a dialect at `path` (under `mockpos serve --auth oauth`). */
export function tokenRoute(path: string) {
  return createRoute({
    method: "post",
    path,
    operationId: "oauthToken",
    summary: "OAuth 2 client credentials: a bearer token for one location (--auth oauth)",
    description:
      "The client authenticates with HTTP Basic (client id and secret form-urlencoded) or client_id / client_secret in the form, not both.",
    tags: ["OAuth"],
    request: {
      body: { required: true, content: { "application/x-www-form-urlencoded": { schema: TokenRequest } } },
    },
    responses: {
      200: { description: "A token", content: { "application/json": { schema: TokenResponse } } },
      400: error("invalid_request or unsupported_grant_type"),
      401: error("invalid_client: no or wrong client credentials (WWW-Authenticate: Basic)"),
      503: error("temporarily_unavailable: the token endpoint is down (fault token_endpoint_down)"),
    },
  });
}
