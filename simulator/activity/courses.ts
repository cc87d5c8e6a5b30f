import type { ItemInput } from "../domain/lines.ts";
import type { Chain, Location, Menu, Product } from "../domain/types.ts";
import { profileFor } from "../generate/locales.ts";
import type { CategoryKind } from "../generate/words.ts";
import type { Random } from "../random/index.ts";
import { orderable, sampleItem } from "./sample.ts";

/** What a table orders in one go. */
export type Course = "drinks" | "starters" | "mains" | "desserts" | "coffee";

const COURSE_OF: Record<CategoryKind, Course> = {
  combos: "mains",
  starters: "starters",
  soups: "starters",
  salads: "starters",
  mains: "mains",
  pasta: "mains",
  pizzas: "mains",
  burgers: "mains",
  sides: "starters",
  kids: "mains",
  desserts: "desserts",
  hotDrinks: "coffee",
  softDrinks: "drinks",
  beers: "drinks",
  wines: "drinks",
  cocktails: "drinks",
};

type Courses = Record<Course, Product[]> & { all: Product[] };

const byMenu = new WeakMap<Menu, { count: number; courses: Courses }>();
const kindsByLocale = new Map<string, Map<string, CategoryKind>>();

// Menus only name their categories, in the chain's language: the generator's words say which is which.
function categoryKinds(chain: Chain): Map<string, CategoryKind> {
  let kinds = kindsByLocale.get(chain.locale);
  if (!kinds) {
    const profile = profileFor(chain.locale);
    kinds = new Map<string, CategoryKind>([[profile.words.comboCategory, "combos"]]);
    for (const [kind, words] of Object.entries(profile.dishes)) kinds.set(words.name, kind as CategoryKind);
    kindsByLocale.set(chain.locale, kinds);
  }
  return kinds;
}

/** The location's products by course; a category the words do not know counts as a main. */
export function coursesOf(chain: Chain, location: Location): Courses {
  const menu = location.menu;
  const cached = byMenu.get(menu);
  if (cached && cached.count === menu.products.length) return cached.courses;
  const kinds = categoryKinds(chain);
  const courseOfCategory = new Map<string, Course>();
  for (const category of menu.categories) {
    const kind = kinds.get(category.name);
    courseOfCategory.set(category.id, kind ? COURSE_OF[kind] : "mains");
  }
  const courses: Courses = { drinks: [], starters: [], mains: [], desserts: [], coffee: [], all: [] };
  for (const product of menu.products) {
    courses[courseOfCategory.get(product.categoryId) ?? "mains"].push(product);
    courses.all.push(product);
  }
  byMenu.set(menu, { count: menu.products.length, courses });
  return courses;
}

/**
 * `count` items of a course, each valid and in stock; another course stands in when this one
 * has nothing left. Fewer (possibly none) when the whole menu is sold out.
 */
export function pickItems(
  chain: Chain,
  location: Location,
  course: Course,
  count: number,
  rng: Random,
): ItemInput[] {
  const courses = coursesOf(chain, location);
  const items: ItemInput[] = [];
  for (let i = 0; i < count; i++) {
    const product = pickProduct(location, courses[course], rng) ?? pickProduct(location, courses.all, rng);
    if (!product) break;
    const item = sampleItem(location, rng, product);
    if (item) items.push(item);
  }
  return items;
}

function pickProduct(location: Location, products: readonly Product[], rng: Random): Product | null {
  if (products.length === 0) return null;
  // A few blind draws almost always land on something in stock; the filter is the rare fallback.
  for (let attempt = 0; attempt < 4; attempt++) {
    const product = rng.pick(products);
    if (orderable(location, product)) return product;
  }
  const available = products.filter((p) => orderable(location, p));
  return available.length > 0 ? rng.pick(available) : null;
}
