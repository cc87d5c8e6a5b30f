import type { ModifierWords } from "./words.ts";

export const modifiersEn: ModifierWords = {
  side: {
    name: "Choose a side",
    options: [
      ["Chips", "chips", 0],
      ["Side salad", "side salad", 0],
      ["Mashed potatoes", "mashed potatoes", 0],
      ["Seasonal greens", "seasonal greens", 0],
      ["Sweet potato fries", "sweet potato fries", 100],
    ],
  },
  dips: {
    name: "Dips",
    options: [
      ["Garlic mayo", "garlic mayonnaise", 60],
      ["BBQ sauce", "barbecue sauce", 60],
      ["Sweet chilli", "sweet chilli sauce", 60],
      ["Sriracha mayo", "sriracha mayonnaise", 60],
      ["Ketchup", "ketchup", 0],
    ],
  },
  soupExtras: {
    name: "Add to your soup",
    options: [
      ["Crusty bread", "crusty bread", 100],
      ["Croutons", "croutons", 50],
      ["Grated cheddar", "cheddar", 80],
    ],
  },
  burgerExtras: {
    name: "Extras",
    options: [
      ["Extra bacon", "bacon", 150],
      ["Extra cheddar", "cheddar", 100],
      ["Fried egg", "fried egg", 100],
      ["Jalapeños", "jalapeños", 80],
      ["Avocado", "avocado", 150],
      ["Caramelised onions", "caramelised onions", 80],
      ["Extra patty", "beef patty", 300],
    ],
  },
  burgerRemove: {
    name: "Remove",
    options: [
      ["No onion", "onion", 0],
      ["No pickles", "pickles", 0],
      ["No lettuce", "lettuce", 0],
      ["No tomato", "tomato", 0],
      ["No sauce", "burger sauce", 0],
    ],
  },
  burgerSwap: {
    name: "Swap",
    options: [
      ["Gluten-free bun", "gluten-free bun", 100, "brioche bun"],
      ["Lettuce wrap", "lettuce wrap", 0, "brioche bun"],
      ["Plant-based patty", "plant-based patty", 150, "beef patty"],
    ],
  },
  pizzaExtras: {
    name: "Extra toppings",
    options: [
      ["Extra mozzarella", "mozzarella", 120],
      ["Pepperoni", "pepperoni", 150],
      ["Mushrooms", "mushrooms", 100],
      ["Black olives", "black olives", 100],
      ["Jalapeños", "jalapeños", 100],
      ["Rocket", "rocket", 100],
      ["Anchovies", "anchovies", 120],
    ],
  },
  pizzaRemove: {
    name: "Remove",
    options: [
      ["No cheese", "mozzarella", 0],
      ["No onion", "onion", 0],
      ["No olives", "olives", 0],
      ["No basil", "basil", 0],
    ],
  },
  pizzaSwap: {
    name: "Change the base",
    options: [
      ["Wholemeal base", "wholemeal base", 100, "classic base"],
      ["Gluten-free base", "gluten-free base", 250, "classic base"],
      ["Vegan mozzarella", "vegan mozzarella", 150, "mozzarella"],
    ],
  },
  saladDressing: {
    name: "Choose a dressing",
    options: [
      ["House vinaigrette", "vinaigrette", 0],
      ["Caesar dressing", "Caesar dressing", 0],
      ["Honey mustard", "honey mustard dressing", 0],
      ["Balsamic glaze", "balsamic glaze", 0],
    ],
  },
  saladExtras: {
    name: "Add protein",
    options: [
      ["Grilled chicken", "grilled chicken", 300],
      ["Smoked salmon", "smoked salmon", 400],
      ["Halloumi", "halloumi", 300],
      ["Avocado", "avocado", 200],
      ["Boiled egg", "boiled egg", 100],
    ],
  },
  saladRemove: {
    name: "Remove",
    options: [
      ["No croutons", "croutons", 0],
      ["No onion", "red onion", 0],
      ["No cheese", "cheese", 0],
      ["No olives", "olives", 0],
    ],
  },
  pastaExtras: {
    name: "Extras",
    options: [
      ["Extra parmesan", "parmesan", 80],
      ["Grilled chicken", "grilled chicken", 300],
      ["King prawns", "king prawns", 400],
      ["Fresh chilli", "chilli", 50],
    ],
  },
  pastaSwap: {
    name: "Swap the pasta",
    options: [
      ["Gluten-free pasta", "gluten-free pasta", 150, "pasta"],
      ["Wholewheat pasta", "wholewheat pasta", 100, "pasta"],
      ["Courgetti", "courgette noodles", 150, "pasta"],
    ],
  },
  milk: {
    name: "Milk",
    options: [
      ["Oat milk", "oat milk", 40, "milk"],
      ["Soya milk", "soya milk", 40, "milk"],
      ["Almond milk", "almond milk", 40, "milk"],
      ["Lactose-free milk", "lactose-free milk", 30, "milk"],
    ],
  },
  coffeeExtras: {
    name: "Extras",
    options: [
      ["Extra shot", "espresso shot", 60],
      ["Vanilla syrup", "vanilla syrup", 50],
      ["Caramel syrup", "caramel syrup", 50],
      ["Hazelnut syrup", "hazelnut syrup", 50],
      ["Whipped cream", "whipped cream", 60],
    ],
  },
  drinkRemove: {
    name: "Serve",
    options: [
      ["No ice", "ice", 0],
      ["No lemon", "lemon", 0],
      ["No straw", "straw", 0],
    ],
  },
  dessertExtras: {
    name: "Add",
    options: [
      ["Scoop of vanilla ice cream", "vanilla ice cream", 150],
      ["Custard", "custard", 100],
      ["Pouring cream", "cream", 80],
      ["Clotted cream", "clotted cream", 120],
    ],
  },
  kidsDrink: {
    name: "Kids' drink",
    options: [
      ["Apple juice", "apple juice", 0],
      ["Orange juice", "orange juice", 0],
      ["Still water", "water", 0],
      ["Milk", "milk", 0],
    ],
  },
  spiritSwap: {
    name: "Upgrade your spirit",
    options: [
      ["Premium gin", "premium gin", 250, "house gin"],
      ["Premium vodka", "premium vodka", 250, "house vodka"],
      ["Aged rum", "aged rum", 250, "house rum"],
    ],
  },
};
