// A server under test, in a process of its own (bench/http.ts starts one per kind):
//   node bench/server.ts mockpos [--locations N] [--seed TEXT] [--clock real|scaled] [--no-lane]
//   node bench/server.ts plain|hono --pages FILE
// mockpos prints one JSON line once listening: its URL and every location's id and API key.
// plain (node:http) and hono (bare Hono on @hono/node-server) answer the pages in FILE, the bytes
// mockpos answered (captured by bench/http.ts), and print their URL. Started with an IPC channel,
// a server exits when that channel closes, so it cannot outlive the run.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { getRequestListener } from "@hono/node-server";
import { Hono } from "hono";
import { createMockPos } from "../simulator/app.ts";
import { ScaledClock } from "../simulator/clock/index.ts";
import { listen } from "../simulator/server.ts";

const SERVER_KINDS = ["mockpos", "plain", "hono"] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

/** What mockpos prints once listening. */
export interface MockposReady {
  url: string;
  locations: { id: string; apiKey: string }[];
}

/** One captured answer: the path asked, and the status, content type and body mockpos sent. */
export interface CapturedPage {
  path: string;
  status: number;
  contentType: string | null;
  /** The body, base64. */
  body: string;
}

const USAGE =
  "usage: node bench/server.ts mockpos [--locations N] [--seed TEXT] [--clock real|scaled] [--no-lane]\n" +
  "       node bench/server.ts plain|hono --pages FILE";

function fail(message: string): never {
  process.stderr.write(`bench/server: ${message}\n${USAGE}\n`);
  process.exit(2);
}

interface Parsed {
  kind: ServerKind;
  locations: number;
  seed: string;
  clock: "real" | "scaled";
  pages: string | undefined;
  /** Serve mockpos through its app alone, without the hot-read lane ahead of it. */
  noLane: boolean;
}

function parse(argv: string[]): Parsed {
  let parsed: {
    values: { locations?: string; seed?: string; clock?: string; pages?: string; "no-lane"?: boolean };
    positionals: string[];
  };
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        locations: { type: "string" },
        seed: { type: "string" },
        clock: { type: "string" },
        pages: { type: "string" },
        "no-lane": { type: "boolean" },
      },
    });
  } catch (err) {
    fail((err as Error).message);
  }
  const [kind, ...extra] = parsed.positionals;
  if (!SERVER_KINDS.includes(kind as ServerKind))
    fail(`expected mockpos, plain or hono, got '${kind ?? ""}'`);
  if (extra.length > 0) fail(`unexpected argument '${extra[0]}'`);
  const locations = Number(parsed.values.locations ?? "1000");
  if (!Number.isInteger(locations) || locations < 1 || locations > 10_000) {
    fail(`--locations must be an integer from 1 to 10000, got '${parsed.values.locations}'`);
  }
  const seed = parsed.values.seed ?? "bench";
  if (seed === "") fail("--seed must not be empty");
  const clock = parsed.values.clock ?? "real";
  if (clock !== "real" && clock !== "scaled") fail(`--clock must be real or scaled, got '${clock}'`);
  if (kind !== "mockpos" && parsed.values.pages === undefined) fail(`${kind} needs --pages FILE`);
  return {
    kind: kind as ServerKind,
    locations,
    seed,
    clock,
    pages: parsed.values.pages,
    noLane: parsed.values["no-lane"] === true,
  };
}

interface Page {
  status: number;
  headers: Record<string, string | number>;
  body: Buffer;
  /** The same for Hono, whose headers are strings and body a Uint8Array. */
  textHeaders: Record<string, string>;
  bytes: Uint8Array<ArrayBuffer>;
}

function loadPages(file: string): Map<string, Page> {
  const captured = JSON.parse(readFileSync(file, "utf8")) as CapturedPage[];
  const pages = new Map<string, Page>();
  for (const page of captured) {
    const body = Buffer.from(page.body, "base64");
    const headers: Record<string, string | number> = { "content-length": body.length };
    if (page.contentType !== null) headers["content-type"] = page.contentType;
    const textHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)]));
    pages.set(page.path, { status: page.status, headers, body, textHeaders, bytes: new Uint8Array(body) });
  }
  return pages;
}

const NOT_FOUND = Buffer.from("not found\n");

function pathOf(url: string): string {
  const query = url.indexOf("?");
  return query < 0 ? url : url.slice(0, query);
}

// The floor: node:http writing bytes it already has.
function plainListener(pages: Map<string, Page>) {
  return (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => {
    const page = pages.get(pathOf(req.url ?? ""));
    if (page === undefined) {
      res.writeHead(404, { "content-type": "text/plain", "content-length": NOT_FOUND.length });
      res.end(NOT_FOUND);
      return;
    }
    res.writeHead(page.status, page.headers);
    res.end(page.body);
  };
}

// What the framework alone costs: Hono routing and its node adapter, nothing of mockpos.
function honoListener(pages: Map<string, Page>) {
  const app = new Hono();
  app.get("/v1/locations/:locationId/:tail", (c) => {
    const page = pages.get(c.req.path);
    if (page === undefined) return c.text("not found\n", 404);
    return c.body(page.bytes, page.status as 200, page.textHeaders);
  });
  return getRequestListener(app.fetch);
}

async function serveOnLoopback(listener: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function main(): Promise<void> {
  const options = parse(process.argv.slice(2));
  if (process.send !== undefined) process.on("disconnect", () => process.exit(0));
  // Exit through process.exit, so `node --cpu-prof bench/server.ts …` writes its profile.
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(0));
  if (options.kind === "mockpos") {
    const clock = options.clock === "scaled" ? new ScaledClock({ factor: 60 }) : undefined;
    const { dialects, sim } = createMockPos({ seed: options.seed, locations: options.locations, clock });
    const { app, lane } = dialects.generic;
    // As `mockpos serve` serves it, the hot-read lane ahead of the app, unless asked for the app alone.
    const { url } = await listen(app, {
      port: 0,
      host: "127.0.0.1",
      dialect: true,
      lane: options.noLane ? undefined : lane,
    });
    const locations = sim.chain.locations.map((l) => ({ id: l.id, apiKey: l.credentials.apiKey }));
    process.stdout.write(`${JSON.stringify({ url, locations } satisfies MockposReady)}\n`);
    return;
  }
  const pages = loadPages(options.pages as string);
  const url = await serveOnLoopback(options.kind === "plain" ? plainListener(pages) : honoListener(pages));
  process.stdout.write(`${url}\n`);
}

await main();
