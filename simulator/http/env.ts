import type { FailureCode } from "../domain/errors.ts";
import type { Location } from "../domain/types.ts";

/** What a request carries through the middleware chain. */
export interface AppEnv {
  Variables: {
    /** Canonical operation of the matched route. */
    operation: string;
    /** The location named in the path, before it is authorised. */
    locationId: string;
    /** The order a request acts on, for dialects whose paths do not carry `orderId`. */
    orderId: string;
    /** The authenticated location. */
    location: Location;
    outcome: FailureCode;
    replayed: boolean;
    fault: string;
    /** The credential the request presents in its dialect's own headers (the shell sets it). */
    secret: string;
    /** Whether the request sent any dialect's credential header (the shell sets it). */
    sentCredential: boolean;
  };
}
