// The server under test, in a process of its own so it doesn't share an event loop with the load.
//   node bench/server.ts <mockpos|plain> [--locations N] [--seed TEXT]
// Prints its URL on stdout once listening. Started by bench/http.ts with an IPC channel, it also
// answers the requests in BenchRequest, and exits when that channel closes so it cannot outlive the run.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { createMockPos } from "../simulator/app.ts";
import { listen } from "../simulator/server.ts";

const SERVER_KINDS = ["mockpos", "plain"] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

export type BenchRequest = { id: number; type: "locations" } | { id: number; type: "cpu" };

export type BenchReply =
  | { id: number; type: "locations"; locations: { id: string; apiKey: string }[] }
  // `at` is this process's clock, so IPC delay under load does not skew the CPU share.
  | { id: number; type: "cpu"; microseconds: number; at: number };

interface Page {
  status: number;
  headers: Record<string, string | number>;
  body: Buffer;
}

const USAGE = "usage: node bench/server.ts <mockpos|plain> [--locations N] [--seed TEXT]";

function fail(message: string): never {
  process.stderr.write(`bench/server: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parse(argv: string[]): { kind: ServerKind; locations: number; seed: string } {
  let parsed: { values: { locations?: string; seed?: string }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { locations: { type: "string" }, seed: { type: "string" } },
    });
  } catch (err) {
    fail((err as Error).message);
  }
  const [kind, ...extra] = parsed.positionals;
  if (!SERVER_KINDS.includes(kind as ServerKind)) fail(`expected mockpos or plain, got '${kind ?? ""}'`);
  if (extra.length > 0) fail(`unexpected argument '${extra[0]}'`);
  const locations = Number(parsed.values.locations ?? "1000");
  if (!Number.isInteger(locations) || locations < 1 || locations > 10_000) {
    fail(`--locations must be an integer from 1 to 10000, got '${parsed.values.locations}'`);
  }
  const seed = parsed.values.seed ?? "bench";
  if (seed === "") fail("--seed must not be empty");
  return { kind: kind as ServerKind, locations, seed };
}

type App = ReturnType<typeof createMockPos>["app"];

// The same handlers mockpos runs render each answer once, so both servers send identical bodies
// (the status `time` stays frozen at render time; its length does not change).
async function render(app: App, path: string, apiKey: string): Promise<Page> {
  const res = await app.request(path, { headers: { "X-Api-Key": apiKey } });
  const body = Buffer.from(await res.arrayBuffer());
  const headers: Record<string, string | number> = { "content-length": body.length };
  const type = res.headers.get("content-type");
  if (type !== null) headers["content-type"] = type;
  return { status: res.status, headers, body };
}

async function servePlain(app: App, locations: { id: string; apiKey: string }[]): Promise<string> {
  const pages = new Map<string, Page>();
  for (const { id, apiKey } of locations) {
    for (const tail of ["status", "menu"]) {
      const path = `/v1/locations/${id}/${tail}`;
      pages.set(path, await render(app, path, apiKey));
    }
  }
  const notFound = Buffer.from("not found\n");
  const server = createServer((req, res) => {
    const url = req.url ?? "";
    const query = url.indexOf("?");
    const page = pages.get(query < 0 ? url : url.slice(0, query));
    if (page === undefined) {
      res.writeHead(404, { "content-type": "text/plain", "content-length": notFound.length });
      res.end(notFound);
      return;
    }
    res.writeHead(page.status, page.headers);
    res.end(page.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function main(): Promise<void> {
  const { kind, locations, seed } = parse(process.argv.slice(2));
  const { app, sim } = createMockPos({ seed, locations });
  const credentials = sim.chain.locations.map((l) => ({ id: l.id, apiKey: l.credentials.apiKey }));

  const url =
    kind === "mockpos"
      ? (await listen(app, { port: 0, host: "127.0.0.1" })).url
      : await servePlain(app, credentials);

  const send = process.send?.bind(process);
  if (send !== undefined) {
    process.on("disconnect", () => process.exit(0));
    process.on("message", (message: BenchRequest) => {
      let reply: BenchReply;
      if (message.type === "locations") {
        reply = { id: message.id, type: "locations", locations: credentials };
      } else {
        const cpu = process.cpuUsage();
        reply = { id: message.id, type: "cpu", microseconds: cpu.user + cpu.system, at: performance.now() };
      }
      send(reply);
    });
  }
  process.stdout.write(`${url}\n`);
}

await main();
