import { describe, expect, it } from "vitest";
import { checkResponse } from "../../../test/support/contract.ts";
import type { DomainEvent } from "../../domain/events.ts";
import { BASE, START, sinqroPos } from "./testing.ts";

const HOUR = 3_600_000;
const TONIGHT = "2026-03-13T21:00:00+01:00"; // Friday, in Madrid
const OPEN = [
  { opens: "13:00", closes: "16:00" },
  { opens: "20:00", closes: "23:30" },
];
const WEEK = {
  monday: [],
  tuesday: OPEN,
  wednesday: OPEN,
  thursday: OPEN,
  friday: OPEN,
  saturday: OPEN,
  sunday: OPEN,
};

async function setup() {
  const pos = sinqroPos();
  const loc = pos.location(0);
  /** An admin call through the main app, checked against the admin contract. */
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await pos.generic.request(`/__admin/locations/${loc.id}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    checkResponse(
      method,
      `/__admin/locations/${loc.id}${path}`,
      res.status,
      res.headers.get("content-type") ?? "",
      json,
    );
    return { status: res.status, body: json as any };
  };
  expect((await admin("PUT", "/schedule", WEEK)).status).toBe(200);
  const book = (extra: Record<string, unknown> = {}, headers?: Record<string, string>) =>
    pos.request("POST", `${BASE}/reservations`, {
      body: {
        partySize: 4,
        reservedFor: TONIGHT,
        customer: { name: "Lucía Pérez", phone: "+34 600 123 456" },
        ...extra,
      },
      headers,
    });
  const setStatus = (id: string, body: unknown, method = "POST") =>
    pos.request(method, `${BASE}/reservations/${id}/status`, { body });
  return { ...pos, loc, admin, book, setStatus };
}

describe("sinqro: table bookings", () => {
  it("books a table, REQUESTED until the restaurant answers, and reads it and its status back", async () => {
    const pos = await setup();
    const events: DomainEvent[] = [];
    pos.sim.events.subscribe((e) => events.push(e));
    const created = await pos.book({ externalReference: "SQ-R-1", channel: "web", comment: "birthday" });
    expect(created.status).toBe(201);
    const r = created.body.data;
    expect(r).toMatchObject({
      restaurantId: pos.loc.id,
      externalReference: "SQ-R-1",
      channel: "web",
      partySize: 4,
      reservedFor: "2026-03-13T20:00:00.000Z",
      customer: { name: "Lucía Pérez", phone: "+34 600 123 456", email: null },
      comment: "birthday",
      status: "REQUESTED",
      tableId: null,
      version: 1,
    });
    expect((await pos.request("GET", `${BASE}/reservations/${r.id}`)).body.data).toEqual(r);
    const status = await pos.request("GET", `${BASE}/reservations/${r.id}/status`);
    expect(status.body.data).toMatchObject({
      reservationId: r.id,
      status: "REQUESTED",
      allowed: ["ACCEPTED", "CANCELED"],
    });
    expect(events).toEqual([expect.objectContaining({ type: "reservation.changed", reservationId: r.id })]);
  });

  it("is accepted (POST), seated at a table (PATCH) and completed, each change announced", async () => {
    const pos = await setup();
    const id = (await pos.book()).body.data.id;
    const events: DomainEvent[] = [];
    pos.sim.events.subscribe((e) => events.push(e));
    expect((await pos.setStatus(id, { status: "ACCEPTED" })).body.data.status).toBe("ACCEPTED");
    const table = pos.loc.areas[0]?.tables[0]?.id;
    const seated = await pos.setStatus(id, { status: "SEATED", tableId: table }, "PATCH");
    expect(seated.body.data).toMatchObject({
      status: "SEATED",
      tableId: table,
      allowed: ["COMPLETED"],
      version: 3,
    });
    expect((await pos.setStatus(id, { status: "COMPLETED" })).body.data).toMatchObject({
      status: "COMPLETED",
      allowed: [],
    });
    expect(events.map((e) => e.type)).toEqual([
      "reservation.changed",
      "reservation.changed",
      "reservation.changed",
    ]);
  });

  it("refuses an illegal change with 409 in Sinqro statuses, and a no-show before its time", async () => {
    const pos = await setup();
    const id = (await pos.book()).body.data.id;
    const seated = await pos.setStatus(id, { status: "SEATED" });
    expect(seated.status).toBe(409);
    expect(seated.body.error).toMatchObject({
      code: "INVALID_STATUS_TRANSITION",
      details: { reservationId: id, from: "REQUESTED", to: "SEATED", allowed: ["ACCEPTED", "CANCELED"] },
    });
    await pos.setStatus(id, { status: "ACCEPTED" });
    const early = await pos.setStatus(id, { status: "NO_SHOW" });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe(
      `reservation ${id} cannot go from ACCEPTED to NO_SHOW (not before the booked time); allowed: SEATED, CANCELED, NO_SHOW`,
    );
    await pos.clock.advanceTo(Date.parse(TONIGHT) + 20 * 60_000);
    expect((await pos.setStatus(id, { status: "NO_SHOW" })).body.data.status).toBe("NO_SHOW");
  });

  it("staff at the POS answer a booking too (declining it cancels)", async () => {
    const pos = await setup();
    const id = (await pos.book()).body.data.id;
    const declined = await pos.admin("POST", `/reservations/${id}/status`, { status: "canceled" });
    expect(declined.body).toMatchObject({ id, status: "canceled", version: 2 });
    expect((await pos.request("GET", `${BASE}/reservations/${id}/status`)).body.data.status).toBe("CANCELED");
    expect((await pos.admin("GET", "/reservations")).body.reservations).toHaveLength(1);
    expect((await pos.admin("POST", `/reservations/${id}/status`, { status: "accepted" })).status).toBe(409);
  });

  it("refuses a past time, hours the restaurant is closed, a bad phone or too large a party, storing nothing", async () => {
    const pos = await setup();
    const past = await pos.book({ reservedFor: "2026-03-13T09:00:00Z" });
    expect(past.body.error).toMatchObject({
      code: "VALIDATION_ERROR",
      fields: [{ field: "body.reservedFor" }],
    });
    const monday = await pos.book({ reservedFor: "2026-03-16T21:00:00+01:00" });
    expect(monday.body.error.fields[0].message).toMatch(/closed on mondays/);
    const afternoon = await pos.book({ reservedFor: "2026-03-13T17:30:00+01:00" });
    expect(afternoon.body.error.fields[0].message).toMatch(/outside opening hours/);
    const many = await pos.book({ partySize: 21, customer: { name: "X", phone: "call me" } });
    expect(many.body.error.fields.map((f: { field: string }) => f.field)).toEqual([
      "body.partySize",
      "body.customer.phone",
    ]);
    expect(pos.loc.reservations.size).toBe(0);
  });

  it("refuses a booking inside a temporary closing (RESTAURANT_CLOSED), and a reused reference (DUPLICATE_REFERENCE)", async () => {
    const pos = await setup();
    const first = await pos.book({ externalReference: "SQ-R-9" }, { "x-idempotency-key": "k1" });
    expect((await pos.book({ externalReference: "SQ-R-9" }, { "x-idempotency-key": "k1" })).body).toEqual(
      first.body,
    );
    const dup = await pos.book({ externalReference: "SQ-R-9" });
    expect(dup.body.error).toMatchObject({
      code: "DUPLICATE_REFERENCE",
      details: { reservationId: first.body.data.id },
    });
    const until = new Date(Date.parse(TONIGHT) + HOUR).toISOString();
    expect((await pos.admin("PUT", "/closure", { reason: "private event", until })).body).toMatchObject({
      closed: true,
    });
    const closed = await pos.book();
    expect(closed.status).toBe(409);
    expect(closed.body.error).toMatchObject({
      code: "RESTAURANT_CLOSED",
      details: { reason: "private event", closedUntil: until },
    });
    expect((await pos.book({ reservedFor: "2026-03-13T22:30:00+01:00" })).status).toBe(201);
    expect(pos.loc.reservations.size).toBe(2);
  });

  it("unknown bookings, and another restaurant's, are NOT_FOUND", async () => {
    const pos = await setup();
    const id = (await pos.book()).body.data.id;
    expect((await pos.request("GET", `${BASE}/reservations/${id}`, { as: pos.location(1) })).status).toBe(
      404,
    );
    expect((await pos.request("GET", `${BASE}/reservations/nope/status`)).body.error.code).toBe("NOT_FOUND");
    expect((await pos.setStatus("nope", { status: "ACCEPTED" }, "PATCH")).status).toBe(404);
    expect(START).toBeLessThan(Date.parse(TONIGHT));
  });
});
