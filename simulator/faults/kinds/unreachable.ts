import { z } from "zod";
import { Duration } from "../../../contracts/admin/fault-primitives.ts";
import { findLocation } from "../../domain/chain.ts";
import { PosError } from "../../domain/errors.ts";
import type { ActiveRule, FaultEngine } from "../engine.ts";
import { choices, defineFaultKind, keyed, ruleSchema } from "../kind.ts";
import { fixedLink, type LinkTimeline, randomLink } from "../timeline.ts";

const schema = ruleSchema("unreachable", {
  mode: z.enum(["refuse", "reset", "blackhole", "502", "503", "504"]),
  /** Without a pattern the link is down whenever the rule is active. */
  pattern: z
    .discriminatedUnion("type", [
      z.object({ type: z.literal("fixed"), up: Duration, down: Duration }).strict(),
      z.object({ type: z.literal("random"), mtbf: Duration, mttr: Duration }).strict(),
    ])
    .optional(),
  /** Black hole: how long a request is held before the connection is dropped. */
  hold: Duration.default(120_000),
});

type UnreachableRule = z.output<typeof schema>;

/** The link a request about no single location rides: the server's own. */
const SERVER_LINK = "(server)";

/** Each rule's link timeline per location, created lazily and seeded per location. */
const links = keyed((_: ActiveRule<UnreachableRule>) => new Map<string, LinkTimeline>());

function link(active: ActiveRule<UnreachableRule>, locationId: string, start: number): LinkTimeline {
  const timelines = links(active);
  let timeline = timelines.get(locationId);
  if (!timeline) {
    const { pattern } = active.rule;
    if (!pattern) timeline = { downAt: () => true };
    else if (pattern.type === "fixed") timeline = fixedLink(start, pattern.up, pattern.down);
    else timeline = randomLink(start, pattern.mtbf, pattern.mttr, active.rng.fork(locationId));
    timelines.set(locationId, timeline);
  }
  return timeline;
}

/**
 * Whether the rule has the link down now; asking changes nothing the requests will see (the
 * console asks the same timeline the requests meet).
 */
export function linkDown(
  engine: Pick<FaultEngine, "origin">,
  active: ActiveRule<UnreachableRule>,
  linkId: string,
  now: number,
): boolean {
  return link(active, linkId, Math.max(active.from, engine.origin)).downAt(now);
}

/** The location's link is down: a gateway's 502 / 503 / 504, a refused or reset connection, or a black hole. */
export const unreachable = defineFaultKind({
  kind: "unreachable",
  schema,
  summary: "the location's link is down",
  form: [
    {
      name: "mode",
      label: "mode",
      type: "select",
      options: choices("503", "502", "504", "refuse", "reset", "blackhole"),
    },
    {
      name: "pattern.type",
      label: "pattern",
      type: "select",
      options: [
        ["", "down while active"],
        ["fixed", "fixed: up, down, repeat"],
        ["random", "random spells (mtbf, mttr)"],
      ],
    },
    { name: "pattern.up", label: "up", type: "duration", placeholder: "25m", if: "pattern.type=fixed" },
    { name: "pattern.down", label: "down", type: "duration", placeholder: "5m", if: "pattern.type=fixed" },
    {
      name: "pattern.mtbf",
      label: "mean time between failures",
      type: "duration",
      placeholder: "6h",
      if: "pattern.type=random",
    },
    {
      name: "pattern.mttr",
      label: "mean time to repair",
      type: "duration",
      placeholder: "2m",
      if: "pattern.type=random",
    },
    { name: "hold", label: "hold (black hole)", type: "duration", placeholder: "120s", if: "mode=blackhole" },
  ],
  describe(rule, words) {
    const p = rule.pattern;
    const pattern = !p
      ? "down while active"
      : p.type === "fixed"
        ? `up ${words.duration(p.up)} / down ${words.duration(p.down)}`
        : `mtbf ${words.duration(p.mtbf)}, mttr ${words.duration(p.mttr)}`;
    return `${rule.mode}, ${pattern}`;
  },
  async before(request, active) {
    const { engine, locationId, now } = request;
    const { rule } = active;
    // A request about no single location (an Elyx server asked for several) rides the server's own link.
    // An id that names no location gets no link (nor any state): the request will be refused anyway.
    if (locationId !== null && !findLocation(engine.chain(), locationId)) return;
    if (!linkDown(engine, active, locationId ?? SERVER_LINK, now)) return;
    if (locationId === null && rule.scope.locations) return;
    request.fire(active);
    if (rule.mode === "502")
      throw new PosError("UNREACHABLE", "bad gateway: the location's POS is unreachable");
    if (rule.mode === "503") {
      throw new PosError("UNREACHABLE", "the location's POS is unavailable", { status: 503 });
    }
    if (rule.mode === "504")
      throw new PosError("TIMEOUT", "gateway timeout: the location's POS did not answer");
    if (rule.mode === "blackhole") await request.holdUntilGivenUp(rule.hold);
    request.outcome(rule.mode === "blackhole" ? "TIMEOUT" : "UNREACHABLE");
    request.drop(rule.mode);
  },
});
