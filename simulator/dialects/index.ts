import { mechanismCredential } from "../auth/guard.ts";
import type { Simulator } from "../state.ts";
import type { DialectDescriptor } from "./descriptor.ts";
import { credentialHeadersOf } from "./registry.ts";
import { dialectShell, type Shell } from "./shell.ts";

/** Every dialect's app over one simulator: one chain, many vendor styles. */
export function createDialects(
  sim: Simulator,
  dialects: readonly DialectDescriptor[],
): Record<string, Shell> {
  const credentialHeaders = credentialHeadersOf(dialects);
  return Object.fromEntries(
    dialects.map((d) => {
      // Under --auth oauth / mtls the journal names the token's or certificate's location, in every dialect.
      const named: DialectDescriptor = {
        ...d,
        journalCredential: (s, c) => mechanismCredential(s, c) ?? d.journalCredential(s, c),
      };
      return [d.name, dialectShell(sim, named, { credentialHeaders })];
    }),
  );
}
