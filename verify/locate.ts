// Which location a request to the POS is about, read as each dialect addresses one: the generic
// path names it, Elyx names it by number (in the path, a ticket or shift id, or `?locations=`),
// Sinqro by the restaurant's user token. The wire refuses a write whose location is not one the
// vendor set aside for testing — or that it cannot tell.
import type { Dialect } from "./contract.ts";
import type { VerifyLocation } from "./credentials.ts";

export function locate(
  dialect: Dialect,
  locations: readonly VerifyLocation[],
  path: string,
  header: (name: string) => string | undefined,
): VerifyLocation | undefined {
  const url = new URL(path, "http://verify.invalid");
  if (dialect === "generic") {
    const id = /^\/v1\/locations\/([^/]+)/.exec(url.pathname)?.[1];
    if (id !== undefined) return locations.find((l) => l.locationId === decodeURIComponent(id));
    return undefined;
  }
  if (dialect === "elyx") {
    const byNumber = (n: string | undefined) =>
      n === undefined ? undefined : locations.find((l) => l.number === Number(n));
    const m =
      /^\/api\/v1\/locations\/(\d+)/.exec(url.pathname) ??
      /^\/api\/v1\/(?:tickets|shifts)\/(\d+)-\d+/.exec(url.pathname);
    if (m) return byNumber(m[1]);
    const only = (url.searchParams.get("locations") ?? "").split(",").filter((s) => s.trim() !== "");
    if (only.length === 1) return byNumber(only[0]?.trim());
    if (only.length > 1) return undefined;
    const key = header("x-api-key");
    return key === undefined ? undefined : locations.find((l) => l.apiKey === key);
  }
  const token = header("x-api-user-access-token");
  return token === undefined ? undefined : locations.find((l) => l.apiKey === token);
}
