import { createHmac } from "node:crypto";

/** Seconds an access token lives (`expires_in`). */
export const TOKEN_LIFETIME_S = 3600;

interface Token {
  locationId: string;
  expiresAt: number;
  /** The token_early_expiry rule that cut its life short, if one did. */
  cutBy: string | null;
  revokedBy: string | null;
}

/** A token_early_expiry rule in force: tokens of its locations live `ttl` ms at most. */
interface EarlyExpiry {
  locations: ReadonlySet<string>;
  ttl: number;
}

/** Why a presented bearer token is refused, or the location it speaks for. */
export type TokenCheck =
  | { ok: true; locationId: string }
  | { ok: false; reason: "unknown" | "expired"; rule: string | null };

/**
 * The access tokens issued by the token endpoints. Tokens are HMACs of the chain's seed and a
 * counter: unguessable to a client, the same for the same run (everything random is seeded).
 */
export class TokenStore {
  readonly #tokens = new Map<string, Token>();
  readonly #early = new Map<string, EarlyExpiry>();
  #issued = 0;

  /** A new token for `locationId`, living `TOKEN_LIFETIME_S` (or less, under token_early_expiry). */
  issue(seed: string, locationId: string, now: number): { token: string; expiresIn: number } {
    if (this.#tokens.size >= 10_000) this.#forgetExpired(now);
    const token = `mpat_${createHmac("sha256", seed)
      .update(`token:${++this.#issued}`)
      .digest("base64url")}`;
    let expiresAt = now + TOKEN_LIFETIME_S * 1000;
    let cutBy: string | null = null;
    for (const [rule, early] of this.#early) {
      if (!early.locations.has(locationId) || now + early.ttl >= expiresAt) continue;
      expiresAt = now + early.ttl;
      cutBy = rule;
    }
    this.#tokens.set(token, { locationId, expiresAt, cutBy, revokedBy: null });
    // The answer tells the usual lifetime: an early expiry is what the client did not expect.
    return { token, expiresIn: TOKEN_LIFETIME_S };
  }

  check(token: string, now: number): TokenCheck {
    const t = this.#tokens.get(token);
    if (!t) return { ok: false, reason: "unknown", rule: null };
    if (t.revokedBy) return { ok: false, reason: "expired", rule: t.revokedBy };
    if (now >= t.expiresAt) return { ok: false, reason: "expired", rule: t.cutBy };
    return { ok: true, locationId: t.locationId };
  }

  /** Revokes every token of these locations now, naming the rule that did. */
  revoke(locations: ReadonlySet<string>, rule: string): number {
    let n = 0;
    for (const t of this.#tokens.values())
      if (locations.has(t.locationId) && !t.revokedBy) {
        t.revokedBy = rule;
        n++;
      }
    return n;
  }

  /** While `rule` is in force, tokens issued to `locations` live `ttl` ms at most. */
  shorten(rule: string, locations: ReadonlySet<string>, ttl: number): void {
    this.#early.set(rule, { locations, ttl });
  }

  unshorten(rule: string): void {
    this.#early.delete(rule);
  }

  /** Forgets every token and every early expiry (a reset). */
  clear(): void {
    this.#tokens.clear();
    this.#early.clear();
  }

  #forgetExpired(now: number): void {
    for (const [token, t] of this.#tokens) if (now >= t.expiresAt || t.revokedBy) this.#tokens.delete(token);
  }
}

/** The canonical operation of a token request (fault rules and the journal name it). */
export const TOKEN_OPERATION = "oauth.token";

const stores = new WeakMap<object, TokenStore>();

/**
 * The token store of a simulator, kept per fault engine (one per simulator, for its lifetime) so
 * the token fault kinds, which see only the engine, can revoke and shorten tokens. This folder
 * imports nothing of the simulator's: both auth/ and faults/ use it.
 */
export function tokenStore(engine: object): TokenStore {
  let store = stores.get(engine);
  if (!store) {
    store = new TokenStore();
    stores.set(engine, store);
  }
  return store;
}
