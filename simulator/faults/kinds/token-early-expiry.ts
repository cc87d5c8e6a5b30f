import { Duration } from "../../../contracts/admin/fault-primitives.ts";
import { tokenStore } from "../../credentials/index.ts";
import { defineFaultKind, ruleSchema } from "../kind.ts";

/**
 * OAuth tokens die before their time: when the rule comes into force the scoped locations' tokens
 * are revoked, and while it is in force the tokens issued to them live `ttl` at most, though the
 * token endpoint still says `expires_in` 3600.
 */
export const tokenEarlyExpiry = defineFaultKind({
  kind: "token_early_expiry",
  schema: ruleSchema("token_early_expiry", { ttl: Duration.default(60_000) }),
  summary: "OAuth tokens are revoked, and new ones expire after ttl instead of their expires_in",
  form: [{ name: "ttl", label: "tokens live (duration)", type: "duration", placeholder: "60s" }],
  describe: (rule, words) => `revoked; new tokens live ${words.duration(rule.ttl)}`,
  schedule(engine, active) {
    const locations = new Set(engine.locationsOf(active.rule).map((l) => l.id));
    const store = tokenStore(engine);
    active.hits += store.revoke(locations, active.rule.id);
    store.shorten(active.rule.id, locations, active.rule.ttl);
  },
  deactivate(engine, active) {
    tokenStore(engine).unshorten(active.rule.id);
  },
  reset: (engine) => tokenStore(engine).clear(),
});
