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
  };
}
