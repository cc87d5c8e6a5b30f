import { checkElyxResponse } from "../../simulator/dialects/elyx/test-support.ts";
import { checkSinqro } from "../../simulator/dialects/sinqro/testing.ts";
import type { Location } from "../../simulator/domain/types.ts";
import { type Sent, testPos } from "./pos.ts";

/**
 * One simulator and a contract-checked request function per dialect: `generic` (as testPos),
 * `elyx` (the chain's group key unless a location is given), `sinqro` (the chain's server token
 * and the location's user token).
 */
export function allDialects() {
  const pos = testPos();
  const { sim } = pos;

  async function send(
    app: { request: (path: string, init: RequestInit) => Response | Promise<Response> },
    method: string,
    path: string,
    headers: Record<string, string>,
    body: unknown,
    check: (method: string, path: string, status: number, type: string, body: unknown) => void,
  ): Promise<Sent> {
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await app.request(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const type = (res.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";
    const parsed: unknown = /json/.test(type) ? JSON.parse(text) : text;
    check(method, path.split("?")[0] ?? path, res.status, type, parsed);
    return { status: res.status, headers: res.headers, body: parsed, text };
  }

  const elyx = (method: string, path: string, o: { body?: unknown; as?: Location } = {}) =>
    send(
      pos.dialects.elyx.app,
      method,
      `/api/v1${path}`,
      { "x-api-key": o.as?.credentials.apiKey ?? sim.chain.credentials.groupKey },
      o.body,
      checkElyxResponse,
    );

  const sinqro = (method: string, path: string, o: { body?: unknown; as?: Location } = {}) =>
    send(
      pos.dialects.sinqro.app,
      method,
      `/sinqro/v1${path}`,
      {
        "x-api-server-access-token": sim.chain.credentials.serverToken,
        "x-api-user-access-token": (o.as ?? pos.location(0)).credentials.apiKey,
      },
      o.body,
      checkSinqro,
    );

  return { ...pos, elyx, sinqro };
}
