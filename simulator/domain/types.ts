import type { Fulfilment, ReservationStatus } from "../../contracts/vocabulary.ts";

export type { Fulfilment, ReservationStatus };

/**
 * The virtual restaurant chain: plain data, no HTTP. Money is always an integer number of
 * minor units (cents); prices are tax-inclusive, as on European menus, and every total is
 * computed from lines (see money.ts), never stored.
 */

export type Minor = number;
/** Tax rate in basis points: 1000 = 10 %. */
export type BasisPoints = number;
export type LocaleCode = "en" | "es" | "fr" | "pl";
export type CurrencyCode = "EUR" | "GBP" | "USD" | "PLN";

export interface Chain {
  readonly seed: string;
  readonly locale: LocaleCode;
  readonly name: string;
  /** Locations in id order. */
  readonly locations: Location[];
  readonly loyalty: LoyaltyProgramme | null;
  /** Chain-wide secrets of the vendor styles whose server speaks for every location. */
  readonly credentials: ChainCredentials;
}

export interface ChainCredentials {
  /** The Elyx-style server's API key: it sees every location (a location's own key sees only that one). */
  groupKey: string;
  /** The Sinqro-style integration token (`x-api-server-access-token`), paired with a location's key. */
  serverToken: string;
}

export interface Credentials {
  /** Sent as `X-Api-Key`. */
  apiKey: string;
  /** HTTP Basic user name and password. */
  username: string;
  password: string;
}

export interface Location {
  readonly id: string;
  name: string;
  timezone: string;
  currency: CurrencyCode;
  address: { street: string; city: string; postalCode: string; country: string };
  credentials: Credentials;
  /** Local hour (0–12) at which the business day rolls over, like Toast's closeoutHour. */
  closeoutHour: number;
  online: boolean;
  terminals: Terminal[];
  staff: Staff[];
  areas: Area[];
  menu: Menu;
  /** Sold-out overrides by product id; absent means available. */
  soldOut: Map<string, { since: number }>;
  shifts: Shift[];
  orders: Map<string, Order>;
  /** Table reservations taken from ordering platforms (Sinqro), by id. */
  reservations: Map<string, Reservation>;
  /** When the restaurant opens, week by week, in local time. */
  schedule: OperatingSchedule;
  /** A temporary closing staff set at the POS (online ordering switched off), or null when open. */
  closure: Closure | null;
  /** Monotonic per-location counters: order numbers and the change sequence that cursors read. */
  counters: {
    order: number;
    line: number;
    change: number;
    shift: number;
    message: number;
    /** Booking numbers; absent until the first booking, so a generated chain is as it always was. */
    reservation?: number;
  };
}

export interface Terminal {
  id: string;
  name: string;
  /** API orders land on the location's integration terminal, so they read like any other. */
  kind: "counter" | "handheld" | "bar" | "integration";
}

export interface Staff {
  id: string;
  name: string;
  role: "waiter" | "bartender" | "manager" | "cashier";
}

export interface Area {
  id: string;
  name: string;
  tables: Table[];
}

export interface Table {
  id: string;
  name: string;
  seats: number;
}

export interface Menu {
  /** Changes whenever anything in the menu does, so a connector can skip a refresh. */
  version: number;
  updatedAt: number;
  categories: Category[];
  products: Product[];
  modifierGroups: ModifierGroup[];
}

export interface Category {
  id: string;
  name: string;
  position: number;
}

export interface Variant {
  id: string;
  name: string;
  price: Minor;
}

export interface Product {
  id: string;
  categoryId: string;
  name: string;
  description: string;
  /** Price of the default variant (or the product itself when it has none). */
  price: Minor;
  /** Price for loyalty card holders, when the chain runs a programme and the product is in it. */
  loyaltyPrice: Minor | null;
  taxRate: BasisPoints;
  variants: Variant[];
  modifierGroupIds: string[];
  /** Present on combos: each component is chosen from a list of products. */
  combo: ComboComponent[] | null;
  /** Products only this location sells (not on the chain's base menu). */
  local: boolean;
}

export interface ComboComponent {
  id: string;
  name: string;
  productIds: string[];
  /** Surcharge per chosen product id; absent means included in the combo price. */
  upcharges: Record<string, Minor>;
}

export type ModifierKind = "add" | "remove" | "swap" | "choice";

export interface ModifierGroup {
  id: string;
  name: string;
  min: number;
  max: number;
  options: ModifierOption[];
}

export interface ModifierOption {
  id: string;
  name: string;
  kind: ModifierKind;
  /** The ingredient the option adds, removes or swaps in. */
  ingredient: string;
  /** For swaps: the ingredient it replaces. */
  replaces: string | null;
  price: Minor;
}

export type OrderStatus = "open" | "paid" | "voided";
export type OrderType = "dine_in" | "take_away" | "delivery";
export type PaymentMode = "prepaid" | "pay_at_counter";
export type PaymentMethod = "cash" | "card" | "epayment" | "voucher";

export interface Order {
  readonly id: string;
  readonly locationId: string;
  /** Ticket number shown on the terminal, per location. */
  readonly number: number;
  readonly terminalId: string;
  externalId: string | null;
  type: OrderType;
  paymentMode: PaymentMode;
  tableId: string | null;
  guests: number | null;
  waiterId: string;
  status: OrderStatus;
  fulfilment: Fulfilment;
  lines: OrderLine[];
  /** Rounds appended to the order, starting at 1 for the first batch of lines. */
  rounds: Round[];
  payments: Payment[];
  kitchenMessages: KitchenMessage[];
  loyaltyCard: string | null;
  note: string | null;
  lock: OrderLock | null;
  openedAt: number;
  updatedAt: number;
  closedAt: number | null;
  businessDate: string;
  shiftId: string;
  /** Optimistic-concurrency version: bumped on every change. */
  version: number;
  /** Location change sequence of the order's creation and last change (cursors). */
  createdSeq: number;
  changedSeq: number;
  /** Location change sequence of the change that closed it (paid or voided); null while open. */
  closedSeq: number | null;
  /** What an ordering platform sent along with the order; absent on orders keyed at the POS. */
  online?: OnlineOrder | null;
}

/** The guest who ordered or booked online. */
export interface Customer {
  name: string;
  phone: string | null;
  email: string | null;
  /** Delivery address, one line. */
  address: string | null;
}

export interface OnlineOrder {
  /** The platform or marketplace it came through ("web", "glovo", …). */
  channel: string | null;
  customer: Customer | null;
  /** How the guest pays: online before the order reaches the POS, cash at the counter, cash on delivery. */
  paymentMethod: "epayment" | "cash" | "cod";
}

export interface Round {
  number: number;
  at: number;
  source: "terminal" | "api";
}

export interface OrderLine {
  readonly id: string;
  kind: "item" | "tip";
  round: number;
  productId: string | null;
  variantId: string | null;
  name: string;
  quantity: number;
  /** Unit price of the product (variant) as charged, before modifiers. */
  unitPrice: Minor;
  /** Menu price before any loyalty price replaced it. */
  listPrice: Minor;
  taxRate: BasisPoints;
  modifiers: LineModifier[];
  comboSelections: ComboSelection[];
  note: string | null;
  voided: boolean;
  voidedAt: number | null;
}

export interface LineModifier {
  groupId: string;
  optionId: string;
  name: string;
  kind: ModifierKind;
  quantity: number;
  price: Minor;
}

export interface ComboSelection {
  componentId: string;
  productId: string;
  name: string;
  upcharge: Minor;
}

export interface Payment {
  id: string;
  method: PaymentMethod;
  amount: Minor;
  tip: Minor;
  reference: string | null;
  at: number;
  shiftId: string;
}

export interface KitchenMessage {
  id: string;
  text: string;
  at: number;
}

export interface OrderLock {
  terminalId: string;
  since: number;
  /** When the terminal will let the order go by itself; null holds it until unlocked. */
  until: number | null;
}

export interface Shift {
  readonly id: string;
  readonly number: number;
  businessDate: string;
  openedAt: number;
  closedAt: number | null;
  /**
   * The Z-report, printed when the shift closed. A closed shift's figures can no longer change,
   * and keeping them lets the report outlive the orders the retention window forgets.
   */
  report?: ShiftTotals;
}

export interface ShiftTotals {
  ordersOpened: number;
  ordersPaid: number;
  ordersVoided: number;
  /** Payments taken during the shift, tips included. */
  gross: Minor;
  tips: Minor;
  tax: Minor;
  /** Tax of the items paid in the shift by rate; tips carry none, so net + tax per rate add up to gross − tips. */
  taxByRate: { rate: BasisPoints; net: Minor; tax: Minor }[];
  byMethod: Partial<Record<PaymentMethod, Minor>>;
  /** Orders still open when the shift closed (or now, for the running one). */
  openOrders: number;
}

export interface LoyaltyProgramme {
  name: string;
  cards: LoyaltyCard[];
}

export interface LoyaltyCard {
  number: string;
  holder: string;
  tier: "silver" | "gold" | "platinum";
  points: number;
  /** A blocked card is refused everywhere in the chain. */
  active: boolean;
}

export interface Reservation {
  readonly id: string;
  readonly locationId: string;
  /** Booking number, per location. */
  readonly number: number;
  /** The platform's own reference, unique per location. */
  externalId: string | null;
  channel: string | null;
  partySize: number;
  /** When the party is expected (epoch ms). */
  reservedFor: number;
  customer: Customer;
  note: string | null;
  status: ReservationStatus;
  /** The table the party was seated at. */
  tableId: string | null;
  createdAt: number;
  updatedAt: number;
  /** Bumped on every change. */
  version: number;
}

export type Weekday = "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";

/** One service of a day, local wall-clock "HH:MM"; `closes` is after `opens` on the same day. */
export interface ServiceWindow {
  opens: string;
  closes: string;
}

/** Opening hours per weekday; an empty list is a closing day. */
export type OperatingSchedule = Record<Weekday, ServiceWindow[]>;

export interface Closure {
  since: number;
  /** When it ends by itself; null stays closed until staff reopen. */
  until: number | null;
  reason: string;
}
