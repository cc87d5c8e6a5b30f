import { modifiersPl } from "./modifiers-pl.ts";
import type { LocaleWords } from "./words.ts";

export const wordsPl: LocaleWords = {
  country: "Polska",
  brand: {
    // Polish surnames decline after most prepositions, so the brand patterns stay in the nominative.
    patterns: ["Bistro {noun}", "Restauracja {noun}", "Karczma {noun}", "{noun}", "Gospoda {noun}"],
    adjectives: [],
    nouns: [
      "Stary Młyn",
      "Pod Lipami",
      "Złota Kaczka",
      "Zielona Weranda",
      "Smak",
      "Lawenda",
      "Pod Arkadami",
      "Cztery Pory Roku",
      "Stara Piekarnia",
      "Pod Dębem",
    ],
  },
  loyalty: "Klub {brand}",
  comboCategory: "Zestawy",
  groups: modifiersPl,
  variants: {
    sizes: [
      ["s", "Mała", 1],
      ["m", "Średnia", 1.2],
      ["l", "Duża", 1.4],
    ],
    beer: [
      ["03", "0,3 l", 1],
      ["05", "0,5 l", 1.4],
    ],
    wine: [
      ["glass", "Kieliszek (150 ml)", 1],
      ["bottle", "Butelka (750 ml)", 4.5],
    ],
  },
  combos: {
    set: { name: "Zestaw dnia", components: ["Przystawka lub zupa", "Danie główne", "Deser lub kawa"] },
    lunch: { name: "Zestaw lunchowy", components: ["Danie główne", "Napój", "Deser lub kawa"] },
    burger: { name: "Zestaw burgerowy", components: ["Burger", "Dodatek", "Napój"] },
    pizza: { name: "Zestaw z pizzą", components: ["Pizza", "Napój"] },
    kids: { name: "Zestaw dla dzieci", components: ["Danie", "Napój", "Deser"] },
    coffee: { name: "Kawa i ciasto", components: ["Kawa", "Ciasto"] },
  },
  specials: [
    ["mains", "Pierogi z kaszanką: Z cebulką i jabłkiem"],
    ["mains", "Kluski śląskie: Z roladą wołową i modrą kapustą"],
    ["mains", "Kaszanka z grilla: Z cebulą i chlebem"],
    ["soups", "Czernina: Z kluseczkami"],
    ["starters", "Obwarzanek z pastą: Z pastą z twarogu i szczypiorem"],
    ["soups", "Zupa rybna: Z dorsza i łososia"],
    ["burgers", "Burger z kiszonym ogórkiem: Wołowina, ogórek kiszony i chrzan"],
    ["pizzas", "Pizza z kiełbasą: Kiełbasa, cebula i ogórek kiszony"],
    ["desserts", "Racuchy: Z jabłkami i cukrem pudrem"],
    ["desserts", "Sękacz"],
    ["desserts", "Rogal świętomarciński"],
    ["hotDrinks", "Herbata z sokiem malinowym"],
    ["softDrinks", "Kwas chlebowy"],
  ],
  areas: { main: "Sala główna", outdoor: "Ogródek", bar: "Bar", upstairs: "Antresola" },
  table: "Stolik",
  terminals: { counter: "Kasa", handheld: "Terminal mobilny", bar: "Bar" },
};
