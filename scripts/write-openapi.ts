import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { driverOpenApiDocument } from "../contracts/driver/document.ts";
import { pushOpenApiDocument } from "../contracts/push/routes.ts";
import { createMockPos } from "../simulator/app.ts";
import { BUILTIN_DIALECTS } from "../simulator/dialects/registry.ts";

const file = (name: string) => resolve(import.meta.dirname, `../contracts/openapi/${name}.openapi.json`);
const json = (doc: unknown) => `${JSON.stringify(doc, null, 2)}\n`;
const mock = () => createMockPos({ locations: 1, openService: false });

/**
 * The published contracts, each as its app serves it at /openapi.json: every built-in dialect's
 * (the generic one with the admin API, Sinqro with its webhooks), the push feed, and the
 * connector driver protocol. `npm run openapi` writes them after a schema in contracts/
 * changed; a test keeps them honest.
 */
export const PUBLISHED: Record<string, { file: string; render: () => string }> = {
  ...Object.fromEntries(
    BUILTIN_DIALECTS.map((d) => [
      d.name,
      { file: file(d.name), render: () => json(mock().dialects[d.name].document()) },
    ]),
  ),
  push: { file: file("push"), render: () => json(pushOpenApiDocument()) },
  driver: { file: file("driver"), render: () => json(driverOpenApiDocument()) },
};

if (import.meta.main) {
  for (const { file, render } of Object.values(PUBLISHED)) {
    writeFileSync(file, render());
    console.log(`wrote ${file}`);
  }
}
