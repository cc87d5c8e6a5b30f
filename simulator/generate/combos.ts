import type { Minor } from "../domain/types.ts";
import type { Random } from "../random/index.ts";
import { COMBO_TEMPLATES, type ComboTemplate } from "./catalogue.ts";
import type { ComboDraft, Draft } from "./drafts.ts";
import type { LocaleProfile } from "./locales.ts";
import { roundTo, taxRateFor } from "./prices.ts";
import { sample, shuffle } from "./util.ts";
import type { CategoryKind } from "./words.ts";

const MIN_CHOICES = 2;
const MAX_CHOICES = 6;

/** 2–5 combo deals built from the chain's dishes. */
export function draftCombos(
  rng: Random,
  profile: LocaleProfile,
  dishes: ReadonlyMap<CategoryKind, Draft[]>,
): Draft[] {
  const pool = (kinds: readonly CategoryKind[]) => kinds.flatMap((kind) => dishes.get(kind) ?? []);
  const usable = (template: ComboTemplate) => {
    const needed = template.optionalLast ? template.components.slice(0, -1) : template.components;
    return needed.every((kinds) => pool(kinds).length >= MIN_CHOICES);
  };
  const valid = COMBO_TEMPLATES.filter(usable);
  const count = rng.int(Math.min(2, valid.length), Math.min(5, valid.length));
  const chosen = new Set(shuffle(rng, valid).slice(0, count));
  return valid
    .filter((template) => chosen.has(template))
    .map((template) => draftCombo(rng, profile, template, pool));
}

function draftCombo(
  rng: Random,
  profile: LocaleProfile,
  template: ComboTemplate,
  pool: (kinds: readonly CategoryKind[]) => Draft[],
): Draft {
  const words = profile.words.combos[template.key];
  const components: ComboDraft[] = [];
  template.components.forEach((kinds, i) => {
    const choices = pool(kinds);
    const last = i === template.components.length - 1;
    if (last && template.optionalLast && (choices.length < MIN_CHOICES || rng.chance(0.4))) return;
    const picked = sample(rng, choices, rng.int(MIN_CHOICES, Math.min(MAX_CHOICES, choices.length)));
    components.push({
      name: words.components[i] ?? "",
      choices: picked,
      upcharges: upcharges(rng, profile, picked),
    });
  });
  let full = 0;
  for (const component of components) full += cheapest(component.choices);
  // A deal is only a deal below the price of its cheapest choices bought one by one.
  const price = roundTo(full * (0.8 + rng.next() * 0.12), profile.priceStep);
  return {
    kind: "combos",
    name: words.name,
    description: components.map((component) => component.name).join(" + "),
    price,
    taxRate: taxRateFor(profile, "mains"),
    variants: [],
    groupKeys: [],
    combo: components,
  };
}

function cheapest(choices: readonly Draft[]): Minor {
  return Math.min(...choices.map((choice) => choice.price));
}

// Pricier choices cost extra, about half their difference to the cheapest, as deals usually charge.
function upcharges(rng: Random, profile: LocaleProfile, choices: readonly Draft[]): Map<Draft, Minor> {
  const base = cheapest(choices);
  const out = new Map<Draft, Minor>();
  for (const choice of choices) {
    if (choice.price > base * 1.25 && rng.chance(0.6)) {
      out.set(choice, roundTo((choice.price - base) / 2, profile.priceStep / 5));
    }
  }
  return out;
}
