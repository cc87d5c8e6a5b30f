import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import type { Hono } from "hono";
import { ConnectionDropped } from "./faults/connection.ts";

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  port: number;
  /** Stops accepting connections, lets in-flight requests finish, then closes idle keep-alive sockets. */
  close(): Promise<void>;
}

export interface ListenOptions {
  port: number;
  /** Interface to bind. Default 127.0.0.1: a mock POS is not meant to face the network. */
  host?: string;
}

/** Serves a Hono app over node:http; resolves once the socket is listening. */
export function listen(
  app: Hono<never> | { fetch: Hono["fetch"] },
  options: ListenOptions,
): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  const listener = getRequestListener(app.fetch, {
    hostname: host,
    // A fault already cut the socket: there is nothing left to answer.
    errorHandler: (err: unknown) =>
      err instanceof ConnectionDropped ? undefined : new Response(null, { status: 500 }),
  });
  const server = createServer(listener);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => {
      server.off("error", reject);
      const { port } = server.address() as AddressInfo;
      const shown = host.includes(":") ? `[${host}]` : host;
      resolve({
        url: `http://${shown}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
          }),
      });
    });
  });
}
