import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Wire } from "../wire.ts";
import type { StateLog } from "./log.ts";

/**
 * The state-change URL verify hands Pact's verifier: it plays the change on the vendor's source,
 * logs it, marks the wire with the setup in force, and answers 400 — which the verifier does not
 * retry — when the state could not be set up. A teardown that failed is logged but answered 200:
 * the interaction it follows has been judged already.
 */
export async function serveStates(
  log: StateLog,
  wire: Wire,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let change: { state?: unknown; params?: unknown; action?: unknown };
    try {
      change = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as typeof change;
    } catch {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "not JSON" }));
      return;
    }
    const action = change.action === "teardown" ? "teardown" : "setup";
    const { event, values } = await log.change(
      {
        state: String(change.state ?? ""),
        params: (typeof change.params === "object" && change.params !== null ? change.params : {}) as Record<
          string,
          unknown
        >,
        action,
      },
      "pact",
    );
    if (action === "setup") wire.stateSeq = event.seq;
    if (event.ok || action === "teardown") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(values));
    } else {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: event.error }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
