// node load/shard-credentials.ts --seed S --locations N [--locale L] [--dialect D] --shards URL1,URL2,… --out FILE
//
// The per-location topology of a sharded chain, as the credentials file k6 reads: every location's
// entry with the base URL of the shard that owns it (shard k of the list serves range k; see
// simulator/topology/shard.ts). Worked out here from the seed, as every shard works out its chain,
// so no shard is asked and no location is brought into being: for `mockpos serve --shard k/K`
// processes started elsewhere (load/k8s/shards.yaml) and a k6 run against them (load/k8s/testrun.yaml).
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { LocaleCode } from "../simulator/domain/types.ts";
import { generateChain } from "../simulator/generate/index.ts";
import { shardRange } from "../simulator/topology/shard.ts";
import { dialectCredentials } from "./dialect-credentials.ts";
import { findDialect } from "./dialect-modules.ts";
import type { LocationCredentials } from "./k6/credentials.ts";

/** Every location of the chain with its owner's URL: `urls[k - 1]` serves shard k of `urls.length`. */
export function shardedCredentials(
  options: { seed: string; locations: number; locale: LocaleCode; dialect: string },
  urls: readonly string[],
): LocationCredentials[] {
  const dialect = findDialect(options.dialect, []);
  const chain = generateChain({ ...options, now: 0 });
  return urls.flatMap((url, i) =>
    dialectCredentials(
      chain,
      dialect,
      shardRange({ index: i + 1, count: urls.length }, options.locations),
    ).map((entry) => ({ ...entry, baseUrl: url.replace(/\/+$/, "") })),
  );
}

function main(argv: string[]): number {
  const fail = (message: string) => {
    process.stderr.write(`shard-credentials: ${message}\n`);
    return 2;
  };
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        seed: { type: "string" },
        locations: { type: "string" },
        locale: { type: "string", default: "en" },
        dialect: { type: "string", default: "generic" },
        shards: { type: "string" },
        out: { type: "string" },
      },
    }));
  } catch (err) {
    return fail((err as Error).message);
  }
  const locations = Number(values.locations);
  if (!values.seed) return fail("--seed S is required: the seed every shard serves");
  if (!Number.isInteger(locations) || locations < 1 || locations > 1_000_000)
    return fail(`--locations must be a whole number from 1 to 1000000, got '${values.locations}'`);
  if (!["en", "es", "fr", "pl"].includes(values.locale ?? ""))
    return fail(`--locale must be en, es, fr or pl, got '${values.locale}'`);
  try {
    findDialect(values.dialect ?? "", []);
  } catch (err) {
    return fail((err as Error).message);
  }
  const urls = (values.shards ?? "").split(",").filter((u) => u.trim() !== "");
  if (urls.length === 0 || urls.some((u) => !/^https?:\/\/[^/]/.test(u)))
    return fail("--shards URL1,URL2,… is required: each shard's base URL, in shard order");
  if (urls.length > locations) return fail(`${urls.length} shards for ${locations} locations`);
  if (!values.out) return fail("--out FILE is required");
  const entries = shardedCredentials(
    {
      seed: values.seed,
      locations,
      locale: values.locale as LocaleCode,
      dialect: values.dialect as string,
    },
    urls,
  );
  writeFileSync(values.out, `${JSON.stringify(entries)}\n`, { mode: 0o600 });
  process.stdout.write(`${entries.length} locations over ${urls.length} shards → ${values.out}\n`);
  return 0;
}

if (import.meta.main) process.exitCode = main(process.argv.slice(2));
