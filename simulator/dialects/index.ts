import { GENERIC_DOCUMENT } from "../../contracts/generic/document.ts";
import { IDEMPOTENCY_HEADER } from "../../contracts/generic/routes.ts";
import { genericCredential } from "../http/auth.ts";
import { renderProblem } from "../http/errors.ts";
import { dialectShell, type Shell } from "../http/shell.ts";
import type { Simulator } from "../state.ts";
import { createElyx } from "./elyx/index.ts";
import { genericDialect } from "./generic/index.ts";
import type { DialectName } from "./names.ts";
import { createSinqro } from "./sinqro/index.ts";

/** Every dialect's app over one simulator: one chain, many vendor styles. */
export function createDialects(sim: Simulator): Record<DialectName, Shell> {
  const generic = dialectShell(sim, {
    dialect: "generic",
    render: renderProblem,
    document: GENERIC_DOCUMENT,
    idempotencyHeader: IDEMPOTENCY_HEADER,
    credential: (c) => genericCredential(sim.chain, c),
    errorBody: { contentType: "application/problem+json", schema: "Problem" },
    securitySchemes: {
      apiKey: { type: "apiKey", in: "header", name: "X-Api-Key" },
      basic: {
        type: "http",
        scheme: "basic",
        description: "User name and password of the location (see /__admin/chain).",
      },
    },
  });
  generic.app.route("/", genericDialect(sim));
  return { generic, elyx: createElyx(sim), sinqro: createSinqro(sim) };
}
