import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { Http2ServerRequest, Http2ServerResponse } from "node:http2";
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

/** Answers a request and returns true, or returns false without touching it: the app answers it. */
export type Lane = (
  req: IncomingMessage | Http2ServerRequest,
  res: ServerResponse | Http2ServerResponse,
) => boolean;

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

// Characters that make a request target mean something else than its bytes say (a query, an
// escape, a fragment, a backslash, a dot segment's slash): such a request goes to the app.
const NOT_PLAIN = /[?%#\\/]/;

/**
 * The dialect's hot reads, answered straight from node's request: the same bytes, headers and
 * journal entry as the app's route, without building a fetch Request, a Hono context and its
 * middleware chain per read — on a poll that is most of its CPU (README "Benchmark").
 *
 * The lane takes a request only where the app would do nothing more than answer it: a GET over
 * HTTP/1.x of exactly a declared path (no query), no fault rule in force, an idle shell (no vendor
 * quirk on), keys authentication, and a credential of the location the path names. Anything else — a refusal, a
 * fault, a query, a HEAD, HTTP/2 (whose header limit the app checks) — goes to the app, which
 * answers it as it always has. Listeners that serve part of the chain (per-location, shards) do
 * not use a lane: their scope lives in the app.
 */
export function hotReadLane(sim: Simulator, options: LaneOptions): Lane {
  const { dialect, idempotencyHeader, spec, shellIdle } = options;
  const reads = spec.reads.map(compile);
  const wanted = [...spec.credentialHeaders, idempotencyHeader.toLowerCase()];
  const lengths = new Set(wanted.map((name) => name.length));
  const idempotency = idempotencyHeader.toLowerCase();

  return (req, res) => {
    if (req.method !== "GET" || req.httpVersionMajor !== 1) return false;
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
    if (sim.options.auth !== "keys" || sim.faults.rules.length > 0 || !shellIdle()) return false;
    const headers = readHeaders(req.rawHeaders, wanted, lengths);
    if (headers === null) return false;
    const start = sim.clock.now();
    const who = spec.authenticate(headers);
    if (who === null || who.location.id !== locationId) return false;
    const body = read.body(who.location);
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
    const clock = clockHeader(sim.clock);
    if (clock !== null) out[CLOCK_HEADER] = clock;
    (res as ServerResponse).writeHead(200, out);
    (res as ServerResponse).end(body);
    return true;
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

const FORBIDDEN = /[\0\r\n]/;

/**
 * The named headers as the app reads them (the node adapter's fetch Headers): every occurrence,
 * joined with ", ", trimmed of HTTP whitespace. Null when one carries what the app would refuse.
 */
function readHeaders(
  raw: readonly string[],
  wanted: readonly string[],
  lengths: ReadonlySet<number>,
): Record<string, string | undefined> | null {
  const out: Record<string, string | undefined> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (!lengths.has(name.length)) continue;
    const lower = name.toLowerCase();
    if (!wanted.includes(lower)) continue;
    const value = trimHttp(raw[i + 1] as string);
    if (FORBIDDEN.test(value)) return null;
    const before = out[lower];
    out[lower] = before === undefined ? value : `${before}, ${value}`;
  }
  return out;
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
