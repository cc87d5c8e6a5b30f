import { describe, expect, it } from "vitest";
import { START } from "../../test/support/pos.ts";
import { createMockPos } from "../app.ts";
import { VirtualClock } from "../clock/index.ts";
import type { Location } from "../domain/types.ts";

// One readable resource per dialect, of the first location, and how its own errors look.
const DIALECTS = [
  {
    name: "generic",
    token: "/oauth/token",
    path: (n: number) => `/v1/locations/loc-000${n}/status`,
    code: (body: any) => body.code,
    unauthorized: "UNAUTHORIZED",
    forbidden: "FORBIDDEN_LOCATION",
  },
  {
    name: "elyx",
    token: "/api/v1/oauth/token",
    path: (n: number) => `/api/v1/locations/${n}`,
    code: (body: any) => body.error.type,
    unauthorized: "API_KEY_INVALID",
    forbidden: "LOCATION_NOT_ALLOWED",
  },
  {
    name: "sinqro",
    token: "/sinqro/v1/oauth/token",
    path: () => "/sinqro/v1/restaurant",
    code: (body: any) => body.error.code,
    unauthorized: "INVALID_ACCESS_TOKEN",
    forbidden: null,
  },
] as const;

function setup() {
  const clock = new VirtualClock(START);
  const mock = createMockPos({ seed: "oauth-test", locations: 2, clock, auth: "oauth" });
  const first = mock.sim.chain.locations[0] as Location;
  return { clock, mock, first };
}

type Mock = ReturnType<typeof setup>["mock"];

function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;
}

async function token(
  mock: Mock,
  dialect: string,
  path: string,
  location: Location,
  body = "grant_type=client_credentials",
) {
  return mock.dialects[dialect]?.app.request(path, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: basic(location.credentials.username, location.credentials.password),
    },
    body,
  }) as Promise<Response>;
}

describe.each(DIALECTS)("OAuth 2 client credentials, $name", (d) => {
  const call = (mock: Mock, n: number, auth?: string) =>
    mock.dialects[d.name]?.app.request(d.path(n), {
      headers: auth ? { authorization: auth } : {},
    }) as Promise<Response>;

  it("issues a bearer token that opens the location, and refuses none, a wrong one, another's", async () => {
    const { mock, first } = setup();
    const res = await token(mock, d.name, d.token, first);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(body.token_type).toBe("Bearer");
    expect(body.expires_in).toBe(3600);

    expect((await call(mock, 1, `Bearer ${body.access_token}`)).status).toBe(200);

    const none = await call(mock, 1);
    expect(none.status).toBe(401);
    expect(d.code(await none.json())).toBe(d.unauthorized);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="mockpos"');

    const wrong = await call(mock, 1, "Bearer mpat_not-a-token");
    expect(wrong.status).toBe(401);
    expect(d.code(await wrong.json())).toBe(d.unauthorized);
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Bearer realm="mockpos", error="invalid_token"/);

    // The location's API key no longer opens it: the chain speaks OAuth.
    const key = (await mock.dialects[d.name]?.app.request(d.path(1), {
      headers: { "x-api-key": first.credentials.apiKey, "x-api-user-access-token": first.credentials.apiKey },
    })) as Response;
    expect(key.status).toBe(401);
    expect(d.code(await key.json())).toBe(d.unauthorized);

    // The journal names whose credential each was, never the secret.
    const named = [...mock.sim.journal.entries()].map((e) => e.credential);
    expect(named.slice(0, 4)).toEqual([`client:${first.id}`, `bearer:${first.id}`, null, "unknown"]);

    if (d.forbidden) {
      const other = await call(mock, 2, `Bearer ${body.access_token}`);
      expect(other.status).toBe(403);
      expect(d.code(await other.json())).toBe(d.forbidden);
    }
  });

  it("lets a token expire on the simulator's clock", async () => {
    const { mock, first, clock } = setup();
    const { access_token } = (await (await token(mock, d.name, d.token, first)).json()) as {
      access_token: string;
    };
    await clock.advance(3_599_000);
    expect((await call(mock, 1, `Bearer ${access_token}`)).status).toBe(200);
    await clock.advance(1_000);
    const expired = await call(mock, 1, `Bearer ${access_token}`);
    expect(expired.status).toBe(401);
    expect(d.code(await expired.json())).toBe(d.unauthorized);
    expect(expired.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect(expired.headers.get("www-authenticate")).toContain("expired");
  });
});

describe("the token endpoint", () => {
  const post = (mock: Mock, init: { headers?: Record<string, string>; body?: string }) =>
    mock.app.request("/oauth/token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...init.headers },
      body: init.body ?? "grant_type=client_credentials",
    });

  it("answers RFC 6749 §5.2 errors", async () => {
    const { mock, first } = setup();
    const { username, password } = first.credentials;
    const cases: [Parameters<typeof post>[1], number, string][] = [
      [{}, 401, "invalid_client"],
      [{ headers: { authorization: basic(username, "wrong") } }, 401, "invalid_client"],
      [
        { headers: { authorization: basic(username, password) }, body: "grant_type=password" },
        400,
        "unsupported_grant_type",
      ],
      [{ headers: { authorization: basic(username, password) }, body: "" }, 400, "invalid_request"],
      [
        {
          headers: { authorization: basic(username, password) },
          body: `grant_type=client_credentials&client_id=${username}`,
        },
        400,
        "invalid_request",
      ],
      [
        { headers: { authorization: basic(username, password), "content-type": "application/json" } },
        400,
        "invalid_request",
      ],
    ];
    for (const [init, status, error] of cases) {
      const res = await post(mock, init);
      expect(res.status, JSON.stringify(init)).toBe(status);
      expect(((await res.json()) as { error: string }).error).toBe(error);
      if (status === 401) expect(res.headers.get("www-authenticate")).toMatch(/^Basic /);
    }
    // The client may authenticate in the form instead of HTTP Basic.
    const inForm = await post(mock, {
      body: `grant_type=client_credentials&client_id=${encodeURIComponent(username)}&client_secret=${encodeURIComponent(password)}`,
    });
    expect(inForm.status).toBe(200);
  });

  it("refuses the client secret rotated away, and takes the new one", async () => {
    const { mock, first, clock } = setup();
    const old = { ...first.credentials };
    const rule = await mock.app.request("/__admin/faults", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        id: "rotate",
        kind: "rotate_credentials",
        at: "+1m",
        scope: { locations: [first.id] },
      }),
    });
    expect(rule.status).toBe(201);
    await clock.advance(60_000);
    const chain = (await (await mock.app.request("/__admin/chain")).json()) as {
      locations: { id: string; auth: { mechanism: string; clientId: string; clientSecret: string } }[];
    };
    const listed = chain.locations.find((l) => l.id === first.id)?.auth;
    expect(listed?.mechanism).toBe("oauth");
    expect(listed?.clientSecret).not.toBe(old.password);
    const refused = await post(mock, { headers: { authorization: basic(old.username, old.password) } });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: string }).error).toBe("invalid_client");
    const taken = await post(mock, {
      headers: { authorization: basic(listed?.clientId ?? "", listed?.clientSecret ?? "") },
    });
    expect(taken.status).toBe(200);
  });
});

describe("token fault kinds", () => {
  const addRule = async (mock: Mock, rule: Record<string, unknown>) => {
    const res = await mock.app.request("/__admin/faults", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(rule),
    });
    expect(res.status, await res.clone().text()).toBe(201);
  };

  it("token_endpoint_down: the token endpoint answers 503 temporarily_unavailable; API calls with a token still work", async () => {
    const { mock, first } = setup();
    const { access_token } = (await (await token(mock, "generic", "/oauth/token", first)).json()) as {
      access_token: string;
    };
    await addRule(mock, { id: "down", kind: "token_endpoint_down", retryAfter: 30 });
    for (const d of DIALECTS) {
      const res = await token(mock, d.name, d.token, first);
      expect(res.status).toBe(503);
      expect(res.headers.get("x-mockpos-fault")).toBe("down");
      expect(res.headers.get("retry-after")).toBe("30");
      expect(((await res.json()) as { error: string }).error).toBe("temporarily_unavailable");
    }
    const api = await mock.app.request("/v1/locations/loc-0001/status", {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(api.status).toBe(200);
    expect(api.headers.get("x-mockpos-fault")).toBeNull();
  });

  it("token_endpoint_down with mode reset: the connection is cut, no answer", async () => {
    const { mock, first } = setup();
    await addRule(mock, { id: "cut", kind: "token_endpoint_down", mode: "reset" });
    await expect(token(mock, "generic", "/oauth/token", first)).rejects.toThrow();
    const [entry] = [...mock.sim.journal.entries()];
    expect([entry?.operation, entry?.status, entry?.fault]).toEqual(["oauth.token", 0, "cut"]);
  });

  it("token_early_expiry: revokes the scoped location's tokens, and new ones die after ttl", async () => {
    const { mock, first, clock } = setup();
    const second = mock.sim.chain.locations[1] as Location;
    const bearer = async (l: Location) =>
      `Bearer ${((await (await token(mock, "generic", "/oauth/token", l)).json()) as { access_token: string }).access_token}`;
    const status = (n: number, auth: string) =>
      mock.app.request(`/v1/locations/loc-000${n}/status`, { headers: { authorization: auth } });
    const one = await bearer(first);
    const two = await bearer(second);
    await addRule(mock, {
      id: "early",
      kind: "token_early_expiry",
      ttl: "30s",
      scope: { locations: [first.id] },
    });
    const revoked = await status(1, one);
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get("x-mockpos-fault")).toBe("early");
    expect(revoked.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect((await status(2, two)).status).toBe(200);

    const fresh = await bearer(first);
    expect((await status(1, fresh)).status).toBe(200);
    await clock.advance(30_000);
    const died = await status(1, fresh);
    expect(died.status).toBe(401);
    expect(died.headers.get("x-mockpos-fault")).toBe("early");
    expect((await status(2, two)).status).toBe(200);
  });
});

describe("the contracts", () => {
  it("publish the oauth2 client-credentials scheme and the token endpoint at each dialect's token URL", async () => {
    const { mock } = setup();
    for (const d of DIALECTS) {
      const doc = (await (await mock.dialects[d.name]?.app.request("/openapi.json"))?.json()) as {
        components: {
          securitySchemes: Record<string, { flows?: { clientCredentials: { tokenUrl: string } } }>;
        };
        paths: Record<string, Record<string, unknown>>;
      };
      expect(doc.components.securitySchemes.oauth2?.flows?.clientCredentials.tokenUrl).toBe(d.token);
      expect(Object.keys(doc.paths[d.token] ?? {})).toEqual(["post"]);
    }
  });
});
