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

const IMPORT = /^\s*(?:import|export)\s[^;]*?\sfrom\s+"(\.{1,2}\/[^"]+)"/gm;

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

function reaches(graph: Map<string, Map<string, Edge>>, from: string, to: string): boolean {
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length > 0) {
    for (const next of graph.get(queue.shift() as string)?.keys() ?? []) {
      if (next === to) return true;
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return false;
}

const describeLoop = (loop: Edge[]) =>
  [
    `${loop.map((e) => e.from).join(" → ")} → ${loop[0]?.from}`,
    ...loop.map((e) => `  ${e.from} → ${e.to}: ${e.file} imports ${e.target}`),
  ].join("\n");

/**
 * Imports that still close a loop, each with how to cut it. The test fails on any loop that
 * needs another import, and on an entry here that is no longer imported or on no loop any more,
 * so the list only shrinks.
 */
const KNOWN: Record<"top" | "simulator", Record<string, string>> = {
  top: {
    "contracts -> simulator":
      "the admin contracts take the simulator's schemas (fault rules, scenarios, failure codes, operations): move those schemas under contracts/, or the admin contracts beside the admin API",
  },
  simulator: {
    "faults/ -> http/":
      "faults/middleware.ts (the HTTP middleware) types its context with http/env.ts: move it to http/ once the credential lookup there has settled",
    "faults/ -> topology/": "faults/middleware.ts calls topology/scope.ts: the same move",
    "http/ -> quirks/":
      "http/shell.ts composes the dialect shell (quirks, journal, faults, dialect names): move it above them, beside the dialects",
    "http/ -> dialects/": "http/shell.ts names the dialects: the same move",
    "dialects/ -> topology/":
      "dialects/elyx/access.ts checks the listener's scope (topology/scope.ts), while topology/serve.ts builds the app: serve.ts belongs beside app.ts and server.ts",
    "admin/ -> topology/": "admin/index.ts reads the listeners from topology/serve.ts: the same move",
  },
};

function withoutKnown(graph: Map<string, Map<string, Edge>>, known: readonly string[]) {
  const pruned = new Map<string, Map<string, Edge>>();
  for (const [from, out] of graph) {
    pruned.set(from, new Map([...out].filter(([to]) => !known.includes(`${from} -> ${to}`))));
  }
  return pruned;
}

function check(level: "top" | "simulator", groupOf: (file: string) => string | null) {
  const graph = importGraph(groupOf);
  const known = Object.keys(KNOWN[level]);
  const stale = known.filter((e) => {
    const [from, to] = e.split(" -> ");
    return !graph.get(from as string)?.has(to as string);
  });
  expect(stale, "listed as known but no longer imported: take them off KNOWN").toEqual([]);
  const harmless = known.filter((e) => {
    const [from, to] = e.split(" -> ") as [string, string];
    return !reaches(graph, to, from);
  });
  expect(harmless, "listed as known but on no loop any more: take them off KNOWN").toEqual([]);
  const loops = cycles(withoutKnown(graph, known)).map(describeLoop);
  expect(
    loops,
    `import cycles between ${level === "top" ? "top-level folders" : "simulator folders"}`,
  ).toEqual([]);
}

describe("architecture: no import cycles", () => {
  it("between top-level folders", () => {
    check("top", (file) => {
      const [top] = relative(ROOT, file).split("/");
      return top !== undefined && TOP.includes(top) ? top : null;
    });
  });

  it("between the simulator's folders (a file at its root counts on its own)", () => {
    check("simulator", (file) => {
      const parts = relative(ROOT, file).split("/");
      if (parts[0] !== "simulator" || parts.length < 2) return null;
      return parts.length === 2 ? (parts[1] as string) : `${parts[1]}/`;
    });
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
    expect(cycles(withoutKnown(graph, ["c -> a"]))).toEqual([]);
  });
});
