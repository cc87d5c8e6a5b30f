import { readFileSync } from "node:fs";
import { isNode, LineCounter, parseDocument } from "yaml";
import { Scenario } from "./schema.ts";

export interface ScenarioIssue {
  /** Dotted path of the bad field: `faults[2].distribution.p99`. */
  path: string;
  message: string;
  /** 1-based position in the file, when known. */
  line?: number;
  column?: number;
}

/** A scenario that cannot be used, with every problem located in its file. */
export class ScenarioError extends Error {
  readonly issues: ScenarioIssue[];

  constructor(source: string, issues: ScenarioIssue[]) {
    super(
      issues
        .map(
          (i) =>
            `${source}${i.line === undefined ? "" : `:${i.line}:${i.column}`}: ${i.path || "(top)"}: ${i.message}`,
        )
        .join("\n"),
    );
    this.name = "ScenarioError";
    this.issues = issues;
  }
}

function dotted(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join("");
}

/** Parses and validates a scenario written in YAML or JSON (JSON is YAML). */
export function parseScenario(text: string, source = "scenario"): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      source,
      doc.errors.map((e) => ({
        path: "",
        message: e.message.split("\n")[0] ?? e.message,
        ...position(lineCounter, e.pos[0]),
      })),
    );
  }
  const result = Scenario.safeParse(doc.toJS());
  if (result.success) return result.data;
  throw new ScenarioError(
    source,
    result.error.issues.map((issue) => {
      // A missing field has no node: point at the nearest parent that exists.
      let path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
      let node = doc.getIn(path, true);
      while (!isNode(node) && path.length > 0) {
        path = path.slice(0, -1);
        node = doc.getIn(path, true);
      }
      const offset = isNode(node) ? node.range?.[0] : undefined;
      return {
        path: dotted(issue.path),
        message: issue.message,
        ...(offset === undefined ? {} : position(lineCounter, offset)),
      };
    }),
  );
}

function position(lineCounter: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/** Reads a scenario file; problems come back as a ScenarioError naming the file, line and field. */
export function loadScenarioFile(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new ScenarioError(file, [
      { path: "", message: `cannot read the file (${(err as NodeJS.ErrnoException).code ?? err})` },
    ]);
  }
  return parseScenario(text, file);
}
