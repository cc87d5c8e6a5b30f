import { faultsAddFor } from "../../contracts/admin/faults.ts";
import { adminRoutes } from "../../contracts/admin/routes.ts";
import { scenarioPutFor } from "../../contracts/admin/scenario.ts";
import { FaultRule } from "../../simulator/faults/schema.ts";
import { Scenario } from "../../simulator/scenario/schema.ts";

// The client speaks the built-in fault kinds; the contracts take the kinds' schema as an
// argument, since the kinds (with their behaviour) live in the simulator's registry.

/** `POST /__admin/faults` for rules of the built-in kinds. */
export const faultsAdd = faultsAddFor(FaultRule);

/** `PUT /__admin/scenario` for scenarios whose faults are rules of the built-in kinds. */
export const scenarioPut = scenarioPutFor(Scenario);

/** Every admin route, in document order, for the built-in kinds. */
export const ADMIN_ROUTES = adminRoutes({ faultsAdd, scenarioPut });
