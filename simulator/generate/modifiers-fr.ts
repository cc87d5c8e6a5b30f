import type { ModifierWords } from "./words.ts";

export const modifiersFr: ModifierWords = {
  side: {
    name: "Choix de l'accompagnement",
    options: [
      ["Frites maison", "frites", 0],
      ["Salade verte", "salade verte", 0],
      ["Purée maison", "purée", 0],
      ["Légumes de saison", "légumes de saison", 0],
      ["Frites de patate douce", "frites de patate douce", 150],
    ],
  },
  dips: {
    name: "Sauces",
    options: [
      ["Mayonnaise", "mayonnaise", 0],
      ["Sauce tartare", "sauce tartare", 50],
      ["Sauce barbecue", "sauce barbecue", 50],
      ["Sauce au poivre", "sauce au poivre", 150],
      ["Ketchup", "ketchup", 0],
    ],
  },
  soupExtras: {
    name: "Ajouter",
    options: [
      ["Croûtons", "croûtons", 50],
      ["Emmental râpé", "emmental", 80],
      ["Crème fraîche", "crème fraîche", 80],
    ],
  },
  burgerExtras: {
    name: "Suppléments",
    options: [
      ["Supplément bacon", "bacon", 150],
      ["Supplément cheddar", "cheddar", 100],
      ["Œuf au plat", "œuf au plat", 100],
      ["Jalapeños", "jalapeños", 80],
      ["Avocat", "avocat", 150],
      ["Oignons confits", "oignons confits", 80],
      ["Steak supplémentaire", "steak haché", 350],
    ],
  },
  burgerRemove: {
    name: "Retirer",
    options: [
      ["Sans oignon", "oignon", 0],
      ["Sans cornichons", "cornichons", 0],
      ["Sans salade", "salade", 0],
      ["Sans tomate", "tomate", 0],
      ["Sans sauce", "sauce maison", 0],
    ],
  },
  burgerSwap: {
    name: "Remplacer",
    options: [
      ["Pain sans gluten", "pain sans gluten", 150, "pain brioché"],
      ["Steak végétal", "steak végétal", 150, "steak haché"],
      ["Poulet pané", "poulet pané", 0, "steak haché"],
    ],
  },
  pizzaExtras: {
    name: "Suppléments",
    options: [
      ["Supplément mozzarella", "mozzarella", 150],
      ["Jambon", "jambon", 150],
      ["Champignons", "champignons", 100],
      ["Olives noires", "olives noires", 100],
      ["Œuf", "œuf", 100],
      ["Roquette", "roquette", 100],
      ["Chèvre", "chèvre", 150],
    ],
  },
  pizzaRemove: {
    name: "Retirer",
    options: [
      ["Sans fromage", "mozzarella", 0],
      ["Sans oignon", "oignon", 0],
      ["Sans olives", "olives", 0],
      ["Sans origan", "origan", 0],
    ],
  },
  pizzaSwap: {
    name: "Changer la pâte",
    options: [
      ["Pâte complète", "pâte complète", 100, "pâte classique"],
      ["Pâte sans gluten", "pâte sans gluten", 250, "pâte classique"],
      ["Base crème", "crème fraîche", 0, "sauce tomate"],
    ],
  },
  saladDressing: {
    name: "Choix de la sauce",
    options: [
      ["Vinaigrette à l'échalote", "vinaigrette", 0],
      ["Sauce César", "sauce César", 0],
      ["Vinaigrette balsamique", "vinaigre balsamique", 0],
      ["Sauce au miel et moutarde", "sauce miel-moutarde", 0],
    ],
  },
  saladExtras: {
    name: "Ajouter",
    options: [
      ["Poulet grillé", "poulet grillé", 300],
      ["Saumon fumé", "saumon fumé", 400],
      ["Chèvre chaud", "chèvre", 300],
      ["Avocat", "avocat", 200],
      ["Œuf poché", "œuf poché", 150],
    ],
  },
  saladRemove: {
    name: "Retirer",
    options: [
      ["Sans croûtons", "croûtons", 0],
      ["Sans oignon", "oignon rouge", 0],
      ["Sans fromage", "fromage", 0],
      ["Sans olives", "olives", 0],
    ],
  },
  pastaExtras: {
    name: "Suppléments",
    options: [
      ["Supplément parmesan", "parmesan", 100],
      ["Poulet grillé", "poulet grillé", 300],
      ["Crevettes", "crevettes", 400],
      ["Piment", "piment", 50],
    ],
  },
  pastaSwap: {
    name: "Changer les pâtes",
    options: [
      ["Pâtes sans gluten", "pâtes sans gluten", 150, "pâtes"],
      ["Pâtes complètes", "pâtes complètes", 100, "pâtes"],
    ],
  },
  milk: {
    name: "Lait",
    options: [
      ["Lait d'avoine", "lait d'avoine", 50, "lait"],
      ["Lait de soja", "lait de soja", 50, "lait"],
      ["Lait d'amande", "lait d'amande", 50, "lait"],
      ["Lait sans lactose", "lait sans lactose", 30, "lait"],
    ],
  },
  coffeeExtras: {
    name: "Suppléments",
    options: [
      ["Dose d'expresso", "expresso", 70],
      ["Sirop vanille", "sirop de vanille", 50],
      ["Sirop caramel", "sirop de caramel", 50],
      ["Chantilly", "chantilly", 60],
    ],
  },
  drinkRemove: {
    name: "Service",
    options: [
      ["Sans glaçons", "glaçons", 0],
      ["Sans citron", "citron", 0],
      ["Sans paille", "paille", 0],
    ],
  },
  dessertExtras: {
    name: "Ajouter",
    options: [
      ["Boule de glace vanille", "glace vanille", 200],
      ["Chantilly", "chantilly", 100],
      ["Crème anglaise", "crème anglaise", 100],
    ],
  },
  kidsDrink: {
    name: "Boisson enfant",
    options: [
      ["Jus de pomme", "jus de pomme", 0],
      ["Jus d'orange", "jus d'orange", 0],
      ["Sirop à l'eau", "sirop", 0],
      ["Eau", "eau", 0],
    ],
  },
  spiritSwap: {
    name: "Alcool premium",
    options: [
      ["Gin premium", "gin premium", 300, "gin maison"],
      ["Vodka premium", "vodka premium", 300, "vodka maison"],
      ["Rhum vieux", "rhum vieux", 300, "rhum blanc"],
    ],
  },
};
