import { z } from "zod";
import { TOKEN_OPERATION } from "../../credentials/index.ts";
import { PosError } from "../../domain/errors.ts";
import { defineFaultKind, ruleSchema } from "../kind.ts";

/** The OAuth token endpoint is down: it answers 503 (temporarily_unavailable) or cuts the connection. */
export const tokenEndpointDown = defineFaultKind({
  kind: "token_endpoint_down",
  schema: ruleSchema("token_endpoint_down", {
    mode: z.enum(["503", "reset"]).default("503"),
    retryAfter: z.number().int().min(1).max(86_400).optional(),
  }),
  summary:
    "the OAuth token endpoint answers 503 or resets the connection; API calls with a valid token still work",
  form: [
    {
      name: "mode",
      label: "mode",
      type: "select",
      options: [
        ["503", "503"],
        ["reset", "reset"],
      ],
    },
    { name: "retryAfter", label: "Retry-After (s)", type: "number", if: "mode=503" },
  ],
  describe: (rule) => (rule.mode === "reset" ? "connection reset" : "503"),
  before(request, active) {
    if (request.operation !== TOKEN_OPERATION) return;
    request.fire(active);
    if (active.rule.mode === "reset") {
      request.outcome("UNREACHABLE");
      request.drop("reset");
    }
    throw new PosError("UNREACHABLE", "the token endpoint is unavailable", {
      status: 503,
      ...(active.rule.retryAfter === undefined ? {} : { retryAfter: active.rule.retryAfter }),
    });
  },
});
