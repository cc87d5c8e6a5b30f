import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from "node:http";
import { createSecureServer, Http2ServerRequest, type Http2Session } from "node:http2";
import type { AddressInfo, Socket } from "node:net";
import { getRequestListener } from "@hono/node-server";
import type { Hono } from "hono";
import { ConnectionDropped } from "./faults/connection.ts";
import type { Lane } from "./hot-reads/index.ts";
import { HEADER_OVERFLOW, MAX_HEADER_BYTES } from "./http/limits.ts";

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
  /**
   * The app is a dialect (simulator/dialects/shell.ts): a request whose head overflows the limit is
   * answered by the app, in the dialect's own 431, and journaled. Otherwise it gets a bare 431.
   */
  dialect?: boolean;
  /**
   * The dialect's hot-read lane (`Shell.lane`), asked first for every HTTP/1.x request: what it does
   * not answer goes to the app. Only for a listener that serves the whole chain: a scoped app's
   * scope lives in the app. Wrappers that act on other paths alone (the admin access rules and the
   * console, on `/__admin` and `/__console`) may sit behind it.
   */
  lane?: Lane;
  /**
   * Serve HTTPS with this certificate and key (PEM): HTTP/2 and HTTP/1.1 on the one port, by ALPN.
   * With `clientCa`, every connection is asked for a client certificate of that CA (mTLS); one
   * without is let in, so the dialect refuses it in its own words rather than with a TLS alert.
   */
  tls?: { cert: string; key: string; clientCa?: string };
}

const ANSWERED = Promise.resolve();

type Fetch = (request: Request, env?: unknown) => Response | Promise<Response>;

/** Serves a Hono app over node:http; resolves once the socket is listening. */
export function listen(
  app: Hono<never> | { fetch: Hono["fetch"] },
  options: ListenOptions,
): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  const fetch = options.tls ? limitHttp2Headers(app.fetch as Fetch, options.dialect === true) : app.fetch;
  const listener = getRequestListener(fetch, {
    hostname: host,
    // A fault already cut the socket: there is nothing left to answer.
    errorHandler: (err: unknown) =>
      err instanceof ConnectionDropped ? undefined : new Response(null, { status: 500 }),
  });
  const lane = options.lane;
  const front: typeof listener = lane
    ? (req, res) =>
        req.httpVersionMajor === 1 && lane(req as IncomingMessage, res as ServerResponse)
          ? ANSWERED
          : listener(req, res)
    : listener;
  // The header limit is the contract's (x-mockpos-limits), not whatever node was started with.
  const server = options.tls
    ? secureServer(options.tls, front)
    : createServer({ maxHeaderSize: MAX_HEADER_BYTES }, front);
  // HTTP/2 sessions are not node:http connections: closing lets their streams finish, then ends them.
  const sessions = new Set<Http2Session>();
  server.on("session", (session: Http2Session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
  });
  server.on("clientError", (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
    if (err.code === "HPE_HEADER_OVERFLOW" && options.dialect) {
      void answerOverflow(app.fetch as Fetch, host, err.rawPacket, socket);
      return;
    }
    refuse(err, socket);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => {
      server.off("error", reject);
      const { port } = server.address() as AddressInfo;
      const shown = host.includes(":") ? `[${host}]` : host;
      resolve({
        url: `${options.tls ? "https" : "http"}://${shown}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // An HTTP/2 server has it too, for its HTTP/1.1 connections, but its types do not say so.
            (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
            for (const session of sessions) session.close();
          }),
      });
    });
  });
}

/**
 * One port for HTTP/2 and HTTP/1.1 over TLS. HTTP/1.1 connections go through node:http's own
 * parser, which reads its header limit from the server object; HTTP/2 sessions get the same limit
 * as their header list size.
 */
function secureServer(
  tls: NonNullable<ListenOptions["tls"]>,
  listener: ReturnType<typeof getRequestListener>,
) {
  const client = tls.clientCa ? { requestCert: true, rejectUnauthorized: false, ca: tls.clientCa } : {};
  const server = createSecureServer(
    {
      cert: tls.cert,
      key: tls.key,
      allowHTTP1: true,
      settings: { maxHeaderListSize: MAX_HEADER_BYTES },
      ...client,
    },
    listener,
  );
  Object.assign(server, { maxHeaderSize: MAX_HEADER_BYTES });
  return server;
}

/**
 * The header limit for HTTP/2 requests, which node's HTTP/2 server does not hold to its settings:
 * counted as HTTP/1.1 would (`name: value` lines), and over it a dialect answers its own 431 as
 * for HTTP/1.1; any other app a bare one.
 */
function limitHttp2Headers(fetch: Fetch, dialect: boolean): Fetch {
  return (request, env) => {
    const incoming = (env as { incoming?: unknown } | undefined)?.incoming;
    if (!(incoming instanceof Http2ServerRequest)) return fetch(request, env);
    let bytes = 0;
    const raw = incoming.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) bytes += (raw[i]?.length ?? 0) + (raw[i + 1]?.length ?? 0) + 4;
    if (bytes <= MAX_HEADER_BYTES) return fetch(request, env);
    if (!dialect) return new Response(null, { status: 431 });
    return fetch(request, { ...(env as object), [HEADER_OVERFLOW]: true });
  };
}

/**
 * Headers over the limit: node cannot parse the request, so the dialect is asked to answer a
 * stand-in with the same method and path (flagged through `env`, which no client reaches). It
 * answers its own 431 and journals it; the connection then closes, as the rest of the request
 * cannot be read.
 */
async function answerOverflow(fetch: Fetch, host: string, raw: Buffer | undefined, socket: Socket) {
  const line = /^([A-Z]{1,20}) (\/[^ \r\n]{0,2048}) HTTP\/1\.[01]\r?\n/.exec(raw?.toString("latin1") ?? "");
  const method = line?.[1] === "HEAD" ? "GET" : (line?.[1] ?? "GET");
  const target = line?.[2] ?? "/";
  let head = "HTTP/1.1 431 Request Header Fields Too Large\r\nconnection: close\r\ncontent-length: 0\r\n\r\n";
  let body = Buffer.alloc(0);
  try {
    const url = new URL(target, `http://${host.includes(":") ? `[${host}]` : host}`);
    const res = await fetch(new Request(url, { method }), { [HEADER_OVERFLOW]: true });
    if (res.status !== 431) throw new Error(`the app answered ${res.status}, not 431`);
    body = Buffer.from(await res.arrayBuffer());
    const headers = [...res.headers].filter(([name]) => name !== "content-length" && name !== "connection");
    head = [
      `HTTP/1.1 ${res.status} ${STATUS_CODES[res.status] ?? ""}`,
      ...headers.map(([name, value]) => `${name}: ${value}`),
      `content-length: ${body.length}`,
      "connection: close",
      "",
      "",
    ].join("\r\n");
  } catch {
    // The bare answer above still tells the client what happened.
  }
  if (!socket.writable) return;
  socket.end(Buffer.concat([Buffer.from(head, "latin1"), line?.[1] === "HEAD" ? Buffer.alloc(0) : body]));
}

/** Any other request node cannot parse: what node answers without a listener. */
function refuse(err: NodeJS.ErrnoException, socket: Socket) {
  if (err.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const status =
    err.code === "HPE_HEADER_OVERFLOW"
      ? "431 Request Header Fields Too Large"
      : err.code === "HPE_CHUNK_EXTENSIONS_OVERFLOW"
        ? "413 Payload Too Large"
        : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? "408 Request Timeout"
          : "400 Bad Request";
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
}
