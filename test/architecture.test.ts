import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");
const TOP = [
  "bench",
  "bin",
  "conformance",
  "connector",
  "contracts",
  "fuzz",
  "load",
  "pact",
  "simulator",
  "verify",
];

/** Source files the product is made of: tests and their helpers (test/, test-support.ts, testing.ts) are consumers, not parts. */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules") out.push(...sources(path));
    } else if (/\.ts$/.test(entry.name) && !/\.test\.ts$|^(test-support|testing)\.ts$/.test(entry.name)) {
      out.push(path);
    }
  }
  return out;
}

/** Static imports and re-exports, side-effect imports and dynamic `import("…")` of a relative path. */
const IMPORT = /(?:^\s*(?:import|export)\s[^;]*?\sfrom\s+|^\s*import\s+|\bimport\(\s*)"(\.{1,2}\/[^"]+)"/gm;

type Edge = { from: string; to: string; file: string; target: string };

/** Imports between the groups `groupOf` puts files in (null: left out), each with one file that makes it. */
function importGraph(groupOf: (file: string) => string | null): Map<string, Map<string, Edge>> {
  const graph = new Map<string, Map<string, Edge>>();
  for (const top of TOP) {
    let files: string[];
    try {
      files = sources(join(ROOT, top));
    } catch {
      continue;
    }
    for (const file of files) {
      const from = groupOf(file);
      if (from === null) continue;
      for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) {
        const target = resolve(dirname(file), m[1] as string);
        const to = groupOf(target);
        if (to === null || to === from) continue;
        const out = graph.get(from) ?? new Map<string, Edge>();
        graph.set(from, out);
        if (!out.has(to))
          out.set(to, { from, to, file: relative(ROOT, file), target: relative(ROOT, target) });
      }
    }
  }
  return graph;
}

/** One cycle per strongly connected group (Tarjan), each as the shortest loop through its first node. */
function cycles(graph: Map<string, Map<string, Edge>>): Edge[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return groups.map((group) => shortestLoop(graph, group[0] as string, new Set(group)));
}

function shortestLoop(graph: Map<string, Map<string, Edge>>, start: string, within: Set<string>): Edge[] {
  const via = new Map<string, Edge>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift() as string;
    for (const edge of [...(graph.get(v)?.values() ?? [])].sort((a, b) => a.to.localeCompare(b.to))) {
      if (!within.has(edge.to)) continue;
      if (edge.to === start) {
        const loop = [edge];
        for (let at = v; at !== start; at = (via.get(at) as Edge).from) loop.unshift(via.get(at) as Edge);
        return loop;
      }
      if (!via.has(edge.to)) {
        via.set(edge.to, edge);
        queue.push(edge.to);
      }
    }
  }
  return [];
}

const describeLoop = (loop: Edge[]) =>
  [
    `${loop.map((e) => e.from).join(" → ")} → ${loop[0]?.from}`,
    ...loop.map((e) => `  ${e.from} → ${e.to}: ${e.file} imports ${e.target}`),
  ].join("\n");

function check(level: "top" | "simulator", groupOf: (file: string) => string | null) {
  const loops = cycles(importGraph(groupOf)).map(describeLoop);
  expect(
    loops,
    `import cycles between ${level === "top" ? "top-level folders" : "simulator folders"}`,
  ).toEqual([]);
}

/**
 * The simulator's groups: each folder, and each file at its root on its own. `dialects/` is a
 * folder of dialects, so each dialect's folder is a group and the files at its root (the
 * descriptor type, the registry, the shell that composes a dialect) count on their own.
 */
function simulatorGroup(file: string): string | null {
  const parts = relative(ROOT, file).split("/");
  if (parts[0] !== "simulator" || parts.length < 2) return null;
  if (parts[1] === "dialects" && parts.length > 2)
    return parts.length === 3 ? `dialects/${parts[2]}` : `dialects/${parts[2]}/`;
  return parts.length === 2 ? (parts[1] as string) : `${parts[1]}/`;
}

/**
 * "Shared code imports no dialect": a simulator file outside `simulator/dialects/` may import the
 * files at that folder's root (the descriptor type, the registry, the shell) but nothing inside a
 * dialect's own folder; what it needs of a dialect comes through the descriptor. Tests are
 * consumers and may (sources() leaves them out).
 */
function reachesIntoDialect(file: string, target: string): boolean {
  const from = relative(ROOT, file).split("/");
  const to = relative(ROOT, target).split("/");
  const inDialects = (parts: string[]) => parts[0] === "simulator" && parts[1] === "dialects";
  return from[0] === "simulator" && !inDialects(from) && inDialects(to) && to.length > 3;
}

function dialectImports(): string[] {
  const out: string[] = [];
  for (const file of sources(join(ROOT, "simulator"))) {
    for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const target = resolve(dirname(file), m[1] as string);
      if (reachesIntoDialect(file, target))
        out.push(`${relative(ROOT, file)} imports ${relative(ROOT, target)}`);
    }
  }
  return out;
}

describe("architecture: no import cycles", () => {
  it("between top-level folders", () => {
    check("top", (file) => {
      const [top] = relative(ROOT, file).split("/");
      return top !== undefined && TOP.includes(top) ? top : null;
    });
  });

  it("between the simulator's folders (a file at its root counts on its own; so does each dialect)", () => {
    check("simulator", simulatorGroup);
  });

  it("finds a loop, and names the imports that make it", () => {
    const edge = (from: string, to: string): Edge => ({
      from,
      to,
      file: `${from}/x.ts`,
      target: `${to}/y.ts`,
    });
    const graph = new Map([
      ["a", new Map([["b", edge("a", "b")]])],
      ["b", new Map([["c", edge("b", "c")]])],
      ["c", new Map([["a", edge("c", "a")]])],
      ["d", new Map([["a", edge("d", "a")]])],
    ]);
    expect(cycles(graph).map(describeLoop)).toEqual([
      "a → b → c → a\n  a → b: a/x.ts imports b/y.ts\n  b → c: b/x.ts imports c/y.ts\n  c → a: c/x.ts imports a/y.ts",
    ]);
    graph.get("c")?.delete("a");
    expect(cycles(graph)).toEqual([]);
  });
});

describe("architecture: shared code imports no dialect", () => {
  it("no simulator file outside simulator/dialects/ imports a dialect's own folder", () => {
    expect(dialectImports(), "give it what it needs through the dialect's descriptor").toEqual([]);
  });

  it("tells a dialect's own files from the dialects' shared root", () => {
    const at = (path: string) => join(ROOT, path);
    expect(reachesIntoDialect(at("simulator/quirks/q.ts"), at("simulator/dialects/elyx/ids.ts"))).toBe(true);
    expect(reachesIntoDialect(at("simulator/quirks/q.ts"), at("simulator/dialects/descriptor.ts"))).toBe(
      false,
    );
    expect(reachesIntoDialect(at("simulator/app.ts"), at("simulator/dialects/registry.ts"))).toBe(false);
    expect(
      reachesIntoDialect(at("simulator/dialects/registry.ts"), at("simulator/dialects/elyx/index.ts")),
    ).toBe(false);
    expect(reachesIntoDialect(at("connector/mock/x.ts"), at("simulator/dialects/elyx/ids.ts"))).toBe(false);
  });

  it("groups each dialect on its own, and the dialects' root files each on their own", () => {
    expect(simulatorGroup(join(ROOT, "simulator/dialects/elyx/ids.ts"))).toBe("dialects/elyx/");
    expect(simulatorGroup(join(ROOT, "simulator/dialects/registry.ts"))).toBe("dialects/registry.ts");
    expect(simulatorGroup(join(ROOT, "simulator/faults/kinds/lock.ts"))).toBe("faults/");
    expect(simulatorGroup(join(ROOT, "simulator/app.ts"))).toBe("app.ts");
  });
});
