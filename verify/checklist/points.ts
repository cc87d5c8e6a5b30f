// What verify answers: the two contract checks, then the eight points of the evaluation
// checklist (../shared/seeds/003: "Evaluation checklist"), each with its own question, and how
// verify judges it — or why only a person can.

export interface PointDefinition {
  id: string;
  title: string;
  question: string | null;
  how: string;
  automated: boolean;
}

export const POINTS: readonly PointDefinition[] = [
  {
    id: "pacts",
    title: "The published pacts hold",
    question: null,
    how: "Pact's verifier replays every HTTP interaction the reference connector recorded for this dialect, each after its provider state is set up the way the vendor declared (states file or state-change URL). An interaction whose state could not be set up, or whose request verify would not send, is not verified.",
    automated: true,
  },
  {
    id: "schema",
    title: "Every answer matches the published OpenAPI document",
    question: null,
    how: "Every answer verify saw (the pacts' and its own probes') is checked against the dialect's OpenAPI 3.1 document: the route exists, the status is declared, the content type is declared, the body matches the schema (Ajv, JSON Schema 2020-12).",
    automated: true,
  },
  {
    id: "1",
    title: "Required operations",
    question:
      "Does your POS expose an API covering the required operations above — menu read, order create, appending items to an already-open order, mark paid, location status?",
    how: "Each required operation the dialect's contract maps to a route is called as the reference connector calls it (its adapter): the location status and the menu at a listed location; create, append and mark paid at a location set aside for testing. An operation the contract has no route for is named for the scoping call.",
    automated: true,
  },
  {
    id: "2",
    title: "Reachable over HTTPS for every location",
    question:
      "Can that API be made reachable from the internet over HTTPS for every location — vendor cloud, S2S, VPN, or secured proxy?",
    how: "Not automated: verify reaches the target from where it runs, not from Fooodo's cloud, and cannot see each venue's network. A person answers it (which mechanism, per location, and how it is secured).",
    automated: false,
  },
  {
    id: "3",
    title: "Per-location identifiers and credentials",
    question: "Does each location have a stable identifier and credentials?",
    how: "Each listed location's own credential reads its own location; one location's credential is refused at another (generic: in the path; Elyx: by number; Sinqro: an order of one restaurant read with another's token).",
    automated: true,
  },
  {
    id: "4",
    title: "Locks told apart from hard failures",
    question: 'Does the API return distinguishable errors for "order locked at a terminal" vs hard failures?',
    how: "With the provider state 'an order is open and locked at a terminal' set up, a write to that order must answer the dialect's lock (its status and code in x-mockpos-failures), and a malformed write and a write to a closed order must answer something else.",
    automated: true,
  },
  {
    id: "5",
    title: "The polling envelope, and writes in seconds",
    question: "Can it sustain per-minute polling per location, and complete order writes in seconds?",
    how: "k6 runs the envelope (status every minute, new orders every 4, in-progress every 2, availability every 5, menus before service) for the listed locations, compressed, for a short window, with guest orders (create, append, pay) at the locations set aside for testing only; every gate must hold (no failed request, read and write p99 under their budgets, no poll dropped beyond the allowance).",
    automated: true,
  },
  {
    id: "6",
    title: "A test environment",
    question: "Is there a test environment Fooodo's staging can run against?",
    how: "Not automated: that the target is a test environment (and stays one) is the vendor's word. A person answers it — and this run, against a target the vendor named, is a start.",
    automated: false,
  },
  {
    id: "7",
    title: "API orders behave like terminal orders in the kitchen",
    question:
      "Do orders created via the API behave exactly like terminal orders in the kitchen (printing, KDS, reports)?",
    how: "Not automated: printers, kitchen screens and reports are outside the API. A person checks the orders this run created (their external ids start with the run id) on the printer, the KDS and the reports.",
    automated: false,
  },
  {
    id: "8",
    title: "A retried create after a lost answer is safe",
    question:
      "Can a retried order-create after a timeout be made safe against double-creation — an idempotency key, or a way to check whether the order already exists?",
    how: "At a location set aside for testing, a create is sent, its answer treated as lost, and the same request sent again with the same Idempotency-Key: safe if it replays the same order, or is refused naming it, or an external-id lookup (where the contract has one) finds exactly that order — and never if a second order was made.",
    automated: true,
  },
];

export const pointById = (id: string): PointDefinition => {
  const p = POINTS.find((x) => x.id === id);
  if (!p) throw new Error(`no point ${id}`);
  return p;
};
