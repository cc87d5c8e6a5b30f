// A fourth vendor style in one folder, registered by its test and nowhere else: the descriptor is
// all the simulator, the CLI settings, the topology and the load runner need to know of it.
import { fileURLToPath } from "node:url";
import type { DialectDescriptor } from "../../simulator/dialects/descriptor.ts";
import { presentedCredential, UNKNOWN_CREDENTIAL } from "../../simulator/http/auth.ts";
import { TALLY_DOCUMENT } from "./contract.ts";
import { renderTally } from "./render.ts";
import { TOKEN_HEADER, tallyRoutes } from "./routes.ts";

export const dialect: DialectDescriptor<"tally"> = {
  name: "tally",
  title: "the Tally-style API (test-only)",
  defaultPort: 8090,
  document: TALLY_DOCUMENT,
  securitySchemes: { token: { type: "apiKey", in: "header", name: TOKEN_HEADER } },
  errorBody: { contentType: "application/json", schema: "TallyError" },
  idempotencyHeader: "x-tally-once",
  credentialHeaders: [TOKEN_HEADER],
  renderError: () => renderTally,
  journalCredential: (sim, c) => {
    const token = c.req.header(TOKEN_HEADER);
    if (!token) return c.get("sentCredential") ? UNKNOWN_CREDENTIAL : null;
    const location = presentedCredential(sim.chain, token, undefined)?.location;
    return location ? `token:${location.id}` : UNKNOWN_CREDENTIAL;
  },
  routes: tallyRoutes,
  load: { module: fileURLToPath(new URL("./load.ts", import.meta.url)) },
};
