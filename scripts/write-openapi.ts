import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { createMockPos, openApiDocument } from "../simulator/app.ts";

/** Writes the published contract: `npm run openapi` after changing a schema in contracts/. */
export const OPENAPI_FILE = resolve(import.meta.dirname, "../contracts/openapi/generic.openapi.json");

export function renderOpenApi(): string {
  const { app } = createMockPos({ locations: 1, openService: false });
  return `${JSON.stringify(openApiDocument(app), null, 2)}\n`;
}

if (import.meta.main) {
  writeFileSync(OPENAPI_FILE, renderOpenApi());
  console.log(`wrote ${OPENAPI_FILE}`);
}
