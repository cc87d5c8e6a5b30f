import { z } from "zod";
import { PosError } from "../../domain/errors.ts";
import { defineFaultKind, ruleSchema } from "../kind.ts";

/** The POS fails the request: SERVER_ERROR (500) or TIMEOUT (504). */
export const error = defineFaultKind({
  kind: "error",
  schema: ruleSchema("error", { code: z.enum(["SERVER_ERROR", "TIMEOUT"]).default("SERVER_ERROR") }),
  summary: "SERVER_ERROR (500) or TIMEOUT (504)",
  form: [
    {
      name: "code",
      label: "code",
      type: "select",
      options: [
        ["SERVER_ERROR", "SERVER_ERROR"],
        ["TIMEOUT", "TIMEOUT"],
      ],
    },
  ],
  describe: (rule) => rule.code,
  before(request, active) {
    request.fire(active);
    const { code } = active.rule;
    throw new PosError(
      code,
      code === "TIMEOUT" ? "the POS timed out" : "the POS failed to process the request",
    );
  },
});
