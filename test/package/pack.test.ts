import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { started, stopAll } from "../support/processes.ts";
import { answers } from "../support/served.ts";

// The package as a user installs it: `npm pack` (which builds dist/ through `prepack`), the
// tarball installed into an empty folder, then its CLI and its API used from there, by name.
// Nothing here reads the source tree but the tarball.

const ROOT = resolve(import.meta.dirname, "../..");
const NODE_BIN = dirname(process.execPath);
// Hang detectors for a busy two-core machine, not speed claims: the build and install take
// seconds idle.
const STEP_LIMIT = 240_000;

function sh(command: string, args: string[], cwd: string) {
  const r = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    // npm's scripts and npx must find this Node 24, whatever node the machine puts first.
    env: { ...process.env, PATH: `${NODE_BIN}:${process.env.PATH}`, MOCKPOS_PORT: "" },
    timeout: STEP_LIMIT,
    killSignal: "SIGKILL",
  });
  if (r.error || r.status !== 0)
    throw new Error(
      `${command} ${args.join(" ")} (in ${cwd}) failed: ${r.error?.message ?? `exit ${r.status}`}\n${r.stdout}\n${r.stderr}`,
    );
  return r.stdout;
}

/** Type-checks one consumer file in the installed folder as a user's project would. */
function typeCheck(file: string) {
  writeFileSync(
    join(app, `tsconfig.${file}.json`),
    JSON.stringify({
      compilerOptions: {
        target: "es2024",
        module: "nodenext",
        moduleResolution: "nodenext",
        strict: true,
        noEmit: true,
        allowImportingTsExtensions: true,
        // The consumer's own @types/node: the one of this repository, not installed with mockpos.
        typeRoots: [join(ROOT, "node_modules", "@types")],
        types: ["node"],
      },
      files: [file],
    }),
  );
  sh(
    process.execPath,
    [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", `tsconfig.${file}.json`],
    app,
  );
}

let work = "";
let app = "";

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "mockpos-pack-"));
  app = join(work, "app");
  const file = sh("npm", ["pack", "--silent", "--pack-destination", work], ROOT).trim().split("\n").pop();
  if (!file?.endsWith(".tgz")) throw new Error(`npm pack named no tarball: ${file}`);
  sh("mkdir", [app], work);
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  // The registry is reachable for the dependencies; the npm cache usually has them all.
  sh("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", join(work, file)], app);
}, 2 * STEP_LIMIT);

afterEach(stopAll);
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the packed package, installed into an empty folder", () => {
  it("ships JavaScript and types, and brings only the production dependencies", () => {
    const pkg = join(app, "node_modules", "mockpos");
    expect(existsSync(join(pkg, "dist", "index.js"))).toBe(true);
    expect(existsSync(join(pkg, "dist", "index.d.ts"))).toBe(true);
    expect(existsSync(join(pkg, "dist", "contracts", "openapi", "generic.openapi.json"))).toBe(true);
    expect(existsSync(join(pkg, "dist", "testcontainers", "index.d.ts"))).toBe(true);
    // No TypeScript source to strip (Node strips none under node_modules), no test.
    const shipped = readdirSync(pkg, { recursive: true }).map(String);
    expect(shipped.filter((f) => /(?<!\.d)\.ts$/.test(f) || /\.test\./.test(f))).toEqual([]);
    const installed = readdirSync(join(app, "node_modules"));
    for (const dev of ["vitest", "typescript", "@biomejs", "@pact-foundation", "playwright-core"])
      expect(installed).not.toContain(dev);
    // An optional peer: only users of mockpos/testcontainers install it.
    expect(installed).not.toContain("testcontainers");
  });

  it("serves with `npx mockpos serve`, every dialect answering, and stops on SIGTERM", async () => {
    // A process group of its own: npx passes no signal on, a terminal signals the whole group.
    const serve = started(
      "npx",
      ["mockpos", "serve", "--seed", "packed", "--port", "0", "--elyx-port", "0", "--sinqro-port", "0"],
      { cwd: app, detached: true, env: { ...process.env, PATH: `${NODE_BIN}:${process.env.PATH}` } },
    );
    const [, url] = await serve.printed(/listening on (http:\/\/\S+)/);
    const [, elyxUrl] = await serve.printed(/elyx\s+(http:\/\/\S+)/);
    const [, sinqroUrl] = await serve.printed(/sinqro\s+(http:\/\/\S+)/);
    const seen = await answers(String(url), String(elyxUrl));
    expect(seen.chain.seed).toBe("packed");
    expect(seen.generic).toMatchObject({ status: 200, locationId: "loc-0001" });
    expect(seen.elyx).toMatchObject({ status: 200, locationId: 1 });
    // Sinqro answers too, in its own words: a request without its two tokens is refused.
    const sinqro = await fetch(`${sinqroUrl}/sinqro/v1/orders/none`);
    expect(sinqro.status).toBe(401);
    expect(((await sinqro.json()) as { error: { code: string } }).error.code).toBe("INVALID_ACCESS_TOKEN");
    process.kill(-(serve.child.pid as number), "SIGTERM");
    await serve.printed(/mockpos: stopped/);
  });

  it("is imported by name with its types: simulator, webhook signatures, conformance suite", () => {
    writeFileSync(join(app, "consumer.ts"), CONSUMER);
    // The type check fails if the types are missing or wrong (see the @ts-expect-error line).
    typeCheck("consumer.ts");
    const out = JSON.parse(sh(process.execPath, ["consumer.ts"], app));
    expect(out).toEqual({
      status: 200,
      locationId: "loc-0001",
      adminLocations: 1,
      unknownFault: "400",
      signed: true,
      forged: "bad_signature",
      checks: 30,
      verdict: { check: "envelope.status-cadence", status: "pass" },
      deepImport: "ERR_PACKAGE_PATH_NOT_EXPORTED",
    });
  });

  it("exports MockPosContainer as mockpos/testcontainers, with its types, once testcontainers is installed", {
    timeout: 2 * STEP_LIMIT,
  }, () => {
    writeFileSync(join(app, "container-consumer.ts"), CONTAINER_CONSUMER);
    // Without the optional peer the subpath says what is missing; the root entry needs nothing.
    const before = JSON.parse(sh(process.execPath, ["container-consumer.ts"], app));
    expect(before).toEqual({ missing: "testcontainers" });
    sh(
      "npm",
      ["install", "--prefer-offline", "--no-audit", "--no-fund", `testcontainers@${TESTCONTAINERS}`],
      app,
    );
    typeCheck("container-consumer.ts");
    const after = JSON.parse(sh(process.execPath, ["container-consumer.ts"], app));
    expect(after).toEqual({
      genericContainer: true,
      ports: { generic: 8080, elyx: 8082, sinqro: 8083 },
      badLocations: "RangeError",
      badDialect: "RangeError",
    });
  });
});

// The range the repository tests MockPosContainer with, which its peer dependency names.
const TESTCONTAINERS = String(
  JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).peerDependencies.testcontainers,
);

// Builds containers without starting one: testcontainers/index.test.ts starts them.
const CONTAINER_CONSUMER = `let mod: typeof import("mockpos/testcontainers");
try {
  mod = await import("mockpos/testcontainers");
} catch (err) {
  const missing = /Cannot find package '([^']+)'/.exec(String(err))?.[1];
  console.log(JSON.stringify({ missing: missing ?? String(err) }));
  process.exit(0);
}
const { MockPosContainer, MOCKPOS_PORTS } = mod;
const { GenericContainer } = await import("testcontainers");

const container = new MockPosContainer("mockpos:local")
  .withLocations(20)
  .withSeed("x")
  .withDialects("generic", "elyx")
  .withClock({ mode: "virtual", start: new Date("2026-03-13T11:30:00Z") });
const errorName = (f: () => unknown) => {
  try {
    f();
    return "none";
  } catch (err) {
    return (err as Error).name;
  }
};

// Never called: only type-checked. The subpath's types are the real ones, not \`any\`.
export async function typesAreReal() {
  const started = await container.start();
  const url: string = started.baseUrl("elyx");
  const creds = await started.credentials();
  const key: string = creds.locations[0]!.credentials.apiKey;
  await started.admin.faults.add({ id: "w", kind: "lock", duration: "45s" });
  // @ts-expect-error no such dialect
  started.baseUrl("square");
  return [url, key];
}

console.log(JSON.stringify({
  genericContainer: container instanceof GenericContainer,
  ports: MOCKPOS_PORTS,
  badLocations: errorName(() => new MockPosContainer("mockpos:local").withLocations(0)),
  // @ts-expect-error no such dialect
  badDialect: errorName(() => new MockPosContainer("mockpos:local").withDialects("square")),
}));
`;

const CONSUMER = `import {
  CHECKS,
  type CheckResult,
  createMockPos,
  MockPosAdmin,
  MockPosAdminError,
  referenceEngine,
  runSuite,
  signWebhook,
  VirtualClock,
  verifyWebhook,
  WEBHOOK_HEADERS,
} from "mockpos";

const clock = new VirtualClock(Date.parse("2026-03-02T11:00:00Z"));
const { app, sim } = createMockPos({ seed: "consumer", locations: 1, clock });
const location = sim.chain.locations[0]!;
const res = await app.request(\`/v1/locations/\${location.id}/status\`, {
  headers: { "X-Api-Key": location.credentials.apiKey },
});
const status = (await res.json()) as { locationId: string };

const admin = MockPosAdmin.inProcess(app);
const chain = await admin.chain.get();
let unknownFault = "accepted";
try {
  await admin.faults.add({ kind: "no-such-kind" } as never);
} catch (err) {
  unknownFault = err instanceof MockPosAdminError ? String(err.status) : String(err);
}

const body = JSON.stringify({ event: "order.status" });
const at = Math.floor(clock.now() / 1000);
const headers = { [WEBHOOK_HEADERS.timestamp]: String(at), [WEBHOOK_HEADERS.signature]: signWebhook("s3cret-key", at, body) };
const signed = verifyWebhook({ secret: "s3cret-key", headers, rawBody: body, now: clock.now() });
const forged = verifyWebhook({ secret: "another-key", headers, rawBody: body, now: clock.now() });

const check = CHECKS.find((c) => c.id === "envelope.status-cadence")!;
const [result]: CheckResult[] = await runSuite([check], {
  dialects: ["generic"],
  mode: "drive",
  target: { kind: "in-process", engine: referenceEngine },
  seed: "consumer",
});

let deepImport = "imported";
try {
  // @ts-expect-error not in the exports map: only the package's root is public
  await import("mockpos/dist/simulator/app.js");
} catch (err) {
  deepImport = (err as { code?: string }).code ?? String(err);
}

// Never called: only type-checked. The package's types are the real ones, not \`any\`.
export function typesAreReal() {
  // @ts-expect-error locations is a number
  createMockPos({ locations: "three" });
}

console.log(JSON.stringify({
  status: res.status,
  locationId: status.locationId,
  adminLocations: chain.locations.length,
  unknownFault,
  signed: signed.ok,
  forged: forged.ok ? "accepted" : forged.reason,
  checks: CHECKS.length,
  verdict: { check: result!.check, status: result!.verdict.status },
  deepImport,
}));
`;
