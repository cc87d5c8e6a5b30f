import "../no-tracking.ts";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { MatchersV3, PactV4 } from "@pact-foundation/pact";
import { expect } from "vitest";
import type { AdapterContext } from "../../connector/adapters/types.ts";
import { PosFailure } from "../../connector/failure.ts";
import { Http } from "../../connector/http.ts";
import { RealClock } from "../../simulator/clock/index.ts";

// What every consumer test shares: where pacts are written, the engine's real line to the POS
// (connector/http.ts over global fetch, on a real clock), and matchers for shapes every dialect has.

export const CONSUMER = "mockpos-connector";
const ROOT = resolve(import.meta.dirname, "../..");
/** The committed pacts, which `npm run pacts` rewrites and the provider verification reads. */
export const COMMITTED_DIR = join(ROOT, "contracts/pacts");
/** Where this run writes: `PACT_DIR` (npm run pacts: contracts/pacts), else out/pacts. */
export const PACT_DIR = resolve(ROOT, process.env.PACT_DIR ?? "out/pacts");

export const pactFile = (provider: string, dir = PACT_DIR) => join(dir, `${CONSUMER}-${provider}.json`);

/** A V4 pact for one provider; the file of an earlier run is removed so interactions do not pile up. */
export function pactWith(provider: string): PactV4 {
  rmSync(pactFile(provider), { force: true });
  return new PactV4({ consumer: CONSUMER, provider, dir: PACT_DIR, logLevel: "warn" });
}

/** The engine's HTTP line to a POS at `baseUrl`: global fetch, a real clock, the engine's timeouts. */
export function lineTo(baseUrl: string): Http {
  return new Http({
    fetch: (url, init) => fetch(url, init),
    clock: new RealClock(),
    baseUrl,
    timeoutMs: 5_000,
  });
}

export function contextFor<C>(baseUrl: string, posLocationId: string, credentials: C): AdapterContext<C> {
  return { location: { id: "loc-0001", posLocationId, credentials }, http: lineTo(baseUrl) };
}

/** The PosFailure a call rejected with (the test fails when it resolved or threw anything else). */
export async function failureOf(call: Promise<unknown>): Promise<PosFailure> {
  const outcome = await call.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!("error" in outcome)) throw new Error(`expected a PosFailure, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(PosFailure);
  return outcome.error as PosFailure;
}

const { regex, fromProviderState } = MatchersV3;

/** An ISO 8601 instant in UTC, as every dialect writes them. */
export const instant = (example = "2026-03-13T12:30:00.000Z") =>
  regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/, example);

/** Retry-After in whole seconds. */
export const seconds = (example: string) => regex(/^\d+$/, example);

/** A value the provider state hands the verifier (`${name}`), with the example the consumer test uses. */
export const given = <T>(name: string, example: T) => fromProviderState(`\${${name}}`, example);

/**
 * Fails while the pact this run wrote differs from the committed one in contracts/pacts (the
 * provider verification reads those): `npm run pacts` rewrites them. Skipped when this run
 * writes contracts/pacts itself.
 */
export function expectCommitted(provider: string): void {
  if (PACT_DIR === COMMITTED_DIR) return;
  const written = pactFile(provider);
  const committed = pactFile(provider, COMMITTED_DIR);
  expect(existsSync(committed), `${committed} is missing: run npm run pacts`).toBe(true);
  const read = (file: string) => {
    const pact = JSON.parse(readFileSync(file, "utf8")) as { metadata?: unknown };
    delete pact.metadata;
    return pact;
  };
  expect(read(written), `${committed} is stale: run npm run pacts`).toEqual(read(committed));
}
