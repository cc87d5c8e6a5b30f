import { describe, expect, it } from "vitest";
import { queryOf } from "../http/journal.ts";
import { clip, Journal, type JournalEntry, MAX_KEY, MAX_QUERY } from "./index.ts";

const entry = (n: number): Omit<JournalEntry, "seq"> => ({
  time: new Date(Date.UTC(2026, 2, 13, 12, 0, n)).toISOString(),
  locationId: "loc-0001",
  operation: "menu.get",
  dialect: "generic",
  method: "GET",
  path: "/v1/locations/loc-0001/menu",
  query: null,
  credential: "apiKey:loc-0001",
  status: 200,
  outcome: "OK",
  latencyMs: 0,
  idempotencyKey: null,
  replayed: false,
  fault: null,
});

describe("Journal", () => {
  it("keeps the newest `capacity` entries, oldest first, and counts every one", () => {
    const journal = new Journal(3);
    for (let i = 0; i < 5; i++) journal.record(entry(i));
    expect(journal.total).toBe(5);
    expect([...journal.entries()].map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(journal.query({ after: 3 }).map((e) => e.seq)).toEqual([4, 5]);
  });

  it("finds an entry by its sequence number while the ring holds it, and tells watchers of each new one", () => {
    const journal = new Journal(3);
    const seen: number[] = [];
    const stop = journal.subscribe((e) => seen.push(e.seq));
    for (let i = 0; i < 5; i++) journal.record(entry(i));
    stop();
    journal.record(entry(5));
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(journal.get(2)).toBeUndefined();
    expect(journal.get(4)?.time).toBe(entry(3).time);
    expect(journal.get(6)?.seq).toBe(6);
    expect(journal.get(7)).toBeUndefined();
    expect(journal.get(0)).toBeUndefined();
  });
});

describe("what an entry keeps of a request", () => {
  it("the raw query string, as sent, without `?`; null when there is none", () => {
    expect(queryOf("http://localhost/v1/x?view=in_progress&cursor=c2VxOjE")).toBe(
      "view=in_progress&cursor=c2VxOjE",
    );
    expect(queryOf("http://localhost/v1/x?locations=1%2C2&q=a+b")).toBe("locations=1%2C2&q=a+b");
    expect(queryOf("http://localhost/v1/x")).toBeNull();
    expect(queryOf("http://localhost/v1/x?")).toBeNull();
    expect(queryOf("http://localhost/v1/x?a=1#frag")).toBe("a=1");
  });

  it("no more than a bounded length: a ring of entries stays small whatever clients send", () => {
    const long = `a=${"x".repeat(10_000)}`;
    expect(queryOf(`http://localhost/?${long}`)).toBe(`${long.slice(0, MAX_QUERY)}…`);
    expect(clip("k".repeat(300), MAX_KEY)).toHaveLength(MAX_KEY + 1);
    expect(clip("short", MAX_KEY)).toBe("short");
  });
});
