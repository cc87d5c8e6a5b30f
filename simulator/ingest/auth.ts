import { PosError } from "../domain/errors.ts";
import { sameSecret } from "../http/auth.ts";

/** A Basic credential the receiver accepts, and the venues it may send for. */
export interface IngestCredential {
  username: string;
  password: string;
  /**
   * Venues this credential may send data for. One venue: a per-location credential, whose
   * orders may leave venueID out. Several, or none given (any venue): a routing credential,
   * whose every order (and catalog batch) must name its venueID.
   */
  venues?: string[];
}

/** Finds the credential an `Authorization: Basic` header carries, or refuses with 401. */
export function authenticate(
  credentials: ReadonlyMap<string, IngestCredential>,
  authorization: string | undefined,
): IngestCredential {
  const match = authorization?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i);
  if (!match?.[1]) throw new PosError("UNAUTHORIZED", "send HTTP Basic credentials (Authorization: Basic …)");
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const credential = colon < 0 ? undefined : credentials.get(decoded.slice(0, colon));
  if (!credential || !sameSecret(credential.password, decoded.slice(colon + 1)))
    throw new PosError("UNAUTHORIZED", "unknown user name or wrong password");
  return credential;
}

/** The venue a credential sends for when the data names none: its only venue, if it has one. */
export function defaultVenue(credential: IngestCredential): string | undefined {
  return credential.venues?.length === 1 ? credential.venues[0] : undefined;
}

export function mayUse(credential: IngestCredential, venueID: string): boolean {
  return credential.venues === undefined || credential.venues.includes(venueID);
}

/** 403 naming every venue (and where it was asked for) this credential may not send to. */
export function forbidden(
  credential: IngestCredential,
  asked: { name: string; venueID: string }[],
): PosError {
  const invalidParams = asked.map((a) => ({
    name: a.name,
    reason: `credential '${credential.username}' may not send data for venue '${a.venueID}'`,
  }));
  const venues = [...new Set(asked.map((a) => a.venueID))].join(", ");
  return new PosError(
    "FORBIDDEN_LOCATION",
    `credential '${credential.username}' may not send data for venue(s) ${venues}; nothing was stored`,
    { invalidParams },
  );
}
