import { ADAPTERS } from "../../connector/adapters/index.ts";
import type { Capability } from "../../connector/adapters/types.ts";
import type { LineInput, OrderView, PlaceOrderInput } from "../../contracts/driver/schemas.ts";
import type { Stage } from "../types.ts";

/** Whether the dialect under test offers an operation (a passive POS takes whole, prepaid orders only). */
export function offers(stage: Stage, capability: Capability): boolean {
  return ADAPTERS[stage.dialect].capabilities.has(capability);
}

/** Items a guest can order at a location without a choice, from the connector's cached menu. */
export async function orderable(
  stage: Stage,
  locationId: string,
  count = 2,
): Promise<[LineInput, ...LineInput[]]> {
  const driver = stage.driver;
  if (!driver) throw new Error("guests act through the driver: drive mode only");
  const loaded = await stage.until(async () => (await driver.menu(locationId)) !== null, 5 * 60_000);
  if (!loaded) throw new Error(`the connector has no menu for ${locationId} after 5 minutes`);
  const menu = await driver.menu(locationId);
  const items = (menu?.items ?? []).filter((i) => !i.needsChoice && !i.soldOut).slice(0, count);
  if (items.length === 0) throw new Error(`nothing orderable at ${locationId}`);
  return items.map((i) => ({ productId: i.id, quantity: 1 })) as [LineInput, ...LineInput[]];
}

/** Places an order and waits (bounded) until the connector says the POS holds it. */
export async function placeAndWait(
  stage: Stage,
  input: PlaceOrderInput,
  withinMs = 3 * 60_000,
): Promise<OrderView> {
  const driver = stage.driver;
  if (!driver) throw new Error("guests act through the driver: drive mode only");
  const placed = await driver.placeOrder(input);
  if (placed.state === "refused") throw new Error(`the connector refused the order: ${placed.reason}`);
  await stage.until(async () => (await driver.order(placed.ref))?.state !== "pending", withinMs);
  const view = await driver.order(placed.ref);
  if (!view) throw new Error(`the connector forgot order ${placed.ref}`);
  return view;
}
