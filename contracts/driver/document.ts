import { OpenAPIHono } from "@hono/zod-openapi";
import { DRIVER_PREFIX, DRIVER_PROBLEMS, DRIVER_ROUTES } from "./routes.ts";
import { DRIVER_PROTOCOL_VERSION } from "./schemas.ts";

/** Title, description and extensions of the driver protocol's document. */
export const DRIVER_DOCUMENT = {
  info: {
    title: "mockpos — connector driver protocol",
    version: `${DRIVER_PROTOCOL_VERSION}.0`,
    description: [
      "How a conformance suite drives a connector engine it did not write: configure it, act as guests through it, observe what it believes. The reference engine serves it on its control port; an engine in another language serves it, or puts an adapter in front of itself.",
      `Every route is under ${DRIVER_PREFIX}. Bodies are JSON; unknown fields are refused. Money is integer minor units. A guest action answers once the engine has accepted or refused it, not when the POS has it: what reached the POS is observed afterwards through GET ${DRIVER_PREFIX}/orders/{ref} and the simulator's journal.`,
      "A refused order (read-only location, sold-out or unknown item) is a 201 whose `state` is `refused`, with the guest-facing `reason`: it is an answer, not an error. Errors are RFC 9457 problem+json with `detail`: 400 bad input (each bad field in `invalidParams`, as `body.items[0].quantity`), 404 unknown order or location, 409 refused in the engine's present state, 500 the engine failed. A suite refuses an engine whose `version` has another major than its own.",
    ].join("\n\n"),
  },
  tags: [{ name: "driver", description: "Configure an engine, act as guests, observe it" }],
  "x-mockpos-driver-version": DRIVER_PROTOCOL_VERSION,
  "x-mockpos-failures": Object.fromEntries(
    Object.entries(DRIVER_PROBLEMS).map(([status, p]) => [
      p.code,
      { status: Number(status), title: p.title, retryable: false },
    ]),
  ),
  "x-mockpos-error-format": "application/problem+json (RFC 9457) with the failure in `code`",
};

/** The OpenAPI 3.1 document of the driver protocol, as any driver server serves it at /openapi.json. */
export function driverOpenApiDocument() {
  const app = new OpenAPIHono();
  for (const route of DRIVER_ROUTES) app.openAPIRegistry.registerPath(route);
  return app.getOpenAPI31Document({ openapi: "3.1.0", ...DRIVER_DOCUMENT });
}
