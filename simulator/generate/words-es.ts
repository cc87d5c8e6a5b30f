import { modifiersEs } from "./modifiers-es.ts";
import type { LocaleWords } from "./words.ts";

export const wordsEs: LocaleWords = {
  country: "España",
  brand: {
    patterns: ["Casa {last}", "Taberna {noun}", "{noun}", "Mesón {last}", "La Cocina de {first}"],
    adjectives: [],
    nouns: [
      "El Olivo",
      "La Parra",
      "El Puerto",
      "La Lonja",
      "El Fogón",
      "La Bodeguita",
      "El Rincón",
      "La Alacena",
      "El Tomillo",
      "La Higuera",
    ],
  },
  loyalty: "Club {brand}",
  comboCategory: "Menús",
  groups: modifiersEs,
  variants: {
    sizes: [
      ["s", "Pequeño", 1],
      ["m", "Mediano", 1.2],
      ["l", "Grande", 1.4],
    ],
    beer: [
      ["25", "Caña (25 cl)", 1],
      ["50", "Jarra (50 cl)", 1.8],
    ],
    wine: [
      ["glass", "Copa", 1],
      ["bottle", "Botella", 4.5],
    ],
  },
  combos: {
    set: { name: "Menú del día", components: ["Primer plato", "Segundo plato", "Postre o café"] },
    lunch: { name: "Menú ejecutivo", components: ["Plato principal", "Bebida", "Postre o café"] },
    burger: { name: "Menú hamburguesa", components: ["Hamburguesa", "Guarnición", "Bebida"] },
    pizza: { name: "Menú pizza", components: ["Pizza", "Bebida"] },
    kids: { name: "Menú infantil", components: ["Plato", "Bebida", "Postre"] },
    coffee: { name: "Café y dulce", components: ["Café", "Dulce"] },
  },
  specials: [
    ["mains", "Cocido madrileño: Garbanzos, verduras, carnes y fideos"],
    ["mains", "Fabada asturiana: Fabes, chorizo, morcilla y panceta"],
    ["mains", "Pisto manchego: Con huevo frito"],
    ["starters", "Pimientos del piquillo rellenos: De bacalao, con salsa vizcaína"],
    ["starters", "Morcilla de Burgos: Con pimientos asados"],
    ["soups", "Sopa castellana: Ajo, pimentón, jamón y huevo"],
    ["burgers", "Hamburguesa de rabo de toro: Con cebolla confitada"],
    ["pizzas", "Pizza de sobrasada: Sobrasada, miel y queso de cabra"],
    ["desserts", "Filloas: Con miel"],
    ["desserts", "Leche frita: Con canela"],
    ["desserts", "Tocino de cielo"],
    ["hotDrinks", "Café del tiempo: Con hielo y limón"],
    ["softDrinks", "Horchata de chufa"],
  ],
  areas: { main: "Comedor", outdoor: "Terraza", bar: "Barra", upstairs: "Planta alta" },
  table: "Mesa",
  terminals: { counter: "Caja", handheld: "Comandera", bar: "Barra" },
};
