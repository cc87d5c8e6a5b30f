import type { JournalEntry } from "../../simulator/journal/index.ts";
import { cite, offset, param, requests } from "../judge/journal.ts";
import { type Check, type Evidence, fail, pass } from "../types.ts";

const MINUTE = 60_000;
const RUN = 10 * MINUTE;

const ok = (e: JournalEntry) => e.status >= 200 && e.status < 300;

/**
 * Order polls pass the cursor the POS gave them, so each poll reads what changed since the last
 * one instead of every order again (seed 003: "pull new orders opened at the POS terminal").
 * A dialect that names the view (`view=in_progress|new`) gets one cursorless poll per view; one
 * that serves both views from one feed (Elyx's sales feed, a cursor per view) gets two per
 * location. Every poll after those must carry `cursor=`. Lookups by external id are not polls.
 */
export const cursors: Check = {
  id: "envelope.cursors",
  title: "Order polls pass their cursor",
  rule: "Order polls ask only for what changed since the cursor the previous poll was given: no full re-fetch at every poll.",
  needsGuests: false,
  needsAny: ["orders.list"],
  catches: "no-cursor",
  async play(stage) {
    await stage.wait(RUN);
    return {};
  },
  judge(run) {
    const bare: Evidence[] = [];
    let judged = 0;
    for (const { id } of run.locations) {
      const polls = requests(run, id, "orders.list").filter(
        (e) => e.method === "GET" && param(e, "externalId") === null && param(e, "view") !== "changed",
      );
      const byView = polls.some((e) => param(e, "view") !== null);
      // Each feed (a view, or the one feed) may start without a cursor until a poll was answered.
      const feeds = byView
        ? [...Map.groupBy(polls, (e) => param(e, "view") ?? "").values()].map((p) => ({ polls: p, free: 1 }))
        : [{ polls, free: 2 }];
      for (const feed of feeds) {
        let answered = 0;
        for (const e of feed.polls) {
          if (answered >= feed.free) {
            judged++;
            if (param(e, "cursor") === null)
              bare.push(cite(e, `${id}: no cursor after ${answered} answered poll(s)`));
          }
          if (ok(e)) answered++;
        }
      }
    }
    if (judged === 0)
      return fail(`no order poll after the first ones in ${offset(run, run.end)}: nothing to judge`);
    return bare.length === 0
      ? pass(`all ${judged} order polls after the first of each feed carried a cursor`)
      : fail(`${bare.length} of ${judged} order polls re-fetched without a cursor`, bare);
  },
};
