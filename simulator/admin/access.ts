import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { isLoopback, listenerNames, type ServerTls } from "../tls/index.ts";

type Fetch = (req: Request, env?: unknown) => Response | Promise<Response>;

export interface AdminAccessOptions {
  /** The address the listeners bind: beyond loopback, every admin request needs the token. */
  host: string;
  /** The admin token. When given it is required on every admin and console request, loopback too. */
  token?: string;
  /** Names the listeners are also reached by (`--allowed-hosts`), besides loopback and the bind address. */
  allowedHosts?: readonly string[];
}

/** The admin API's and the console's access rules, for one deployment. */
export interface AdminAccess {
  /** Whether a listener binds beyond loopback. */
  exposed: boolean;
  /** Whether requests must carry the token (exposed, or a token was given). */
  tokenRequired: boolean;
  /** Host names (and addresses) requests may name in `Host`. */
  names: readonly string[];
  /** The refusal for `req`, or null when it may go on. Only `/__admin` and `/__console` are checked. */
  check(req: Request): Response | null;
}

const ADMIN = /^\/__admin(\/|$)/;
const CONSOLE = /^\/__console(\/|$)/;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

/** The header a client may send the token in, besides `Authorization: Bearer`. */
export const ADMIN_TOKEN_HEADER = "x-mockpos-admin-token";

/**
 * The rules: `Host` must be one of the listener's own names (a DNS-rebinding page names its own);
 * beyond loopback, or whenever a token is set, the token is required (a header for `/__admin`;
 * for the console, which a browser opens, `?token=` once sets a same-site cookie); a request that
 * changes state must come from the listener's own origin (`Origin`, `Sec-Fetch-Site`), and one to
 * `/__admin` must not be of a type a cross-site page can send without asking (form or text).
 */
export function adminAccess(options: AdminAccessOptions): AdminAccess {
  const exposed = !isLoopback(options.host);
  const token = options.token;
  const tokenRequired = exposed || token !== undefined;
  const names = listenerNames(options.host, options.allowedHosts ?? []);
  const allowed = new Set(names);
  const session = token === undefined ? undefined : sessionOf(token);

  const check = (req: Request): Response | null => {
    const url = new URL(req.url);
    const path = url.pathname;
    const console = CONSOLE.test(path);
    if (!console && !ADMIN.test(path)) return null;
    const host = url.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
    const header = req.headers.get("host");
    const named = header === null ? host : hostOf(header);
    if (!allowed.has(host) || !allowed.has(named ?? "")) {
      return problem(url, 421, "MISDIRECTED_REQUEST", "This listener is not reached by that name", [
        `Host '${header ?? url.host}' is not one of this listener's names (${names.join(", ")});`,
        "start mockpos with --allowed-hosts NAME to answer to another.",
      ]);
    }
    if (tokenRequired) {
      const cookieName = `mockpos_console_${url.port || (url.protocol === "https:" ? "443" : "80")}`;
      const given = bearerOf(req) ?? (console ? url.searchParams.get("token") : null);
      const fromCookie = console && session !== undefined && cookieOf(req, cookieName) === session;
      if (!fromCookie && (token === undefined || given === null || !same(given, token))) {
        const res = problem(url, 401, "UNAUTHORIZED", "The admin token is missing or wrong", [
          token === undefined
            ? "this mockpos binds beyond loopback with no admin token: start it with --admin-token."
            : `send the admin token: Authorization: Bearer <token> (or ${ADMIN_TOKEN_HEADER});`,
          console && token !== undefined ? "open the console once as /__console?token=<token>." : "",
        ]);
        res.headers.set("www-authenticate", 'Bearer realm="mockpos admin"');
        return res;
      }
      if (console && url.searchParams.has("token") && session !== undefined && SAFE_METHODS.has(req.method)) {
        // Off the address bar (history, Referer) at once: the cookie carries the session from here.
        url.searchParams.delete("token");
        const secure = url.protocol === "https:" ? "; Secure" : "";
        return new Response(null, {
          status: 303,
          headers: {
            location: `${url.pathname}${url.search}`,
            "set-cookie": `${cookieName}=${session}; Path=/__console; HttpOnly; SameSite=Strict${secure}`,
            "cache-control": "no-store",
          },
        });
      }
    }
    if (SAFE_METHODS.has(req.method)) return null;
    const site = req.headers.get("sec-fetch-site");
    const origin = req.headers.get("origin");
    if (
      (site !== null && site !== "same-origin" && site !== "none") ||
      (origin !== null && origin !== url.origin)
    ) {
      return problem(url, 403, "CROSS_SITE_REQUEST", "Refused: sent by another site", [
        `a ${req.method} from ${origin ?? `a ${site} page`} may not change this simulator;`,
        "admin requests come from this listener's own pages or from a client that is not a browser.",
      ]);
    }
    const type = req.headers.get("content-type");
    if (!console && type !== null && !JSON_TYPE.test(type)) {
      return problem(url, 415, "UNSUPPORTED_MEDIA_TYPE", "Body must be application/json", [
        `the admin API takes application/json, not '${type.slice(0, 100)}'.`,
      ]);
    }
    return null;
  };
  return { exposed, tokenRequired, names, check };
}

/** `app` behind `access`: refused admin and console requests never reach it. */
export function guardAdmin<T extends { fetch: Fetch }>(app: T, access: AdminAccess): { fetch: Fetch } {
  return {
    fetch: (req, env) => access.check(req) ?? app.fetch(req, env),
  };
}

function problem(url: URL, status: number, code: string, title: string, detail: string[]): Response {
  const body = {
    type: `https://mockpos.dev/problems/${code.toLowerCase().replaceAll("_", "-")}`,
    title,
    status,
    detail: detail.filter((d) => d !== "").join(" "),
    instance: url.pathname,
    code,
    retryable: false,
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store" },
  });
}

function hostOf(header: string): string | null {
  try {
    return new URL(`http://${header}`).hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  } catch {
    return null;
  }
}

function bearerOf(req: Request): string | null {
  const auth = req.headers.get("authorization");
  const bearer = auth === null ? null : /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1];
  return bearer ?? req.headers.get(ADMIN_TOKEN_HEADER);
}

function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}

// The cookie is not the token: a cookie that leaks (a proxy log, a shared browser) opens only the console.
function sessionOf(token: string): string {
  return createHmac("sha256", token).update("mockpos console session").digest("base64url");
}

function same(a: string, b: string): boolean {
  const h = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(h(a), h(b));
}

/**
 * The banner's lines about TLS and the admin lock. A generated token is printed here, once, at
 * start (and in the console line); a token the operator gave is never repeated.
 */
export function securityLines(options: {
  tls: ServerTls | undefined;
  access: AdminAccess;
  generated: string | undefined;
}): string[] {
  const { tls, access, generated } = options;
  const lines: string[] = [];
  if (tls?.ca) {
    lines.push(`  tls         HTTPS (HTTP/2 and HTTP/1.1), certificate signed by a CA made at start`);
    lines.push(`  ca file     ${tls.ca.file}   (SHA-256 ${tls.ca.facts.fingerprint256})`);
  } else if (tls) {
    lines.push(`  tls         HTTPS (HTTP/2 and HTTP/1.1) with --tls-cert: ${tls.leaf.subject}`);
  }
  if (tls) lines.push(`  certificate SHA-256 ${tls.leaf.fingerprint256}, valid to ${tls.leaf.validTo}`);
  if (generated)
    lines.push(
      `  admin token ${generated}   (generated: this mockpos binds beyond loopback; send Authorization: Bearer <token> to /__admin)`,
    );
  else if (access.tokenRequired)
    lines.push(
      "  admin token the one given (--admin-token): Authorization: Bearer <token>; the console: /__console?token=<token>",
    );
  return lines;
}
