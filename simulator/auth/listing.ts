import type { Location } from "../domain/types.ts";
import type { Simulator } from "../state.ts";
import { clientCertificates } from "./mtls.ts";

type Listed =
  | { auth: { mechanism: "oauth"; clientId: string; clientSecret: string } }
  | { auth: { mechanism: "mtls"; certificate: string; key: string } }
  | Record<string, never>;

/** What `/__admin/chain` lists of a location's credential under the chain's mechanism (nothing under keys). */
export function locationAuthOf(sim: Simulator, location: Location): Listed {
  const mechanism = sim.options.auth;
  if (mechanism === "oauth")
    return {
      auth: {
        mechanism,
        clientId: location.credentials.username,
        clientSecret: location.credentials.password,
      },
    };
  if (mechanism === "mtls") {
    const { cert, key } = clientCertificates(sim).of(location.id);
    return { auth: { mechanism, certificate: cert, key } };
  }
  return {};
}
