import type { ModifierWords } from "./words.ts";

export const modifiersEs: ModifierWords = {
  side: {
    name: "Elige guarnición",
    options: [
      ["Patatas fritas", "patatas fritas", 0],
      ["Ensalada verde", "ensalada verde", 0],
      ["Patatas panaderas", "patatas panaderas", 0],
      ["Verduras a la plancha", "verduras a la plancha", 0],
      ["Boniato frito", "boniato frito", 100],
    ],
  },
  dips: {
    name: "Salsas",
    options: [
      ["Alioli", "alioli", 50],
      ["Salsa brava", "salsa brava", 50],
      ["Salsa barbacoa", "salsa barbacoa", 50],
      ["Mayonesa de chipotle", "mayonesa de chipotle", 60],
      ["Kétchup", "kétchup", 0],
    ],
  },
  soupExtras: {
    name: "Añade",
    options: [
      ["Picatostes", "picatostes", 50],
      ["Huevo duro picado", "huevo duro", 80],
      ["Virutas de jamón", "jamón", 150],
    ],
  },
  burgerExtras: {
    name: "Extras",
    options: [
      ["Extra de bacon", "bacon", 150],
      ["Extra de cheddar", "cheddar", 100],
      ["Huevo frito", "huevo frito", 100],
      ["Jalapeños", "jalapeños", 80],
      ["Aguacate", "aguacate", 150],
      ["Cebolla caramelizada", "cebolla caramelizada", 80],
      ["Doble de carne", "carne de ternera", 300],
    ],
  },
  burgerRemove: {
    name: "Quitar",
    options: [
      ["Sin cebolla", "cebolla", 0],
      ["Sin pepinillos", "pepinillos", 0],
      ["Sin lechuga", "lechuga", 0],
      ["Sin tomate", "tomate", 0],
      ["Sin salsa", "salsa de la casa", 0],
    ],
  },
  burgerSwap: {
    name: "Cambiar",
    options: [
      ["Pan sin gluten", "pan sin gluten", 100, "pan brioche"],
      ["Envuelta en lechuga", "hojas de lechuga", 0, "pan brioche"],
      ["Carne vegetal", "hamburguesa vegetal", 150, "carne de ternera"],
    ],
  },
  pizzaExtras: {
    name: "Ingredientes extra",
    options: [
      ["Extra de mozzarella", "mozzarella", 120],
      ["Pepperoni", "pepperoni", 150],
      ["Champiñones", "champiñones", 100],
      ["Aceitunas negras", "aceitunas negras", 100],
      ["Jalapeños", "jalapeños", 100],
      ["Rúcula", "rúcula", 100],
      ["Anchoas", "anchoas", 120],
    ],
  },
  pizzaRemove: {
    name: "Quitar",
    options: [
      ["Sin queso", "mozzarella", 0],
      ["Sin cebolla", "cebolla", 0],
      ["Sin aceitunas", "aceitunas", 0],
      ["Sin orégano", "orégano", 0],
    ],
  },
  pizzaSwap: {
    name: "Cambiar la masa",
    options: [
      ["Masa integral", "masa integral", 100, "masa clásica"],
      ["Masa sin gluten", "masa sin gluten", 250, "masa clásica"],
      ["Queso vegano", "queso vegano", 150, "mozzarella"],
    ],
  },
  saladDressing: {
    name: "Elige aliño",
    options: [
      ["Vinagreta", "vinagreta", 0],
      ["Salsa César", "salsa César", 0],
      ["Mostaza y miel", "salsa de mostaza y miel", 0],
      ["Aceite y vinagre de Módena", "vinagre de Módena", 0],
    ],
  },
  saladExtras: {
    name: "Añade proteína",
    options: [
      ["Pollo a la plancha", "pollo a la plancha", 300],
      ["Salmón ahumado", "salmón ahumado", 400],
      ["Queso de cabra", "queso de cabra", 250],
      ["Aguacate", "aguacate", 200],
      ["Huevo cocido", "huevo cocido", 100],
    ],
  },
  saladRemove: {
    name: "Quitar",
    options: [
      ["Sin picatostes", "picatostes", 0],
      ["Sin cebolla", "cebolla", 0],
      ["Sin queso", "queso", 0],
      ["Sin aceitunas", "aceitunas", 0],
    ],
  },
  pastaExtras: {
    name: "Extras",
    options: [
      ["Extra de parmesano", "parmesano", 80],
      ["Pollo a la plancha", "pollo a la plancha", 300],
      ["Langostinos", "langostinos", 400],
      ["Guindilla", "guindilla", 50],
    ],
  },
  pastaSwap: {
    name: "Cambiar la pasta",
    options: [
      ["Pasta sin gluten", "pasta sin gluten", 150, "pasta"],
      ["Pasta integral", "pasta integral", 100, "pasta"],
      ["Espaguetis de calabacín", "calabacín", 150, "pasta"],
    ],
  },
  milk: {
    name: "Leche",
    options: [
      ["Bebida de avena", "bebida de avena", 40, "leche"],
      ["Bebida de soja", "bebida de soja", 40, "leche"],
      ["Bebida de almendra", "bebida de almendra", 40, "leche"],
      ["Leche sin lactosa", "leche sin lactosa", 20, "leche"],
    ],
  },
  coffeeExtras: {
    name: "Extras",
    options: [
      ["Chupito de café extra", "café", 50],
      ["Sirope de vainilla", "sirope de vainilla", 50],
      ["Sirope de caramelo", "sirope de caramelo", 50],
      ["Nata montada", "nata montada", 60],
      ["Canela", "canela", 0],
    ],
  },
  drinkRemove: {
    name: "Servir",
    options: [
      ["Sin hielo", "hielo", 0],
      ["Sin limón", "limón", 0],
      ["Sin pajita", "pajita", 0],
    ],
  },
  dessertExtras: {
    name: "Añade",
    options: [
      ["Bola de helado de vainilla", "helado de vainilla", 150],
      ["Nata montada", "nata montada", 80],
      ["Sirope de chocolate", "sirope de chocolate", 80],
    ],
  },
  kidsDrink: {
    name: "Bebida infantil",
    options: [
      ["Zumo de manzana", "zumo de manzana", 0],
      ["Zumo de naranja", "zumo de naranja", 0],
      ["Agua", "agua", 0],
      ["Batido de cacao", "batido de cacao", 0],
    ],
  },
  spiritSwap: {
    name: "Mejora tu copa",
    options: [
      ["Ginebra premium", "ginebra premium", 250, "ginebra de la casa"],
      ["Vodka premium", "vodka premium", 250, "vodka de la casa"],
      ["Ron añejo", "ron añejo", 250, "ron de la casa"],
    ],
  },
};
