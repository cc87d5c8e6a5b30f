import { OPERATIONS } from "../../contracts/operations.ts";
import type { KindField } from "../faults/kind.ts";
import type { ConsoleContext } from "./context.ts";
import { describeReach, describeRule, library } from "./fault-form.ts";
import { h } from "./html.ts";
import { BASE, back, flashOf, page } from "./layout.ts";

const ACT = `${BASE}/act`;
const HERE = `${BASE}/faults`;

/** The rules in force, newest first, with their hit counts: refetched live. */
export function faultList(ctx: ConsoleContext) {
  const rules = ctx.sim.faults.rules;
  if (rules.length === 0) return h("p", { id: "no-faults", class: "small" }, "No fault rule is in force.");
  return h(
    "div",
    { class: "scroll" },
    h(
      "table",
      { id: "fault-table" },
      h("caption", { class: "sr" }, "Fault rules in force"),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          ["Rule", "Kind", "Does", "Where and when", "Hits", "Left", ""].map((t, i) =>
            h("th", { scope: "col", class: i === 4 || i === 5 ? "num" : undefined }, t),
          ),
        ),
      ),
      h(
        "tbody",
        null,
        rules.map((active) => {
          const { rule } = active;
          return h(
            "tr",
            { id: `fault-${rule.id}`, "data-fault": rule.id },
            h(
              "th",
              { scope: "row" },
              rule.id,
              rule.description ? h("div", { class: "small" }, rule.description) : null,
            ),
            h("td", null, rule.kind),
            h("td", null, describeRule(rule, ctx.sim.faults.kinds)),
            h("td", { class: "small" }, describeReach(rule)),
            h("td", { class: "num hits" }, String(active.hits)),
            h(
              "td",
              { class: "num" },
              rule.times === undefined ? "∞" : String(Math.max(0, rule.times - active.hits)),
            ),
            h(
              "td",
              null,
              h(
                "form",
                { method: "post", action: `${ACT}/fault-remove`, class: "inline" },
                back(HERE),
                h("input", { type: "hidden", name: "faultId", value: rule.id }),
                h(
                  "button",
                  { type: "submit", class: "danger", "aria-label": `Remove rule ${rule.id}` },
                  "Remove",
                ),
              ),
            ),
          );
        }),
      ),
    ),
  );
}

function kindField(kind: string, k: KindField) {
  const name = `k.${kind}.${k.name}`;
  const when = k.if ? `k.${kind}.${k.if}` : undefined;
  if (k.type === "checkbox")
    return h(
      "label",
      { "data-if": when },
      h("input", { type: "checkbox", name, value: "true" }),
      ` ${k.label}`,
    );
  if (k.type === "select")
    return h(
      "label",
      { "data-if": when },
      k.label,
      h(
        "select",
        { name },
        (k.options ?? []).map(([value, label]) => h("option", { value }, label)),
      ),
    );
  return h(
    "label",
    { "data-if": when },
    k.label,
    h("input", { name, placeholder: k.placeholder, size: k.type === "list" ? 14 : 8 }),
  );
}

/** The form: the common fields of every rule, then one fieldset per kind (the script shows the chosen one). */
function faultForm(ctx: ConsoleContext) {
  const first = ctx.sim.chain.locations[0]?.id ?? "loc-0001";
  return h(
    "form",
    { method: "post", action: `${ACT}/fault-add`, class: "stack", id: "fault-form", "data-reset": "" },
    back(HERE),
    h(
      "fieldset",
      null,
      h("legend", null, "Rule"),
      h("label", null, "Id", h("input", { name: "id", required: true, size: 16, placeholder: "my-rule" })),
      h(
        "label",
        null,
        "Kind",
        h(
          "select",
          { name: "kind" },
          ctx.sim.faults.kinds.names.map((kind) => h("option", { value: kind }, kind)),
        ),
      ),
      h("label", null, "Description", h("input", { name: "description", size: 28 })),
    ),
    h(
      "fieldset",
      null,
      h("legend", null, "Scope (empty: everything)"),
      h("label", null, "Locations", h("input", { name: "scope.locations", size: 16, placeholder: first })),
      h(
        "label",
        null,
        "Operations",
        h(
          "select",
          { name: "scope.operations", multiple: true, size: 4 },
          OPERATIONS.map((op) => h("option", { value: op }, op)),
        ),
      ),
      h("label", null, "Orders", h("input", { name: "scope.orders", size: 12 })),
      h("label", null, "Tables", h("input", { name: "scope.tables", size: 10 })),
      h("label", null, "Terminals", h("input", { name: "scope.terminals", size: 10 })),
    ),
    h(
      "fieldset",
      null,
      h("legend", null, "When (empty: always)"),
      h("label", null, "From (ISO or +90m)", h("input", { name: "when.from", size: 14 })),
      h("label", null, "To", h("input", { name: "when.to", size: 14 })),
      h("label", null, "Daily (local, 12:00-14:30, …)", h("input", { name: "when.daily", size: 16 })),
      h(
        "label",
        null,
        "Probability (0–1)",
        h("input", { name: "when.probability", size: 5, inputmode: "decimal" }),
      ),
      h(
        "label",
        null,
        "Times (then stand down)",
        h("input", { name: "times", size: 5, inputmode: "numeric" }),
      ),
    ),
    ctx.sim.faults.kinds.all.map(({ kind, summary, form }) =>
      h(
        "fieldset",
        { "data-if": `kind=${kind}`, "data-kind": kind },
        h("legend", null, `${kind}: ${summary}`),
        form.map((k) => kindField(kind, k)),
      ),
    ),
    h("button", { type: "submit", class: "primary" }, "Put in force"),
  );
}

function libraryList(ctx: ConsoleContext) {
  const scenarios = library(ctx.scenarios);
  if (scenarios.length === 0) return h("p", { class: "small" }, `No scenario files in ${ctx.scenarios}.`);
  return scenarios.map((s) =>
    h(
      "details",
      { id: `lib-${s.name}` },
      h("summary", null, h("strong", null, s.file), ` · ${s.rules.length} rule(s)`),
      s.description ? h("p", { class: "small" }, s.description) : null,
      h(
        "ul",
        null,
        s.rules.map((rule) =>
          h(
            "li",
            null,
            h("strong", null, rule.id),
            ` (${rule.kind}) ${describeRule(rule, ctx.sim.faults.kinds)} · `,
            h("span", { class: "small" }, describeReach(rule)),
            " ",
            h(
              "form",
              { method: "post", action: `${ACT}/fault-library`, class: "inline" },
              back(HERE),
              h("input", { type: "hidden", name: "file", value: s.file }),
              h("input", { type: "hidden", name: "ruleId", value: rule.id }),
              h(
                "button",
                { type: "submit", "aria-label": `Put ${rule.id} from ${s.file} in force` },
                "Put in force",
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

export function faultsPage(ctx: ConsoleContext, params: URLSearchParams) {
  return page(
    ctx,
    { title: "Faults", nav: "faults", flash: flashOf(params) },
    h("h1", null, "Faults"),
    h(
      "p",
      { class: "lead" },
      "The rules in force (newest first, checked first) with their hit counts, live. A rule added here goes through POST /__admin/faults: the same schema, the same messages.",
    ),
    h("section", { id: "fault-list", "data-src": `${BASE}/partials/faults` }, faultList(ctx)),
    h(
      "form",
      {
        method: "post",
        action: `${ACT}/fault-reset`,
        class: "inline",
        "data-confirm": "Back to the scenario's own rules, with hit counts at zero?",
      },
      back(HERE),
      h("button", { type: "submit" }, "Reset to the scenario's rules"),
    ),
    h("h2", null, "Add a rule"),
    faultForm(ctx),
    h("h2", null, "From the scenario library"),
    h(
      "p",
      { class: "small" },
      `Each rule as its file declares it (${ctx.scenarios}); "+90m" counts from when the simulator (or scenario) started.`,
    ),
    libraryList(ctx),
  );
}
