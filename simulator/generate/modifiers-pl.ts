import type { ModifierWords } from "./words.ts";

export const modifiersPl: ModifierWords = {
  side: {
    name: "Wybierz dodatek",
    options: [
      ["Frytki", "frytki", 0],
      ["Ziemniaki opiekane", "ziemniaki opiekane", 0],
      ["Puree ziemniaczane", "puree ziemniaczane", 0],
      ["Surówka", "surówka", 0],
      ["Frytki z batatów", "frytki z batatów", 100],
    ],
  },
  dips: {
    name: "Sosy",
    options: [
      ["Sos czosnkowy", "sos czosnkowy", 50],
      ["Sos barbecue", "sos barbecue", 50],
      ["Sos słodkie chili", "sos słodkie chili", 50],
      ["Sos tatarski", "sos tatarski", 50],
      ["Ketchup", "ketchup", 0],
    ],
  },
  soupExtras: {
    name: "Dodaj",
    options: [
      ["Grzanki", "grzanki", 50],
      ["Pieczywo", "pieczywo", 50],
      ["Śmietana", "śmietana", 50],
    ],
  },
  burgerExtras: {
    name: "Dodatki",
    options: [
      ["Dodatkowy bekon", "bekon", 150],
      ["Dodatkowy cheddar", "cheddar", 100],
      ["Jajko sadzone", "jajko sadzone", 100],
      ["Jalapeño", "jalapeño", 80],
      ["Awokado", "awokado", 150],
      ["Karmelizowana cebula", "karmelizowana cebula", 80],
      ["Podwójne mięso", "kotlet wołowy", 300],
    ],
  },
  burgerRemove: {
    name: "Usuń",
    options: [
      ["Bez cebuli", "cebula", 0],
      ["Bez ogórka", "ogórek konserwowy", 0],
      ["Bez sałaty", "sałata", 0],
      ["Bez pomidora", "pomidor", 0],
      ["Bez sosu", "sos", 0],
    ],
  },
  burgerSwap: {
    name: "Zamień",
    options: [
      ["Bułka bezglutenowa", "bułka bezglutenowa", 100, "bułka maślana"],
      ["Kotlet roślinny", "kotlet roślinny", 150, "kotlet wołowy"],
      ["Liście sałaty zamiast bułki", "liście sałaty", 0, "bułka maślana"],
    ],
  },
  pizzaExtras: {
    name: "Dodatkowe składniki",
    options: [
      ["Dodatkowa mozzarella", "mozzarella", 100],
      ["Salami", "salami", 120],
      ["Pieczarki", "pieczarki", 80],
      ["Oliwki", "oliwki", 80],
      ["Jalapeño", "jalapeño", 80],
      ["Rukola", "rukola", 80],
      ["Kukurydza", "kukurydza", 80],
    ],
  },
  pizzaRemove: {
    name: "Usuń",
    options: [
      ["Bez sera", "mozzarella", 0],
      ["Bez cebuli", "cebula", 0],
      ["Bez oliwek", "oliwki", 0],
      ["Bez oregano", "oregano", 0],
    ],
  },
  pizzaSwap: {
    name: "Zmień ciasto",
    options: [
      ["Ciasto pełnoziarniste", "ciasto pełnoziarniste", 100, "ciasto klasyczne"],
      ["Ciasto bezglutenowe", "ciasto bezglutenowe", 200, "ciasto klasyczne"],
      ["Ser wegański", "ser wegański", 150, "mozzarella"],
    ],
  },
  saladDressing: {
    name: "Wybierz sos",
    options: [
      ["Winegret", "winegret", 0],
      ["Sos Cezar", "sos Cezar", 0],
      ["Sos miodowo-musztardowy", "sos miodowo-musztardowy", 0],
      ["Sos jogurtowy", "sos jogurtowy", 0],
    ],
  },
  saladExtras: {
    name: "Dodaj białko",
    options: [
      ["Grillowany kurczak", "grillowany kurczak", 300],
      ["Łosoś wędzony", "łosoś wędzony", 400],
      ["Halloumi", "halloumi", 300],
      ["Awokado", "awokado", 200],
      ["Jajko", "jajko", 100],
    ],
  },
  saladRemove: {
    name: "Usuń",
    options: [
      ["Bez grzanek", "grzanki", 0],
      ["Bez cebuli", "czerwona cebula", 0],
      ["Bez sera", "ser", 0],
      ["Bez oliwek", "oliwki", 0],
    ],
  },
  pastaExtras: {
    name: "Dodatki",
    options: [
      ["Dodatkowy parmezan", "parmezan", 80],
      ["Grillowany kurczak", "grillowany kurczak", 300],
      ["Krewetki", "krewetki", 400],
      ["Chili", "chili", 50],
    ],
  },
  pastaSwap: {
    name: "Zmień makaron",
    options: [
      ["Makaron bezglutenowy", "makaron bezglutenowy", 150, "makaron"],
      ["Makaron pełnoziarnisty", "makaron pełnoziarnisty", 100, "makaron"],
    ],
  },
  milk: {
    name: "Mleko",
    options: [
      ["Napój owsiany", "napój owsiany", 40, "mleko"],
      ["Napój sojowy", "napój sojowy", 40, "mleko"],
      ["Napój migdałowy", "napój migdałowy", 40, "mleko"],
      ["Mleko bez laktozy", "mleko bez laktozy", 30, "mleko"],
    ],
  },
  coffeeExtras: {
    name: "Dodatki",
    options: [
      ["Dodatkowe espresso", "espresso", 60],
      ["Syrop waniliowy", "syrop waniliowy", 50],
      ["Syrop karmelowy", "syrop karmelowy", 50],
      ["Syrop orzechowy", "syrop orzechowy", 50],
      ["Bita śmietana", "bita śmietana", 60],
    ],
  },
  drinkRemove: {
    name: "Podanie",
    options: [
      ["Bez lodu", "lód", 0],
      ["Bez cytryny", "cytryna", 0],
      ["Bez słomki", "słomka", 0],
    ],
  },
  dessertExtras: {
    name: "Dodaj",
    options: [
      ["Gałka lodów waniliowych", "lody waniliowe", 150],
      ["Bita śmietana", "bita śmietana", 80],
      ["Sos czekoladowy", "sos czekoladowy", 80],
    ],
  },
  kidsDrink: {
    name: "Napój dla dziecka",
    options: [
      ["Sok jabłkowy", "sok jabłkowy", 0],
      ["Sok pomarańczowy", "sok pomarańczowy", 0],
      ["Kompot", "kompot", 0],
      ["Woda", "woda", 0],
    ],
  },
  spiritSwap: {
    name: "Alkohol premium",
    options: [
      ["Gin premium", "gin premium", 250, "gin"],
      ["Wódka premium", "wódka premium", 250, "wódka"],
      ["Rum dojrzewający", "rum dojrzewający", 250, "rum"],
    ],
  },
};
