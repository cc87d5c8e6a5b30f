import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pushOpenApiDocument } from "../contracts/push/routes.ts";
import { createMockPos, openApiDocument } from "../simulator/app.ts";

/** Writes the published contract: `npm run openapi` after changing a schema in contracts/. */
export const OPENAPI_FILE = resolve(import.meta.dirname, "../contracts/openapi/generic.openapi.json");

export function renderOpenApi(): string {
  const { app } = createMockPos({ locations: 1, openService: false });
  return `${JSON.stringify(openApiDocument(app), null, 2)}\n`;
}

/** The push feed's contract: what a POS sends to an ingest URL, and what mockpos's receiver answers. */
export const PUSH_OPENAPI_FILE = resolve(import.meta.dirname, "../contracts/openapi/push.openapi.json");

export function renderPushOpenApi(): string {
  return `${JSON.stringify(pushOpenApiDocument(), null, 2)}\n`;
}

/** The Elyx-style dialect's contract, as its app serves it at /openapi.json. */
export const ELYX_OPENAPI_FILE = resolve(import.meta.dirname, "../contracts/openapi/elyx.openapi.json");

export function renderElyxOpenApi(): string {
  const { dialects } = createMockPos({ locations: 1, openService: false });
  return `${JSON.stringify(dialects.elyx.document(), null, 2)}\n`;
}

/** The Sinqro-passive dialect's contract (with its webhooks), as its app serves it at /openapi.json. */
export const SINQRO_OPENAPI_FILE = resolve(import.meta.dirname, "../contracts/openapi/sinqro.openapi.json");

export function renderSinqroOpenApi(): string {
  const { dialects } = createMockPos({ locations: 1, openService: false });
  return `${JSON.stringify(dialects.sinqro.document(), null, 2)}\n`;
}

if (import.meta.main) {
  writeFileSync(OPENAPI_FILE, renderOpenApi());
  console.log(`wrote ${OPENAPI_FILE}`);
  writeFileSync(PUSH_OPENAPI_FILE, renderPushOpenApi());
  console.log(`wrote ${PUSH_OPENAPI_FILE}`);
  writeFileSync(ELYX_OPENAPI_FILE, renderElyxOpenApi());
  console.log(`wrote ${ELYX_OPENAPI_FILE}`);
  writeFileSync(SINQRO_OPENAPI_FILE, renderSinqroOpenApi());
  console.log(`wrote ${SINQRO_OPENAPI_FILE}`);
}
