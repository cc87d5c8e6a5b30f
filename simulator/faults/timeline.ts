import type { DistributionSpec } from "../../contracts/admin/fault-primitives.ts";
import type { Random } from "../random/index.ts";
import { choices, type KindField, type Wording } from "./kind.ts";

/** Whether a flapping link is up at time t; asked with non-decreasing t, like requests arrive. */
export interface LinkTimeline {
  downAt(t: number): boolean;
}

/** Up for `up`, down for `down`, repeating from `start`. */
export function fixedLink(start: number, up: number, down: number): LinkTimeline {
  const period = up + down;
  return {
    downAt: (t) => period > 0 && t >= start && (t - start) % period >= up,
  };
}

/**
 * Up and down spells drawn from exponential distributions with the given means (mean time
 * between failures and to repair), generated lazily so a week-long run costs what it uses.
 */
export function randomLink(start: number, mtbf: number, mttr: number, rng: Random): LinkTimeline {
  let down = false;
  let until = start + exponential(rng, mtbf);
  return {
    downAt(t) {
      if (t < start) return false;
      while (t >= until) {
        down = !down;
        until += Math.max(1, exponential(rng, down ? mttr : mtbf));
      }
      return down;
    },
  };
}

function exponential(rng: Random, mean: number): number {
  return -Math.log(1 - rng.next()) * mean;
}

/** Standard normal from two uniforms (Box–Muller). */
function normal(rng: Random): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const Z99 = 2.3263478740408408;

/** A latency in ms drawn from the distribution; lognormal is fitted to its p50 and p99. */
export function sampleLatency(d: DistributionSpec, rng: Random): number {
  switch (d.type) {
    case "fixed":
      return d.ms;
    case "uniform":
      return Math.round(d.min + rng.next() * Math.max(0, d.max - d.min));
    case "lognormal": {
      const mu = Math.log(Math.max(1, d.p50));
      const sigma = Math.max(0, Math.log(Math.max(1, d.p99)) - mu) / Z99;
      return Math.round(Math.exp(mu + sigma * normal(rng)));
    }
  }
}

/** The console's fields for a `distribution` option. */
export const DISTRIBUTION_FIELDS: KindField[] = [
  {
    name: "distribution.type",
    label: "distribution",
    type: "select",
    options: choices("fixed", "uniform", "lognormal"),
  },
  {
    name: "distribution.ms",
    label: "ms (fixed)",
    type: "duration",
    placeholder: "500ms",
    if: "distribution.type=fixed",
  },
  {
    name: "distribution.min",
    label: "min",
    type: "duration",
    placeholder: "100ms",
    if: "distribution.type=uniform",
  },
  {
    name: "distribution.max",
    label: "max",
    type: "duration",
    placeholder: "2s",
    if: "distribution.type=uniform",
  },
  {
    name: "distribution.p50",
    label: "p50",
    type: "duration",
    placeholder: "600ms",
    if: "distribution.type=lognormal",
  },
  {
    name: "distribution.p99",
    label: "p99",
    type: "duration",
    placeholder: "8s",
    if: "distribution.type=lognormal",
  },
];

/** A distribution in a few words: `500ms`, `100ms–2s`, `p50 600ms, p99 8s`. */
export function describeDistribution(d: DistributionSpec, words: Wording): string {
  if (d.type === "fixed") return words.duration(d.ms);
  if (d.type === "uniform") return `${words.duration(d.min)}–${words.duration(d.max)}`;
  return `p50 ${words.duration(d.p50)}, p99 ${words.duration(d.p99)}`;
}
