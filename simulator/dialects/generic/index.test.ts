import { describe, expect, it } from "vitest";
import { freeTable, productWithExtra, simpleProduct } from "../../../test/support/menu.ts";
import { START, testPos } from "../../../test/support/pos.ts";

const base = (id: string) => `/v1/locations/${id}`;

function setup() {
  const pos = testPos();
  const loc = pos.location(0);
  return { ...pos, loc, url: (p = "") => `${base(loc.id)}${p}` };
}

async function createOrder(
  pos: ReturnType<typeof setup>,
  extra: Record<string, unknown> = {},
  headers?: Record<string, string>,
) {
  const table = freeTable(pos.loc);
  const product = simpleProduct(pos.loc);
  return pos.request("POST", pos.url("/orders"), {
    body: { type: "dine_in", tableId: table.id, items: [{ productId: product.id, quantity: 2 }], ...extra },
    headers,
  });
}

describe("generic dialect: reads", () => {
  it("location.status says the location is online, in its timezone and business day", async () => {
    const pos = setup();
    const res = await pos.request("GET", pos.url("/status"));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      locationId: pos.loc.id,
      online: true,
      timezone: "Europe/Madrid",
      currency: "EUR",
    });
    expect(res.body.time).toBe(new Date(START).toISOString());
    expect(res.body.businessDate).toBe("2026-03-13");
  });

  it("menu.get lists categories and products with integer prices, tax rates and variants", async () => {
    const pos = setup();
    const res = await pos.request("GET", pos.url("/menu"));
    expect(res.status).toBe(200);
    expect(res.body.categories.length).toBeGreaterThanOrEqual(5);
    expect(res.body.products.length).toBeGreaterThanOrEqual(40);
    for (const p of res.body.products) {
      expect(Number.isInteger(p.price)).toBe(true);
      expect(res.body.categories.some((c: { id: string }) => c.id === p.categoryId)).toBe(true);
    }
    expect(res.body.products.some((p: { variants: unknown[] }) => p.variants.length > 1)).toBe(true);
  });

  it("modifiers.get returns the groups products refer to", async () => {
    const pos = setup();
    const menu = await pos.request("GET", pos.url("/menu"));
    const mods = await pos.request("GET", pos.url("/modifiers"));
    const ids = new Set(mods.body.modifierGroups.map((g: { id: string }) => g.id));
    const referenced = menu.body.products.flatMap((p: { modifierGroupIds: string[] }) => p.modifierGroupIds);
    expect(referenced.length).toBeGreaterThan(0);
    for (const id of referenced) expect(ids.has(id)).toBe(true);
    const kinds = new Set(
      mods.body.modifierGroups.flatMap((g: { options: { kind: string }[] }) => g.options.map((o) => o.kind)),
    );
    expect([...kinds]).toEqual(expect.arrayContaining(["add", "remove", "swap"]));
  });

  it("availability.get follows staff marking an item sold out and back", async () => {
    const pos = setup();
    const product = simpleProduct(pos.loc);
    const flag = async () =>
      (await pos.request("GET", pos.url("/availability"))).body.items.find(
        (i: { productId: string }) => i.productId === product.id,
      );
    expect((await flag()).soldOut).toBe(false);
    await pos.request("PUT", `/__admin/locations/${pos.loc.id}/availability/${product.id}`, {
      body: { soldOut: true },
    });
    expect(await flag()).toMatchObject({ soldOut: true, since: new Date(START).toISOString() });
    const menu = await pos.request("GET", pos.url("/menu"));
    expect(menu.body.products.find((p: { id: string }) => p.id === product.id).soldOut).toBe(true);
    await pos.request("PUT", `/__admin/locations/${pos.loc.id}/availability/${product.id}`, {
      body: { soldOut: false },
    });
    expect((await flag()).soldOut).toBe(false);
  });

  it("tables.get shows which tables have open orders", async () => {
    const pos = setup();
    const created = await createOrder(pos);
    const res = await pos.request("GET", pos.url("/tables"));
    const table = res.body.tables.find((t: { id: string }) => t.id === created.body.tableId);
    expect(table).toMatchObject({ state: "occupied" });
    expect(table.openOrderIds).toContain(created.body.id);
    expect(res.body.tables.some((t: { state: string }) => t.state === "free")).toBe(true);
  });
});

describe("generic dialect: the order lifecycle", () => {
  it("creates, reads, appends a round and marks paid with a tip on the tip line", async () => {
    const pos = setup();
    const { product, option } = productWithExtra(pos.loc);
    const table = freeTable(pos.loc);
    const created = await pos.request("POST", pos.url("/orders"), {
      body: {
        type: "dine_in",
        tableId: table.id,
        guests: 2,
        externalId: "guest-app-1",
        items: [{ productId: product.id, quantity: 2, modifiers: [{ optionId: option.id }] }],
      },
    });
    expect(created.status).toBe(201);
    const order = created.body;
    const unit = product.variants[0]?.price ?? product.price;
    expect(order).toMatchObject({
      status: "open",
      fulfilment: "new",
      tableId: table.id,
      externalId: "guest-app-1",
      version: 1,
    });
    expect(order.lines[0].total).toBe((unit + option.price) * 2);
    expect(order.totals.total).toBe(order.lines[0].total);
    expect(order.totals.due).toBe(order.totals.total);

    const got = await pos.request("GET", pos.url(`/orders/${order.id}`));
    expect(got.body).toEqual(order);

    const second = simpleProduct(pos.loc, 3);
    const appended = await pos.request("POST", pos.url(`/orders/${order.id}/rounds`), {
      body: { items: [{ productId: second.id, quantity: 1 }], version: 1 },
    });
    expect(appended.status).toBe(200);
    expect(appended.body.rounds).toHaveLength(2);
    expect(appended.body.lines.at(-1)).toMatchObject({ productId: second.id, round: 2 });
    expect(appended.body.version).toBe(2);
    const lineSum = appended.body.lines.reduce((s: number, l: { total: number }) => s + l.total, 0);
    expect(appended.body.totals.total).toBe(lineSum);

    const due = appended.body.totals.due;
    const paid = await pos.request("POST", pos.url(`/orders/${order.id}/payments`), {
      body: { method: "card", amount: due, tip: 250 },
    });
    expect(paid.status).toBe(200);
    expect(paid.body.status).toBe("paid");
    expect(paid.body.lines.at(-1)).toMatchObject({ kind: "tip", total: 250 });
    expect(paid.body.totals).toMatchObject({ tip: 250, total: due + 250, paid: due + 250, due: 0 });
    expect(paid.body.payments).toEqual([
      expect.objectContaining({ method: "card", amount: due + 250, tip: 250 }),
    ]);

    const late = await pos.request("POST", pos.url(`/orders/${order.id}/rounds`), {
      body: { items: [{ productId: second.id, quantity: 1 }] },
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe("ORDER_CLOSED");
    const again = await pos.request("POST", pos.url(`/orders/${order.id}/payments`), {
      body: { method: "cash" },
    });
    expect(again.body.code).toBe("ORDER_CLOSED");
  });

  it("refuses a payment whose amount disagrees with what is due", async () => {
    const pos = setup();
    const order = (await createOrder(pos)).body;
    const res = await pos.request("POST", pos.url(`/orders/${order.id}/payments`), {
      body: { method: "cash", amount: order.totals.due - 1 },
    });
    expect(res.status).toBe(400);
    expect(res.body.invalidParams[0].name).toBe("body.amount");
    expect((await pos.request("GET", pos.url(`/orders/${order.id}`))).body.status).toBe("open");
  });

  it("an order created through the API reads exactly like one typed in at a terminal", async () => {
    const pos = setup();
    const product = simpleProduct(pos.loc);
    const table = freeTable(pos.loc);
    const viaTerminal = await pos.request("POST", `/__admin/locations/${pos.loc.id}/orders`, {
      body: { terminalId: "term-1", tableId: table.id, items: [{ productId: product.id, quantity: 1 }] },
    });
    const viaApi = await pos.request("POST", pos.url("/orders"), {
      body: { type: "dine_in", tableId: table.id, items: [{ productId: product.id, quantity: 1 }] },
    });
    const a = (await pos.request("GET", pos.url(`/orders/${viaTerminal.body.id}`))).body;
    const b = (await pos.request("GET", pos.url(`/orders/${viaApi.body.id}`))).body;
    const shape = (o: unknown): unknown =>
      Array.isArray(o)
        ? o.map(shape)
        : o && typeof o === "object"
          ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, shape(v)]))
          : typeof o;
    expect(shape(b)).toEqual(shape(a));
    expect(b.waiterId).toBe(a.waiterId);
    expect(b.lines[0]).toMatchObject({
      name: a.lines[0].name,
      unitPrice: a.lines[0].unitPrice,
      total: a.lines[0].total,
    });
    expect(b.number).toBe(a.number + 1);
    expect(b.shiftId).toBe(a.shiftId);
    const list = await pos.request("GET", pos.url("/orders?view=in_progress"));
    const ids = list.body.orders.map((o: { id: string }) => o.id);
    expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
  });

  it("orders.list pages through new orders with a cursor, and `changed` picks up voids made at the terminal", async () => {
    const pos = setup();
    const first = await pos.request("GET", pos.url("/orders?view=new"));
    expect(first.body.orders.length).toBeGreaterThan(0);
    const cursor = first.body.cursor;
    expect((await pos.request("GET", pos.url(`/orders?view=new&cursor=${cursor}`))).body.orders).toEqual([]);

    const a = (await createOrder(pos)).body;
    const b = (await createOrder(pos)).body;
    const page1 = await pos.request("GET", pos.url(`/orders?view=new&cursor=${cursor}&limit=1`));
    expect(page1.body.orders.map((o: { id: string }) => o.id)).toEqual([a.id]);
    expect(page1.body.hasMore).toBe(true);
    const page2 = await pos.request("GET", pos.url(`/orders?view=new&cursor=${page1.body.cursor}&limit=1`));
    expect(page2.body.orders.map((o: { id: string }) => o.id)).toEqual([b.id]);
    expect(page2.body.hasMore).toBe(false);

    const changedCursor = page2.body.cursor;
    await pos.request("POST", `/__admin/locations/${pos.loc.id}/orders/${a.id}/lines/${a.lines[0].id}/void`, {
      body: { terminalId: "term-1" },
    });
    await pos.request("POST", `/__admin/locations/${pos.loc.id}/orders/${b.id}/void`, {
      body: { terminalId: "term-1" },
    });
    const changed = await pos.request("GET", pos.url(`/orders?view=changed&cursor=${changedCursor}`));
    expect(changed.body.orders.map((o: { id: string }) => o.id)).toEqual([a.id, b.id]);
    expect(changed.body.orders[0].lines[0].voided).toBe(true);
    expect(changed.body.orders[0].totals.total).toBe(0);
    expect(changed.body.orders[1].status).toBe("voided");
    const inProgress = await pos.request("GET", pos.url(`/orders?view=in_progress&cursor=${changedCursor}`));
    expect(inProgress.body.orders.map((o: { id: string; status: string }) => [o.id, o.status])).toEqual([
      [a.id, "open"],
      [b.id, "voided"],
    ]);
  });

  describe("in_progress reports an order's closing at the terminal, once", () => {
    type Listed = { id: string; status: string };
    const poll = async (pos: ReturnType<typeof setup>, query: string) => {
      const res = await pos.request("GET", pos.url(`/orders?view=in_progress${query}`));
      expect(res.status).toBe(200);
      return res.body as { orders: Listed[]; cursor: string; hasMore: boolean };
    };
    const ids = (page: { orders: Listed[] }) => page.orders.map((o) => o.id);
    const staff = (pos: ReturnType<typeof setup>, orderId: string, act: string, body: object = {}) =>
      pos.request("POST", `/__admin/locations/${pos.loc.id}/orders/${orderId}/${act}`, {
        body: { terminalId: "term-1", ...body },
      });

    it("a void at a terminal after a poll is in the next poll, voided, and not in the one after", async () => {
      const pos = setup();
      const order = (await createOrder(pos)).body;
      const first = await poll(pos, "");
      expect(ids(first)).toContain(order.id);
      expect((await staff(pos, order.id, "void")).status).toBe(200);
      const next = await poll(pos, `&cursor=${first.cursor}`);
      expect(next.orders.map((o) => [o.id, o.status])).toEqual([[order.id, "voided"]]);
      expect(ids(await poll(pos, `&cursor=${next.cursor}`))).toEqual([]);
      expect(ids(await poll(pos, ""))).not.toContain(order.id);
    });

    it("a payment at a terminal likewise: paid once, and not again when the kitchen moves it on", async () => {
      const pos = setup();
      const order = (await createOrder(pos)).body;
      const first = await poll(pos, "");
      expect((await staff(pos, order.id, "pay", { method: "cash" })).status).toBe(200);
      const next = await poll(pos, `&cursor=${first.cursor}`);
      expect(next.orders.map((o) => [o.id, o.status])).toEqual([[order.id, "paid"]]);
      // A change after the closing (the kitchen status of a paid order) is not in progress: `changed` has it.
      const set = await pos.request("POST", pos.url(`/orders/${order.id}/status`), {
        body: { status: "accepted" },
      });
      expect(set.status).toBe(200);
      expect(ids(await poll(pos, `&cursor=${next.cursor}`))).toEqual([]);
      const changed = await pos.request("GET", pos.url(`/orders?view=changed&cursor=${next.cursor}`));
      expect(changed.body.orders.map((o: Listed) => o.id)).toEqual([order.id]);
    });

    it("reports an order opened after the cursor and closed before the next poll, and nothing closed before it", async () => {
      const pos = setup();
      const before = (await createOrder(pos)).body;
      await staff(pos, before.id, "void");
      const first = await poll(pos, "");
      expect(ids(first)).not.toContain(before.id);
      const quick = (await createOrder(pos)).body;
      await staff(pos, quick.id, "pay", { method: "card" });
      const next = await poll(pos, `&cursor=${first.cursor}`);
      expect(next.orders.map((o) => [o.id, o.status])).toEqual([[quick.id, "paid"]]);
    });

    it("pages exactly: every open order and closing once, across pages of one, with or without a cursor", async () => {
      const pos = setup();
      const made: string[] = [];
      for (let i = 0; i < 6; i++) made.push((await createOrder(pos)).body.id);
      // Closed before any poll: never reported, though closed after most open orders last changed.
      await staff(pos, made[0] as string, "void");
      const open = ids(await poll(pos, "&limit=500"));
      expect(open).not.toContain(made[0]);
      const walk = async (cursor: string | null, between?: (page: number) => Promise<void>) => {
        const seen: Listed[] = [];
        let query = cursor === null ? "&limit=1" : `&limit=1&cursor=${cursor}`;
        for (let page = 0; ; page++) {
          const res = await poll(pos, query);
          seen.push(...res.orders);
          await between?.(page);
          if (!res.hasMore) return { seen, cursor: res.cursor };
          query = `&limit=1&cursor=${res.cursor}`;
        }
      };
      // Without a cursor: the open orders, one a page, each once; an order closed mid-listing shows closed.
      const closing = made[5] as string;
      const full = await walk(null, async (page) => {
        if (page === 0) await staff(pos, closing, "void");
      });
      expect(full.seen.map((o) => o.id).sort()).toEqual([...open].sort());
      expect(full.seen.filter((o) => o.id === closing).map((o) => o.status)).toEqual(["voided"]);
      // From that cursor: two closings and two edits, each once, in the order they happened.
      const mark = full.cursor;
      await staff(pos, made[1] as string, "pay", { method: "cash" });
      await createOrder(pos);
      const fresh = made[2] as string;
      const line = pos.loc.orders.get(fresh)?.lines[0]?.id as string;
      await staff(pos, fresh, `lines/${line}/void`);
      await staff(pos, made[3] as string, "void");
      const since = await walk(mark);
      const all = await poll(pos, `&cursor=${mark}&limit=500`);
      expect(since.seen).toEqual(all.orders);
      expect(new Set(since.seen.map((o) => o.id)).size).toBe(since.seen.length);
      expect(since.seen.map((o) => o.status)).toEqual(["paid", "open", "open", "voided"]);
      expect(ids(await poll(pos, `&cursor=${since.cursor}`))).toEqual([]);
    });
  });

  it("finds an order by externalId, and refuses a second order with the same externalId", async () => {
    const pos = setup();
    const a = (await createOrder(pos, { externalId: "ext-42" })).body;
    const found = await pos.request("GET", pos.url("/orders?view=changed&externalId=ext-42"));
    expect(found.body.orders.map((o: { id: string }) => o.id)).toEqual([a.id]);
    const dup = await createOrder(pos, { externalId: "ext-42" });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ code: "IDEMPOTENCY_CONFLICT", orderId: a.id });
  });

  it("refuses a sold-out item with ITEM_UNAVAILABLE and creates nothing", async () => {
    const pos = setup();
    const product = simpleProduct(pos.loc);
    await pos.request("PUT", `/__admin/locations/${pos.loc.id}/availability/${product.id}`, {
      body: { soldOut: true },
    });
    const before = pos.loc.orders.size;
    const res = await pos.request("POST", pos.url("/orders"), {
      body: { type: "take_away", items: [{ productId: product.id, quantity: 1 }] },
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: "ITEM_UNAVAILABLE", productIds: [product.id], retryable: false });
    expect(pos.loc.orders.size).toBe(before);
  });

  it("names every menu problem in one VALIDATION reply", async () => {
    const pos = setup();
    const product = simpleProduct(pos.loc);
    const res = await pos.request("POST", pos.url("/orders"), {
      body: {
        type: "take_away",
        items: [
          { productId: "prod-nope", quantity: 1 },
          { productId: product.id, variantId: "bogus", quantity: 1 },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.invalidParams.map((p: { name: string }) => p.name)).toEqual([
      "body.items[0].productId",
      "body.items[1].variantId",
    ]);
  });

  it("VERSION_CONFLICT when appending against a stale version", async () => {
    const pos = setup();
    const order = (await createOrder(pos)).body;
    const product = simpleProduct(pos.loc, 1);
    await pos.request("POST", pos.url(`/orders/${order.id}/rounds`), {
      body: { items: [{ productId: product.id, quantity: 1 }] },
    });
    const stale = await pos.request("POST", pos.url(`/orders/${order.id}/rounds`), {
      body: { items: [{ productId: product.id, quantity: 1 }], version: 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: "VERSION_CONFLICT", version: 2 });
  });
});

describe("generic dialect: locked at a terminal", () => {
  it("answers LOCKED (423, retryable) while a waiter holds the order, and takes the write once released", async () => {
    const pos = setup();
    const order = (await createOrder(pos)).body;
    const product = simpleProduct(pos.loc, 2);
    await pos.request("PUT", `/__admin/locations/${pos.loc.id}/orders/${order.id}/lock`, {
      body: { terminalId: "term-1", durationSeconds: 30 },
    });
    const round = { body: { items: [{ productId: product.id, quantity: 1 }] } };
    const locked = await pos.request("POST", pos.url(`/orders/${order.id}/rounds`), round);
    expect(locked.status).toBe(423);
    expect(locked.body).toMatchObject({ code: "LOCKED", retryable: true, terminalId: "term-1" });
    expect(locked.headers.get("retry-after")).toBe("30");
    const pay = await pos.request("POST", pos.url(`/orders/${order.id}/payments`), {
      body: { method: "cash" },
    });
    expect(pay.body.code).toBe("LOCKED");
    const status = await pos.request("GET", pos.url(`/orders/${order.id}/status`));
    expect(status.body).toMatchObject({ locked: true, lockedBy: "term-1" });

    await pos.clock.advance(30_000);
    const after = await pos.request("POST", pos.url(`/orders/${order.id}/rounds`), round);
    expect(after.status).toBe(200);
    expect(after.body.locked).toBe(false);
  });

  it("refuses a kitchen message too while the order is held (LOCKED naming the terminal), and sends nothing", async () => {
    const pos = setup();
    const order = (await createOrder(pos)).body;
    await pos.request("PUT", `/__admin/locations/${pos.loc.id}/orders/${order.id}/lock`, {
      body: { terminalId: "term-1", durationSeconds: 45 },
    });
    const note = { body: { text: "no onions" } };
    const locked = await pos.request("POST", pos.url(`/orders/${order.id}/kitchen-messages`), note);
    expect(locked.status).toBe(423);
    expect(locked.body).toMatchObject({
      code: "LOCKED",
      retryable: true,
      terminalId: "term-1",
      orderId: order.id,
    });
    expect(locked.headers.get("retry-after")).toBe("45");
    expect(pos.loc.orders.get(order.id)?.kitchenMessages).toEqual([]);
    await pos.clock.advance(45_000);
    expect((await pos.request("POST", pos.url(`/orders/${order.id}/kitchen-messages`), note)).status).toBe(
      201,
    );
  });

  it("an indefinite lock holds until staff unlock it", async () => {
    const pos = setup();
    const order = (await createOrder(pos)).body;
    await pos.request("PUT", `/__admin/locations/${pos.loc.id}/orders/${order.id}/lock`, {
      body: { terminalId: "term-2" },
    });
    await pos.clock.advance(3_600_000);
    const locked = await pos.request("POST", pos.url(`/orders/${order.id}/payments`), {
      body: { method: "cash" },
    });
    expect(locked.status).toBe(423);
    expect(locked.headers.get("retry-after")).toBeNull();
    await pos.request("DELETE", `/__admin/locations/${pos.loc.id}/orders/${order.id}/lock`);
    expect(
      (await pos.request("POST", pos.url(`/orders/${order.id}/payments`), { body: { method: "cash" } }))
        .status,
    ).toBe(200);
  });
});

describe("generic dialect: status, kitchen, loyalty, shifts", () => {
  it("moves the kitchen status forward and refuses illegal transitions", async () => {
    const pos = setup();
    const order = (await createOrder(pos)).body;
    const set = (status: string) =>
      pos.request("POST", pos.url(`/orders/${order.id}/status`), { body: { status } });
    expect((await set("accepted")).body.fulfilment).toBe("accepted");
    const illegal = await set("completed");
    expect(illegal.status).toBe(409);
    expect(illegal.body).toMatchObject({ code: "INVALID_TRANSITION", from: "accepted", to: "completed" });
    expect((await set("preparing")).body.fulfilment).toBe("preparing");
    expect((await set("ready")).body.fulfilment).toBe("ready");
    const got = await pos.request("GET", pos.url(`/orders/${order.id}/status`));
    expect(got.body).toMatchObject({ orderId: order.id, status: "open", fulfilment: "ready", locked: false });
  });

  it("cancelling a new order voids it", async () => {
    const pos = setup();
    const order = (await createOrder(pos)).body;
    const res = await pos.request("POST", pos.url(`/orders/${order.id}/status`), {
      body: { status: "canceled" },
    });
    expect(res.body).toMatchObject({ status: "voided", fulfilment: "canceled" });
    const tables = await pos.request("GET", pos.url("/tables"));
    expect(tables.body.tables.find((t: { id: string }) => t.id === order.tableId).openOrderIds).not.toContain(
      order.id,
    );
  });

  it("sends a kitchen message that the order then carries", async () => {
    const pos = setup();
    const order = (await createOrder(pos)).body;
    const sent = await pos.request("POST", pos.url(`/orders/${order.id}/kitchen-messages`), {
      body: { text: "Table 4: nut allergy" },
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ orderId: order.id, text: "Table 4: nut allergy" });
    const got = await pos.request("GET", pos.url(`/orders/${order.id}`));
    expect(got.body.kitchenMessages).toEqual([expect.objectContaining({ text: "Table 4: nut allergy" })]);
  });

  it("looks up a loyalty card and reprices an order at loyalty prices", async () => {
    const pos = testPos({ seed: "loyal" });
    const loc = pos.location(0);
    const card = pos.sim.chain.loyalty?.cards[0];
    if (!card) throw new Error("seed 'loyal' must run a loyalty programme");
    const lookup = await pos.request("GET", `${base(loc.id)}/loyalty/cards/${card.number}`);
    expect(lookup.body).toMatchObject({ number: card.number, holder: card.holder });
    expect((await pos.request("GET", `${base(loc.id)}/loyalty/cards/0000000000000`)).status).toBe(404);

    const product = loc.menu.products.find(
      (p) => p.loyaltyPrice !== null && !p.combo && p.modifierGroupIds.length === 0 && !loc.soldOut.has(p.id),
    );
    if (!product || product.loyaltyPrice === null) throw new Error("no loyalty-priced product");
    const created = await pos.request("POST", `${base(loc.id)}/orders`, {
      body: { type: "take_away", items: [{ productId: product.id, quantity: 1 }] },
    });
    const applied = await pos.request("POST", `${base(loc.id)}/orders/${created.body.id}/loyalty`, {
      body: { cardNumber: card.number },
    });
    expect(applied.status).toBe(200);
    expect(applied.body.loyaltyCard).toBe(card.number);
    const line = applied.body.lines[0];
    expect(line.listPrice - line.unitPrice).toBe(product.price - product.loyaltyPrice);
    expect(applied.body.totals.total).toBeLessThan(created.body.totals.total);
  });

  it("lists shifts with totals; an order paid after the shift change counts in the new shift", async () => {
    const pos = setup();
    const order = (await createOrder(pos)).body;
    const closed = await pos.request("POST", `/__admin/locations/${pos.loc.id}/shifts/close`);
    expect(closed.body.closed.status).toBe("closed");
    expect(closed.body.opened).toMatchObject({ status: "open", number: closed.body.closed.number + 1 });
    await pos.clock.advance(60_000);
    const paid = await pos.request("POST", pos.url(`/orders/${order.id}/payments`), {
      body: { method: "cash" },
    });
    const shifts = await pos.request("GET", pos.url("/shifts"));
    expect(shifts.body.shifts.map((s: { id: string }) => s.id)).toEqual([
      closed.body.closed.id,
      closed.body.opened.id,
    ]);
    const next = await pos.request("GET", pos.url(`/shifts/${closed.body.opened.id}`));
    expect(next.body.totals.gross).toBe(paid.body.totals.paid);
    expect(next.body.totals.ordersPaid).toBe(1);
    const prev = await pos.request("GET", pos.url(`/shifts/${closed.body.closed.id}`));
    expect(prev.body.totals.openOrders).toBeGreaterThanOrEqual(1);
    expect((await pos.request("GET", pos.url("/shifts/shift-99"))).status).toBe(404);
    const byDate = await pos.request("GET", pos.url("/shifts?businessDate=2026-03-13"));
    expect(byDate.body.shifts).toHaveLength(2);
  });
});

describe("generic dialect: the business day", () => {
  it("rolls to a new shift at closeout: the next write lands in the next business day's shift", async () => {
    const pos = setup();
    const before = (await createOrder(pos)).body;
    // To Saturday, an hour past the location's closeout (Madrid is UTC+1 in March).
    const closeout = Date.UTC(2026, 2, 14, pos.loc.closeoutHour - 1);
    await pos.clock.advanceTo(closeout + 3_600_000);
    const after = (await createOrder(pos)).body;
    expect(before.businessDate).toBe("2026-03-13");
    expect(after.businessDate).toBe("2026-03-14");
    expect(after.shiftId).not.toBe(before.shiftId);
    const shifts = (await pos.request("GET", pos.url("/shifts"))).body.shifts;
    expect(shifts.map((s: { businessDate: string; status: string }) => [s.businessDate, s.status])).toEqual([
      ["2026-03-13", "closed"],
      ["2026-03-14", "open"],
    ]);
    expect(shifts[0].closedAt).toBe(new Date(closeout).toISOString());
    const status = await pos.request("GET", pos.url("/status"));
    expect(status.body.businessDate).toBe("2026-03-14");
  });
});

describe("generic dialect: credentials", () => {
  it("admits the location's own API key or HTTP Basic credentials", async () => {
    const pos = setup();
    expect((await pos.request("GET", pos.url("/status"))).status).toBe(200);
    expect((await pos.request("GET", pos.url("/status"), { basic: true })).status).toBe(200);
  });

  it("is 401 with no or wrong credentials, 403 with another location's", async () => {
    const pos = setup();
    const none = await pos.request("GET", pos.url("/menu"), { as: false });
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Basic/);
    expect(none.body.code).toBe("UNAUTHORIZED");
    const wrong = await pos.request("GET", pos.url("/menu"), {
      as: false,
      headers: { "x-api-key": "mpk_wrong" },
    });
    expect(wrong.status).toBe(401);
    const badPassword = Buffer.from(`${pos.loc.credentials.username}:nope`).toString("base64");
    expect(
      (
        await pos.request("GET", pos.url("/menu"), {
          as: false,
          headers: { authorization: `Basic ${badPassword}` },
        })
      ).status,
    ).toBe(401);
    const other = await pos.request("GET", pos.url("/menu"), { as: pos.location(1) });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe("FORBIDDEN_LOCATION");
    const unknown = await pos.request("GET", `${base("loc-9999")}/menu`, { as: pos.loc });
    expect(unknown.status).toBe(403);
  });

  it("keeps each location's orders to itself", async () => {
    const pos = setup();
    const order = (await createOrder(pos)).body;
    const other = pos.location(1);
    const res = await pos.request("GET", `${base(other.id)}/orders/${order.id}`);
    expect(res.status).toBe(404);
  });
});

describe("generic dialect: menu rules on orders", () => {
  function comboOf(pos: ReturnType<typeof setup>) {
    const combo = pos.loc.menu.products.find(
      (p) => p.combo && p.modifierGroupIds.length === 0 && !pos.loc.soldOut.has(p.id),
    );
    if (!combo?.combo) throw new Error("no combo on the menu");
    return { product: combo, components: combo.combo };
  }

  it("prices a combo with one choice per component, upcharges included", async () => {
    const pos = setup();
    const { product, components } = comboOf(pos);
    const picks = components.map((c) => {
      const id = c.productIds.find((p) => c.upcharges[p]) ?? (c.productIds[0] as string);
      return { componentId: c.id, productId: id, upcharge: c.upcharges[id] ?? 0 };
    });
    for (const p of picks) pos.loc.soldOut.delete(p.productId);
    const res = await pos.request("POST", pos.url("/orders"), {
      body: {
        type: "take_away",
        items: [
          {
            productId: product.id,
            quantity: 1,
            combo: picks.map(({ componentId, productId }) => ({ componentId, productId })),
          },
        ],
      },
    });
    expect(res.status).toBe(201);
    const upcharges = picks.reduce((s, p) => s + p.upcharge, 0);
    expect(res.body.lines[0].combo).toHaveLength(components.length);
    expect(res.body.totals.total).toBe(product.price + upcharges);
  });

  it("refuses a combo missing a component, and one whose chosen component is sold out", async () => {
    const pos = setup();
    const { product, components } = comboOf(pos);
    const [first, ...rest] = components;
    if (!first) throw new Error("combo without components");
    const missing = await pos.request("POST", pos.url("/orders"), {
      body: {
        type: "take_away",
        items: [
          {
            productId: product.id,
            quantity: 1,
            combo: rest.map((c) => ({ componentId: c.id, productId: c.productIds[0] })),
          },
        ],
      },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.detail).toContain(first.id);

    const choice = first.productIds[0] as string;
    await pos.request("PUT", `/__admin/locations/${pos.loc.id}/availability/${choice}`, {
      body: { soldOut: true },
    });
    const picks = components.map((c) => ({
      componentId: c.id,
      productId: c === first ? choice : (c.productIds.find((id) => !pos.loc.soldOut.has(id)) as string),
    }));
    const soldOut = await pos.request("POST", pos.url("/orders"), {
      body: { type: "take_away", items: [{ productId: product.id, quantity: 1, combo: picks }] },
    });
    expect(soldOut.status).toBe(409);
    expect(soldOut.body).toMatchObject({ code: "ITEM_UNAVAILABLE", productIds: [choice] });
  });

  it("enforces a modifier group's minimum and maximum", async () => {
    const pos = setup();
    const required = pos.loc.menu.modifierGroups.find((g) => g.min >= 1);
    const product = pos.loc.menu.products.find(
      (p) => required && p.modifierGroupIds.includes(required.id) && !p.combo && !pos.loc.soldOut.has(p.id),
    );
    if (!required || !product) throw new Error("no product with a required choice");
    const res = await pos.request("POST", pos.url("/orders"), {
      body: { type: "take_away", items: [{ productId: product.id, quantity: 1 }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.invalidParams).toContainEqual({
      name: "body.items[0].modifiers",
      reason: expect.stringContaining(required.id),
    });
    expect(required.options.length).toBeGreaterThan(required.max);
    const tooMany = required.options.slice(0, required.max + 1).map((o) => ({ optionId: o.id }));
    const over = await pos.request("POST", pos.url("/orders"), {
      body: { type: "take_away", items: [{ productId: product.id, quantity: 1, modifiers: tooMany }] },
    });
    expect(over.status).toBe(400);
    expect(over.body.invalidParams[0].reason).toContain(`got ${required.max + 1}`);
  });

  it("lets the kitchen progress a prepaid order after it is paid", async () => {
    const pos = setup();
    const order = (await createOrder(pos, { paymentMode: "prepaid" })).body;
    await pos.request("POST", pos.url(`/orders/${order.id}/payments`), {
      body: { method: "epayment", amount: order.totals.due },
    });
    const res = await pos.request("POST", pos.url(`/orders/${order.id}/status`), {
      body: { status: "accepted" },
    });
    expect(res.body).toMatchObject({ status: "paid", fulfilment: "accepted" });
    const cancel = await pos.request("POST", pos.url(`/orders/${order.id}/status`), {
      body: { status: "canceled" },
    });
    expect(cancel.body.code).toBe("ORDER_CLOSED");
  });
});
