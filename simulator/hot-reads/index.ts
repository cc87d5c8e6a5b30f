import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { CLOCK_HEADER, clockHeader } from "../clock/index.ts";
import type { Location } from "../domain/types.ts";
import { recordRequest } from "../http/journal.ts";
import { clip, MAX_KEY } from "../journal/index.ts";
import type { Simulator } from "../state.ts";

/** One read a dialect answers on its lane: GET of a path that names one location, answered 200 JSON. */
export interface HotRead {
  /** The contract's route: its path (`{locationId}` names the location) and canonical operation. */
  route: { path: string; "x-mockpos-operation": string };
  /** The answer's body, exactly what the route's handler sends for this location now. */
  body(location: Location): string | Uint8Array;
}

/** What a dialect declares to answer its hottest reads below the framework (`DialectDescriptor.hotReads`). */
export interface HotReads {
  reads: readonly HotRead[];
  /** The headers (lower case) its credentials travel in, read as the framework reads them. */
  credentialHeaders: readonly string[];
  /**
   * The location the credential in `headers` is for under `--auth keys`, and the journal's name
   * for it (never the secret); null when it is no location's, so the app answers the refusal.
   */
  authenticate(headers: Readonly<Record<string, string | undefined>>): {
    location: Location;
    credential: string;
  } | null;
}

/**
 * Answers an HTTP/1.x request and returns true, or returns false without touching it: the app
 * answers it. (HTTP/2 requests never reach it: the app checks their header list's size.)
 */
export type Lane = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface LaneOptions {
  /** The dialect's name, as the journal records it. */
  dialect: string;
  /** The request header of its idempotency key, which the journal records on reads too. */
  idempotencyHeader: string;
  spec: HotReads;
  /** Whether the dialect's shell would add nothing of its own to an answer now (no quirk on, say). */
  shellIdle(): boolean;
}

interface Compiled {
  prefix: string;
  suffix: string;
  operation: string;
  body: HotRead["body"];
}

// A location id is plain text; a target whose id part holds any of these (a query, an escape, a
// fragment, a backslash, another segment) is not a declared read as written, and goes to the app.
// Whatever passes must still equal the id of the location the credential is for.
const NOT_PLAIN = /[?%#\\/]/;

/**
 * The dialect's hot reads, answered straight from node's request: the same status, body and
 * journal entry as the app's route, without building a fetch Request, a Hono context and its
 * middleware chain per read — on a poll that is most of its CPU (README "Benchmark").
 *
 * The lane takes a request only where the app would do nothing more than answer it: a GET of
 * exactly a declared path (no query), a `Host` the node adapter takes as it is, keys
 * authentication, a fault engine with nothing to do to a read (`sparesReads`), an idle shell (no
 * vendor quirk on), and a credential of the location the path names. Anything else — a refusal, a
 * fault, a query, a HEAD — goes to the app, which answers it as it always has. Listeners that serve
 * part of the chain (per-location, shards) do not use a lane: their scope lives in the app.
 */
export function hotReadLane(sim: Simulator, options: LaneOptions): Lane {
  const { dialect, spec, shellIdle } = options;
  const reads = spec.reads.map(compile);
  const idempotency = options.idempotencyHeader.toLowerCase();
  const names = [...spec.credentialHeaders, idempotency];

  const answer = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== "GET") return false;
    const url = req.url ?? "";
    let read: Compiled | undefined;
    let locationId = "";
    for (const r of reads) {
      if (
        url.length > r.prefix.length + r.suffix.length &&
        url.startsWith(r.prefix) &&
        url.endsWith(r.suffix)
      ) {
        const id = url.slice(r.prefix.length, url.length - r.suffix.length);
        if (!NOT_PLAIN.test(id)) {
          read = r;
          locationId = id;
          break;
        }
      }
    }
    if (read === undefined) return false;
    if (sim.options.auth !== "keys" || !sim.faults.sparesReads() || !shellIdle()) return false;
    const host = req.headers.host;
    if (host !== undefined && !adapterTakesHost(host, url)) return false;
    const headers = appHeaders(req, names);
    if (headers === null) return false;
    const start = sim.clock.now();
    const who = spec.authenticate(headers);
    if (who === null || who.location.id !== locationId) return false;
    const body = read.body(who.location);
    const clock = clockHeader(sim.clock);
    const key = headers[idempotency];
    recordRequest(sim.journal, sim.clock, start, {
      locationId: who.location.id,
      operation: read.operation,
      dialect,
      method: "GET",
      path: url,
      query: null,
      credential: who.credential,
      status: 200,
      outcome: "OK",
      idempotencyKey: key ? clip(key, MAX_KEY) : null,
      replayed: false,
      fault: null,
    });
    const out: OutgoingHttpHeaders = {
      "content-type": "application/json",
      "content-length": typeof body === "string" ? Buffer.byteLength(body) : body.byteLength,
    };
    if (clock !== null) out[CLOCK_HEADER] = clock;
    res.writeHead(200, out);
    res.end(body);
    return true;
  };

  return (req, res) => {
    try {
      return answer(req, res);
    } catch {
      // Whatever failed before the answer went out (a body that cannot be made) fails in the app
      // too, answered there in the dialect's words: nothing is journaled until the answer is made.
      if (!res.headersSent) return false;
      res.destroy();
      return true;
    }
  };
}

function compile(read: HotRead): Compiled {
  const { path } = read.route;
  const at = path.indexOf("{locationId}");
  if (at < 0 || path.split("{").length !== 2)
    throw new Error(`a hot read's path names the location and nothing else: ${path}`);
  return {
    prefix: path.slice(0, at),
    suffix: path.slice(at + "{locationId}".length),
    operation: read.route["x-mockpos-operation"],
    body: read.body,
  };
}

// What the node adapter (@hono/node-server 2.x, whose fetch Headers the app reads) makes of request
// headers: node's own joined value, or for the headers node keeps only the first of, every
// occurrence joined with ", "; trimmed of HTTP whitespace; a value with NUL, CR or LF is refused.
const FIRST_ONLY = new Set(["authorization"]);
const FORBIDDEN = /[\0\r\n]/;

/** The named headers as the app would read them, or null when the app would refuse one. */
function appHeaders(
  req: IncomingMessage,
  names: readonly string[],
): Record<string, string | undefined> | null {
  const out: Record<string, string | undefined> = {};
  for (const name of names) {
    let value: string | undefined;
    if (FIRST_ONLY.has(name)) {
      const raw = req.rawHeaders;
      for (let i = 0; i < raw.length; i += 2) {
        const rawName = raw[i] as string;
        if (rawName.length !== name.length || rawName.toLowerCase() !== name) continue;
        const one = trimHttp(raw[i + 1] as string);
        value = value === undefined ? one : `${value}, ${one}`;
      }
    } else {
      const joined = req.headers[name];
      value = typeof joined === "string" ? trimHttp(joined) : undefined;
    }
    if (value !== undefined && FORBIDDEN.test(value)) return null;
    out[name] = value;
  }
  return out;
}

// The adapter builds the request's URL from `Host`: as given when it is plainly a host name and
// port, through the URL parser otherwise, refusing one that does not parse to itself (a 500 from
// the app). Such a request is the app's to answer.
const PLAIN_HOST = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/;

function adapterTakesHost(host: string, url: string): boolean {
  if (PLAIN_HOST.test(host)) return true;
  try {
    const { hostname } = new URL(`http://${host}${url}`);
    return (
      hostname.length === host.length ||
      hostname === (host.includes(":") ? host.replace(/:\d+$/, "") : host).toLowerCase()
    );
  } catch {
    return false;
  }
}

function isHttpWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function trimHttp(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isHttpWhitespace(value.charCodeAt(start))) start++;
  while (end > start && isHttpWhitespace(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}
