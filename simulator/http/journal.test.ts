import { describe, expect, it } from "vitest";
import { simpleProduct } from "../../test/support/menu.ts";
import { testPos } from "../../test/support/pos.ts";
import type { FaultRuleInput } from "../faults/schema.ts";

function setup(...faults: FaultRuleInput[]) {
  const pos = testPos();
  if (faults.length > 0) pos.sim.faults.use(...faults);
  const [one, two] = [pos.location(0), pos.location(1)];
  const { groupKey, serverToken } = pos.sim.chain.credentials;
  const basic = (user: string, password: string) =>
    `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
  const call = (
    app: "generic" | "elyx" | "sinqro",
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ) =>
    pos.dialects[app].app.request(path, {
      method: body === undefined ? "GET" : "POST",
      headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const last = () => [...pos.sim.journal.entries()].at(-1);
  const secrets = () => [
    groupKey,
    serverToken,
    ...pos.sim.chain.locations.flatMap((l) => [l.credentials.apiKey, l.credentials.password]),
  ];
  return { ...pos, one, two, groupKey, serverToken, basic, call, last, secrets };
}

describe("journal: the query string", () => {
  it("is recorded raw, and null when there is none", async () => {
    const pos = setup();
    const key = { "x-api-key": pos.one.credentials.apiKey };
    await pos.call("generic", `/v1/locations/${pos.one.id}/orders?view=in_progress&limit=5`, key);
    expect(pos.last()).toMatchObject({
      path: `/v1/locations/${pos.one.id}/orders`,
      query: "view=in_progress&limit=5",
    });
    await pos.call("generic", `/v1/locations/${pos.one.id}/menu`, key);
    expect(pos.last()?.query).toBeNull();
    await pos.call("elyx", "/api/v1/tickets?locations=1%2C2&status=open", { "x-api-key": pos.groupKey });
    expect(pos.last()).toMatchObject({ dialect: "elyx", query: "locations=1%2C2&status=open" });
  });

  it("keeps the names of parameters that carry a secret, never their values", async () => {
    const pos = setup();
    const secret = pos.one.credentials.apiKey;
    const query = [
      "view=new",
      `api_key=${secret}`,
      `access_token=${secret}`,
      `apiKey=${secret}`,
      `X-Api-Key=${secret}`,
      `client%5Fsecret=${secret}`,
      `password=${secret}`,
      `sig=${secret}`,
      "cursor=c-12",
      "limit=5",
    ].join("&");
    await pos.call("generic", `/v1/locations/${pos.one.id}/orders?${query}`, {});
    const recorded = pos.last()?.query ?? "";
    expect(recorded).toBe(
      "view=new&api_key=REDACTED&access_token=REDACTED&apiKey=REDACTED&X-Api-Key=REDACTED&client%5Fsecret=REDACTED&password=REDACTED&sig=REDACTED&cursor=c-12&limit=5",
    );
    expect(recorded).not.toContain(secret);
  });
});

describe("journal: which credential sent a request, never the secret", () => {
  it("generic: an API key, HTTP Basic, another location's, a wrong one, none", async () => {
    const pos = setup();
    const url = `/v1/locations/${pos.one.id}/status`;
    const { apiKey, username, password } = pos.one.credentials;
    const seen: [number, string | null | undefined][] = [];
    const send = async (headers: Record<string, string>) => {
      const res = await pos.call("generic", url, headers);
      seen.push([res.status, pos.last()?.credential]);
    };
    await send({ "x-api-key": apiKey });
    await send({ authorization: pos.basic(username, password) });
    await send({ "x-api-key": pos.two.credentials.apiKey });
    await send({ "x-api-key": "not-a-key" });
    await send({ authorization: pos.basic(username, "wrong") });
    await send({ authorization: "Bearer something" });
    await send({ "x-api-user-access-token": apiKey });
    await send({});
    expect(seen).toEqual([
      [200, `apiKey:${pos.one.id}`],
      [200, `basic:${pos.one.id}`],
      [403, `apiKey:${pos.two.id}`],
      [401, "unknown"],
      [401, "unknown"],
      [401, "unknown"],
      [401, "unknown"],
      [401, null],
    ]);
  });

  it("elyx: the server's group key, a location's key, anything else, none", async () => {
    const pos = setup();
    const seen: (string | null | undefined)[] = [];
    const send = async (path: string, headers: Record<string, string>) => {
      await pos.call("elyx", `/api/v1${path}`, headers);
      seen.push(pos.last()?.credential);
    };
    await send("/locations", { "x-api-key": pos.groupKey });
    await send("/locations/1", { "x-api-key": pos.one.credentials.apiKey });
    await send("/locations/1", {
      authorization: pos.basic(pos.one.credentials.username, pos.one.credentials.password),
    });
    await send("/locations/1", { "x-api-key": "nope" });
    await send("/locations/1", {});
    expect(seen).toEqual(["groupKey", `apiKey:${pos.one.id}`, "unknown", "unknown", null]);
  });

  it("sinqro: a restaurant's user token with the server token; anything short of that is unknown", async () => {
    const pos = setup();
    const seen: (string | null | undefined)[] = [];
    const send = async (headers: Record<string, string>) => {
      await pos.call("sinqro", "/sinqro/v1/restaurant", headers);
      seen.push(pos.last()?.credential);
    };
    const user = pos.two.credentials.apiKey;
    await send({ "x-api-server-access-token": pos.serverToken, "x-api-user-access-token": user });
    await send({ "x-api-server-access-token": "wrong", "x-api-user-access-token": user });
    await send({ "x-api-user-access-token": user });
    await send({ "x-api-server-access-token": pos.serverToken, "x-api-user-access-token": "nobody" });
    await send({});
    expect(seen).toEqual([`user:${pos.two.id}`, "unknown", "unknown", "unknown", null]);
  });

  it("a key rotated away is unknown; the new one is named", async () => {
    const pos = setup({
      id: "rotate",
      kind: "rotate_credentials",
      at: "+1m",
      scope: { locations: ["loc-0001"] },
    });
    const old = pos.one.credentials.apiKey;
    await pos.clock.advance(60_000);
    await pos.call("generic", `/v1/locations/${pos.one.id}/menu`, { "x-api-key": old });
    expect(pos.last()).toMatchObject({ status: 401, credential: "unknown", fault: "rotate" });
    await pos.call("generic", `/v1/locations/${pos.one.id}/menu`, {
      "x-api-key": pos.one.credentials.apiKey,
    });
    expect(pos.last()).toMatchObject({ status: 200, credential: `apiKey:${pos.one.id}` });
  });

  it("no entry holds a secret", async () => {
    const pos = setup();
    await pos.call("generic", `/v1/locations/${pos.one.id}/status`, {
      "x-api-key": pos.one.credentials.apiKey,
    });
    await pos.call("generic", `/v1/locations/${pos.one.id}/status`, {
      authorization: pos.basic(pos.one.credentials.username, pos.one.credentials.password),
    });
    await pos.call("elyx", "/api/v1/locations", { "x-api-key": pos.groupKey });
    await pos.call("sinqro", "/sinqro/v1/restaurant", {
      "x-api-server-access-token": pos.serverToken,
      "x-api-user-access-token": pos.one.credentials.apiKey,
    });
    const text = JSON.stringify([...pos.sim.journal.entries()]);
    for (const secret of pos.secrets()) expect(text).not.toContain(secret);
  });
});

describe("journal: the idempotency key the client sent, whatever became of the request", () => {
  const order = (pos: ReturnType<typeof setup>) => ({
    type: "take_away",
    items: [{ productId: simpleProduct(pos.one).id, quantity: 1 }],
  });

  it("a connection refused or reset before the write ran (generic, sinqro)", async () => {
    const pos = setup({
      id: "down",
      kind: "unreachable",
      mode: "refuse",
      scope: { operations: ["order.create"] },
    });
    const before = pos.one.orders.size;
    await expect(
      pos.call(
        "generic",
        `/v1/locations/${pos.one.id}/orders`,
        { "x-api-key": pos.one.credentials.apiKey, "idempotency-key": "guest-1" },
        order(pos),
      ),
    ).rejects.toThrow();
    expect(pos.one.orders.size).toBe(before);
    expect(pos.last()).toMatchObject({
      status: 0,
      outcome: "UNREACHABLE",
      fault: "down",
      idempotencyKey: "guest-1",
      credential: `apiKey:${pos.one.id}`,
    });
    pos.sim.faults.use({
      id: "cut",
      kind: "unreachable",
      mode: "reset",
      scope: { operations: ["order.create"] },
    });
    const online = { type: "TAKE_AWAY", payment: { method: "EPAYMENT" }, items: order(pos).items };
    await expect(
      pos.call(
        "sinqro",
        "/sinqro/v1/orders",
        {
          "x-api-server-access-token": pos.serverToken,
          "x-api-user-access-token": pos.one.credentials.apiKey,
          "x-idempotency-key": "sq-1",
        },
        online,
      ),
    ).rejects.toThrow();
    expect(pos.last()).toMatchObject({
      dialect: "sinqro",
      status: 0,
      idempotencyKey: "sq-1",
      credential: `user:${pos.one.id}`,
    });
  });

  it("a black hole the client gave up on (elyx)", async () => {
    const pos = setup({
      id: "hole",
      kind: "unreachable",
      mode: "blackhole",
      hold: "30s",
      scope: { operations: ["order.create"] },
    });
    const lines = [{ articleId: simpleProduct(pos.one).id, quantity: 1 }];
    const pending = pos.call(
      "elyx",
      "/api/v1/locations/1/tickets",
      { "x-api-key": pos.groupKey, "idempotency-key": "ticket-9" },
      { lines },
    );
    const settled = Promise.resolve(pending).then(
      () => "answered",
      () => "dropped",
    );
    await pos.clock.advance(30_000);
    expect(await settled).toBe("dropped");
    expect(pos.last()).toMatchObject({
      dialect: "elyx",
      status: 0,
      outcome: "TIMEOUT",
      idempotencyKey: "ticket-9",
      credential: "groupKey",
    });
  });

  it("a write refused before it ran: wrong credentials, bad input; and a read that sent one", async () => {
    const pos = setup();
    const url = `/v1/locations/${pos.one.id}/orders`;
    await pos.call("generic", url, { "x-api-key": "wrong", "idempotency-key": "k-401" }, order(pos));
    expect(pos.last()).toMatchObject({ status: 401, idempotencyKey: "k-401", credential: "unknown" });
    await pos.call(
      "generic",
      url,
      { "x-api-key": pos.one.credentials.apiKey, "idempotency-key": "k-400" },
      {},
    );
    expect(pos.last()).toMatchObject({ status: 400, idempotencyKey: "k-400" });
    await pos.call("generic", url, { "x-api-key": pos.one.credentials.apiKey, "idempotency-key": "k-get" });
    expect(pos.last()).toMatchObject({ status: 200, operation: "orders.list", idempotencyKey: "k-get" });
    // Only the dialect's own header: Sinqro's spelling is not a generic key.
    await pos.call("generic", url, { "x-api-key": pos.one.credentials.apiKey, "x-idempotency-key": "other" });
    expect(pos.last()?.idempotencyKey).toBeNull();
  });

  it("a key too long for the contract is kept cut, and refused", async () => {
    const pos = setup();
    const key = "k".repeat(1000);
    const res = await pos.call(
      "generic",
      `/v1/locations/${pos.one.id}/orders`,
      { "x-api-key": pos.one.credentials.apiKey, "idempotency-key": key },
      order(pos),
    );
    expect(res.status).toBe(400);
    expect(pos.last()?.idempotencyKey).toBe(`${"k".repeat(255)}…`);
  });
});
