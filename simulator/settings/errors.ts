/** A mistake on the command line: the command prints it with its usage and exits 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** A setting with a bad value, named the way the user gave it (flag, variable or file key): exit 2. */
export class ConfigError extends Error {
  override name = "ConfigError";
}
