import { type Command, type Setting, shownDefault } from "./define.ts";

const COLUMN = 24;
const WIDTH = 100;

/**
 * The options block of a command's `--help`: every setting it takes, with its value, what it
 * does and its default; then the config file's keys and the variables, when the command reads them.
 */
export function renderOptions(
  command: Command,
  settings: readonly Setting[],
  sources: { env: boolean; file: boolean },
): string {
  const own = settings.filter((s) => s.commands.includes(command));
  const lines: string[] = [];
  for (const s of own) {
    const head = `  ${s.flag}${s.value === undefined ? "" : ` ${s.value}`}`;
    const fallback = shownDefault(s);
    const text = `${s.help}${fallback === undefined ? "" : ` (default ${fallback})`}`;
    lines.push(...columns(head, text));
  }
  if (sources.file) {
    const keys = own.filter((s) => s.inFile).map((s) => s.key);
    lines.push(...columns("  --config FILE", `JSON file with any of: ${keys.join(", ")}`));
  }
  lines.push(...columns("  -h, --help", "this help"));
  if (sources.env) {
    const vars = own.flatMap((s) => (s.envVar === undefined ? [] : [s.envVar]));
    lines.push(
      "",
      ...wrap(
        `Environment: ${vars.join(", ")}. Precedence: a flag wins over its variable, a variable over the config file, the file over the default.`,
        WIDTH,
      ),
    );
  }
  return `${lines.join("\n")}\n`;
}

function columns(head: string, text: string): string[] {
  const body = wrap(text, WIDTH - COLUMN - 1);
  const first = head.length < COLUMN ? `${head.padEnd(COLUMN)} ${body[0] ?? ""}` : head;
  const rest = head.length < COLUMN ? body.slice(1) : body;
  return [first, ...rest.map((l) => `${" ".repeat(COLUMN + 1)}${l}`)];
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line !== "" && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") out.push(line);
  return out;
}
