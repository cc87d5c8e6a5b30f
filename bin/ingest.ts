import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import type { IngestCredential } from "../simulator/ingest/auth.ts";

export const INGEST_USAGE = `mockpos ingest — a receiver for the generic push feed (catalog and sales)

Usage:
  mockpos ingest [--port 8090] [--host 127.0.0.1] (--credentials FILE | --user U --password P)

Options:
  --port N            port to listen on (default 8090; 0 picks a free one)
  --host ADDR         interface to bind (default 127.0.0.1)
  --credentials FILE  JSON: a list of {"username","password","venues"?: [ids]}, or the output of
                      GET /__admin/chain of a mockpos (each location's Basic user for its own venue)
  --user U            one routing credential (with --password) that may send for any venue;
                      every order and catalog must then carry venueID
  --password P
  -h, --help          this help

Routes: POST /catalog/, POST /orders/, GET /venues/{venueID}/orders, GET /venues/{venueID}/catalog,
GET /reports, GET /openapi.json.
`;

/** A mistake in the command line: exit code 2. */
export class IngestUsageError extends Error {}

const CredentialList = z.array(
  z.object({
    username: z.string().min(1),
    password: z.string().min(1),
    venues: z.array(z.string().min(1)).min(1).optional(),
  }),
);
const AdminChain = z.object({
  locations: z.array(
    z.object({ id: z.string(), credentials: z.object({ username: z.string(), password: z.string() }) }),
  ),
});

function readCredentials(file: string): IngestCredential[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new IngestUsageError(`--credentials: cannot read ${file}: ${(err as Error).message}`);
  }
  const chain = AdminChain.safeParse(json);
  if (chain.success) return chain.data.locations.map((l) => ({ ...l.credentials, venues: [l.id] }));
  const list = CredentialList.safeParse(json);
  if (list.success) return list.data;
  const why = list.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`).join("; ");
  throw new IngestUsageError(`--credentials: ${file} is not a list of {username, password, venues?}: ${why}`);
}

/** The receiver's settings from the command line; throws IngestUsageError on a mistake. */
export function ingestConfig(argv: string[]) {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        credentials: { type: "string" },
        user: { type: "string" },
        password: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (err) {
    throw new IngestUsageError((err as Error).message);
  }
  const port = Number(values.port ?? 8090);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new IngestUsageError(`--port: must be an integer from 0 to 65535 (got "${values.port}")`);
  const credentials = typeof values.credentials === "string" ? readCredentials(values.credentials) : [];
  const { user, password } = values;
  if ((user === undefined) !== (password === undefined))
    throw new IngestUsageError("--user and --password go together");
  if (typeof user === "string" && typeof password === "string")
    credentials.push({ username: user, password });
  if (credentials.length === 0 && !values.help)
    throw new IngestUsageError("give --credentials FILE or --user and --password");
  return { port, host: String(values.host ?? "127.0.0.1"), credentials, help: values.help === true };
}

/** `mockpos ingest`: serves the receiver until SIGINT or SIGTERM; the URL is on the first stdout line. */
export async function runIngest(argv: string[]): Promise<number> {
  let config: ReturnType<typeof ingestConfig>;
  try {
    config = ingestConfig(argv);
  } catch (err) {
    if (!(err instanceof IngestUsageError)) throw err;
    process.stderr.write(`mockpos ingest: ${err.message}\n\n${INGEST_USAGE}`);
    return 2;
  }
  if (config.help) {
    process.stdout.write(INGEST_USAGE);
    return 0;
  }
  const [{ createIngestReceiver }, { listen }] = await Promise.all([
    import("../simulator/ingest/index.ts"),
    import("../simulator/server.ts"),
  ]);
  let receiver: ReturnType<typeof createIngestReceiver>;
  try {
    receiver = createIngestReceiver({ credentials: config.credentials });
  } catch (err) {
    process.stderr.write(`mockpos ingest: ${(err as Error).message}\n`);
    return 2;
  }
  let server: Awaited<ReturnType<typeof listen>>;
  try {
    server = await listen(receiver.app, { port: config.port, host: config.host });
  } catch (err) {
    process.stderr.write(
      `mockpos ingest: cannot listen on ${config.host}:${config.port}: ${(err as Error).message}\n`,
    );
    return 1;
  }
  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.stdout.write(`mockpos ingest: ${signal} received, shutting down\n`);
      resolve();
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
  process.stdout.write(
    [
      `mockpos ingest listening on ${server.url}  (${config.credentials.length} credential(s))`,
      `  push        POST ${server.url}/catalog/  POST ${server.url}/orders/  (HTTP Basic)`,
      `  reports     ${server.url}/reports`,
      `  contract    ${server.url}/openapi.json`,
      "",
    ].join("\n"),
  );
  await stopped;
  await server.close();
  process.stdout.write("mockpos ingest: stopped\n");
  return 0;
}

if (import.meta.main) runIngest(process.argv.slice(2)).then((code) => (process.exitCode = code));
