import { describe, expect, it } from "vitest";
import { k6Env, parseRunArgs, type RunSettings } from "../args.ts";

const run = {
  baseUrl: "http://127.0.0.1:1",
  credentialsPath: "/c.json",
  outDir: "/out",
  runId: "r",
  label: "l",
};

function settings(argv: string[]): RunSettings {
  const s = parseRunArgs(argv);
  if (s === "help") throw new Error("help");
  return s;
}

describe("npm run load options", () => {
  it("maps onto the k6 script's LOAD_* settings, leaving unset ones to its defaults", () => {
    const env = k6Env(settings(["--locations", "300", "--compress", "20", "--duration", "30s"]), run);
    expect(env).toEqual({
      LOAD_DIALECT: "generic",
      LOAD_BASE_URL: "http://127.0.0.1:1",
      LOAD_CREDENTIALS: "/c.json",
      LOAD_OUT: "/out",
      LOAD_RUN_ID: "r",
      LOAD_LABEL: "l",
      LOAD_COMPRESS: "20",
      LOAD_DURATION: "30s",
    });
  });

  it("passes budgets and, against a target, how many of its locations to use", () => {
    const s = settings(["--target", "http://127.0.0.1:9/", "--credentials", "c.json", "--locations", "5"]);
    expect(s.target).toBe("http://127.0.0.1:9");
    const env = k6Env({ ...s, readP99: 400, writeP99: 2000, warmup: "0" }, run);
    expect(env).toMatchObject({
      LOAD_LOCATIONS: "5",
      LOAD_READ_P99_MS: "400",
      LOAD_WRITE_P99_MS: "2000",
      LOAD_WARMUP: "0",
    });
    const shared = k6Env(settings(["--p50", "25", "--max-dropped", "0.05"]), run);
    expect(shared).toMatchObject({ LOAD_P50_MS: "25", LOAD_MAX_DROPPED: "0.05" });
    expect(() => parseRunArgs(["--max-dropped", "2"])).toThrow(/--max-dropped/);
  });

  it("speaks the dialect asked for, and against a target needs credentials for it", () => {
    expect(k6Env(settings(["--dialect", "elyx"]), run).LOAD_DIALECT).toBe("elyx");
    expect(settings([]).dialect).toBe("generic");
    const target = ["--target", "http://127.0.0.1:9"];
    expect(settings([...target, "--dialect", "sinqro", "--credentials", "c.json"]).dialect).toBe("sinqro");
    expect(() => parseRunArgs([...target, "--dialect", "sinqro"])).toThrow(/--credentials/);
    expect(settings(target).credentials).toBeUndefined();
    expect(() => parseRunArgs(["--dialect", "toast"])).toThrow(
      /--dialect must be one of generic, elyx, sinqro/,
    );
  });

  it("exports the web dashboard without serving it when asked", () => {
    const env = k6Env(settings(["--dashboard"]), run);
    expect(env).toMatchObject({
      K6_WEB_DASHBOARD: "true",
      K6_WEB_DASHBOARD_PORT: "-1",
      K6_WEB_DASHBOARD_EXPORT: "/out/dashboard.html",
      K6_WEB_DASHBOARD_PERIOD: "10s",
    });
    expect(k6Env(settings(["--dashboard", "--duration", "30s"]), run).K6_WEB_DASHBOARD_PERIOD).toBe("1s");
  });

  it("refuses bad options, naming them", () => {
    expect(() => parseRunArgs(["--locations", "0"])).toThrow(/--locations/);
    expect(() => parseRunArgs(["--compress", "fast"])).toThrow(/--compress/);
    expect(() => parseRunArgs(["--duration", "soon"])).toThrow(/--duration/);
    expect(() => parseRunArgs(["--warmup", "a bit"])).toThrow(/--warmup/);
    expect(() => parseRunArgs(["--target", "localhost:8080"])).toThrow(/--target/);
    expect(() => parseRunArgs(["--credentials", "c.json"])).toThrow(/--target/);
    expect(() => parseRunArgs(["--target", "http://127.0.0.1:1", "--seed", "x"])).toThrow(/--seed/);
    expect(() => parseRunArgs(["--nope"])).toThrow();
    expect(parseRunArgs(["-h"])).toBe("help");
  });
});
