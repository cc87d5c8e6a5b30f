import type { MockPos } from "../../simulator/app.ts";
import type { BuiltinDialect as DialectName } from "../../simulator/dialects/registry.ts";
import type { FetchLike } from "../http.ts";

/** The base URL under which a dialect of an in-process simulator answers `inProcessFetch`. */
export function inProcessBaseUrl(dialect: DialectName): string {
  return `http://${dialect}.mockpos.internal`;
}

/**
 * A fetch that reaches an in-process simulator's dialect apps with `app.request`: no socket, so a
 * suite on a virtual clock runs a service day in seconds. Hosts name the dialect
 * (`inProcessBaseUrl`); the generic host also serves the admin API.
 */
export function inProcessFetch(mock: MockPos): FetchLike {
  const apps = new Map(
    (Object.keys(mock.dialects) as DialectName[]).map((d) => [
      new URL(inProcessBaseUrl(d)).host,
      mock.dialects[d].app,
    ]),
  );
  return async (url, init) => {
    const target = new URL(url);
    const app = apps.get(target.host);
    if (!app) throw new TypeError(`fetch failed: no in-process simulator answers ${target.host}`);
    return app.request(`${target.pathname}${target.search}`, init);
  };
}
