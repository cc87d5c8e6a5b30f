import { modifiersFr } from "./modifiers-fr.ts";
import type { LocaleWords } from "./words.ts";

export const wordsFr: LocaleWords = {
  country: "France",
  brand: {
    patterns: ["Chez {first}", "Brasserie {last}", "{noun}", "Bistrot {last}", "Café {last}"],
    adjectives: [],
    nouns: [
      "Le Comptoir",
      "La Table",
      "Le Zinc",
      "La Cantine",
      "Le Fournil",
      "La Marmite",
      "Le Bouchon",
      "Les Halles",
      "Le Relais",
      "La Guinguette",
    ],
  },
  loyalty: "Club {brand}",
  comboCategory: "Formules",
  groups: modifiersFr,
  variants: {
    sizes: [
      ["s", "Petit", 1],
      ["m", "Moyen", 1.2],
      ["l", "Grand", 1.4],
    ],
    beer: [
      ["25", "Demi (25 cl)", 1],
      ["50", "Pinte (50 cl)", 1.85],
    ],
    wine: [
      ["glass", "Verre (12 cl)", 1],
      ["bottle", "Bouteille (75 cl)", 5],
    ],
  },
  combos: {
    set: { name: "Menu du jour", components: ["Entrée", "Plat", "Dessert ou café"] },
    lunch: { name: "Formule midi", components: ["Plat", "Boisson", "Dessert ou café"] },
    burger: { name: "Formule burger", components: ["Burger", "Accompagnement", "Boisson"] },
    pizza: { name: "Formule pizza", components: ["Pizza", "Boisson"] },
    kids: { name: "Menu enfant", components: ["Plat", "Boisson", "Dessert"] },
    coffee: { name: "Pause café", components: ["Boisson chaude", "Douceur"] },
  },
  specials: [
    ["mains", "Cassoulet: Haricots blancs, confit de canard et saucisse de Toulouse"],
    ["mains", "Choucroute garnie: Saucisses, lard et pommes vapeur"],
    ["mains", "Tartiflette: Reblochon, lardons et pommes de terre"],
    ["mains", "Quenelles de brochet: Sauce Nantua"],
    ["starters", "Pâté en croûte: Volaille et pistaches"],
    ["soups", "Garbure: Soupe de chou, haricots et confit"],
    ["burgers", "Burger au maroilles: Bœuf, maroilles et oignons"],
    ["pizzas", "Pizza au munster: Munster, pommes de terre et cumin"],
    ["desserts", "Kouign-amann: Caramel au beurre salé"],
    ["desserts", "Canelés: Rhum et vanille"],
    ["desserts", "Far breton: Aux pruneaux"],
    ["hotDrinks", "Chicorée au lait"],
    ["softDrinks", "Limonade artisanale"],
  ],
  areas: { main: "Salle", outdoor: "Terrasse", bar: "Bar", upstairs: "Étage" },
  table: "Table",
  terminals: { counter: "Caisse", handheld: "Terminal mobile", bar: "Bar" },
};
