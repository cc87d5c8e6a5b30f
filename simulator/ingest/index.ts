import { type Context, Hono } from "hono";
import type { PushResultBody } from "../../contracts/push/results.ts";
import { MAX_PUSH_BODY_BYTES, pushOpenApiDocument, reports } from "../../contracts/push/routes.ts";
import { formatProblem } from "../../contracts/push/rules.ts";
import { type Clock, RealClock } from "../clock/index.ts";
import { PosError } from "../domain/errors.ts";
import { toPosError } from "../http/errors.ts";
import { genericProblem } from "../http/problem.ts";
import { type Accepted, acceptCatalog, acceptSales, invalid } from "./accept.ts";
import { authenticate, forbidden, type IngestCredential, mayUse } from "./auth.ts";
import { readJson } from "./body.ts";
import { IngestStore } from "./store.ts";

export type { IngestCredential } from "./auth.ts";
export { IngestStore } from "./store.ts";

export interface IngestReceiverOptions {
  /** Who may push: a credential per location, or a routing credential whose data names venueID. */
  credentials: IngestCredential[];
  /** Where report and storage times come from. Default the real clock. */
  clock?: Clock;
  /** Largest body read. Default 2 MiB. */
  maxBodyBytes?: number;
  /** Batch reports kept, oldest dropped first. Default 1,000. */
  maxReports?: number;
}

export interface IngestReceiver {
  app: Hono;
  store: IngestStore;
}

const PUSH_PATHS = ["/orders/", "/orders", "/catalog/", "/catalog"];

/**
 * An ingest API for the generic push feed: checks every push against the published contract,
 * stores it all or nothing, and keeps a report of every batch saying what was wrong.
 */
export function createIngestReceiver(options: IngestReceiverOptions): IngestReceiver {
  const credentials = new Map<string, IngestCredential>();
  for (const c of options.credentials) {
    if (!c.username || c.username.includes(":") || !c.password)
      throw new RangeError(`credential '${c.username}': needs a user name without ':' and a password`);
    if (credentials.has(c.username)) throw new RangeError(`credential '${c.username}' is given twice`);
    credentials.set(c.username, c);
  }
  const clock = options.clock ?? new RealClock();
  const maxBody = options.maxBodyBytes ?? MAX_PUSH_BODY_BYTES;
  const store = new IngestStore(options.maxReports);
  const document = pushOpenApiDocument();
  const app = new Hono();
  const who = (c: Context) => authenticate(credentials, c.req.header("authorization"));

  function push(kind: "sales" | "catalog") {
    return async (c: Context) => {
      const credential = who(c);
      const batch = store.nextBatchId();
      const at = new Date(clock.now()).toISOString();
      const report = { id: batch, at, kind, credential: credential.username };
      let raw: unknown;
      try {
        raw = await readJson(c.req.raw, maxBody);
        const done: Accepted =
          kind === "sales"
            ? acceptSales(store, credential, raw, batch, at)
            : acceptCatalog(store, credential, raw);
        const venues = done.venues.map((v) => v.venueID);
        store.report({ ...report, status: 200, accepted: true, ...done, venues, problems: [] });
        return c.json({ batch, kind, ...done } satisfies PushResultBody, 200);
      } catch (err) {
        const refused = toPosError(err);
        const problems = refused.details.invalidParams?.map(formatProblem) ?? [refused.message];
        const status = genericProblem(refused, c.req.path).status;
        const received = count(kind, raw);
        store.report({
          ...report,
          status,
          accepted: false,
          received,
          created: 0,
          updated: 0,
          venues: [],
          problems,
        });
        throw new PosError(refused.code, refused.message, {
          ...refused.details,
          extensions: { ...refused.details.extensions, batch },
        });
      }
    };
  }

  app.post("/orders/", push("sales"));
  app.post("/orders", push("sales"));
  app.post("/catalog/", push("catalog"));
  app.post("/catalog", push("catalog"));
  for (const path of PUSH_PATHS)
    app.all(path, (c) => {
      throw new PosError("METHOD_NOT_ALLOWED", `${c.req.method} ${path}: only POST is accepted here`);
    });

  function venue(c: Context): string {
    const credential = who(c);
    const venueID = c.req.param("venueID") ?? "";
    if (!mayUse(credential, venueID)) throw forbidden(credential, [{ name: "path.venueID", venueID }]);
    return venueID;
  }
  app.get("/venues/:venueID/orders", (c) => {
    const venueID = venue(c);
    return c.json({ venueID, orders: store.orders(venueID) });
  });
  app.get("/venues/:venueID/catalog", (c) => c.json(store.catalog(venue(c))));
  app.get("/reports", (c) => {
    const credential = who(c);
    const query = reports.request.query.safeParse(c.req.query());
    if (!query.success)
      throw invalid(
        query.error.issues.map((i) => ({ name: `query.${i.path.join(".")}`, reason: i.message })),
        "the query is not valid",
      );
    return c.json({ batches: store.reports(credential.username).slice(-query.data.limit) });
  });
  app.get("/openapi.json", (c) => c.json(document));
  app.notFound((c) => render(new PosError("NOT_FOUND", `no route ${c.req.method} ${c.req.path}`), c));
  app.onError((err, c) => render(toPosError(err), c));
  return { app, store };
}

function count(kind: "sales" | "catalog", raw: unknown): number {
  if (typeof raw !== "object" || raw === null) return 0;
  const body = raw as Record<string, unknown>;
  const keys = kind === "sales" ? ["orders"] : ["categories", "items", "menus", "modifierGroups"];
  return keys.reduce((n, k) => n + (Array.isArray(body[k]) ? (body[k] as unknown[]).length : 0), 0);
}

function render(err: PosError, c: Context): Response {
  const body = genericProblem(err, c.req.path);
  const headers: Record<string, string> = { "content-type": "application/problem+json" };
  if (err.code === "UNAUTHORIZED")
    headers["www-authenticate"] = 'Basic realm="mockpos-ingest", charset="UTF-8"';
  return new Response(JSON.stringify(body), { status: body.status, headers });
}
