import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PUBLISHED } from "../../scripts/write-openapi.ts";
import { DRIVER_PROTOCOL_VERSION } from "./schemas.ts";

describe("the driver protocol's document", () => {
  it("is published in contracts/openapi and the file is up to date (run `npm run openapi` after a schema change)", () => {
    expect(readFileSync(PUBLISHED.driver.file, "utf8")).toBe(PUBLISHED.driver.render());
  });

  it("names its protocol version and the schemas of every body", () => {
    const doc = JSON.parse(PUBLISHED.driver.render());
    expect(doc["x-mockpos-driver-version"]).toBe(DRIVER_PROTOCOL_VERSION);
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        "DriverHello",
        "DriverConfigure",
        "DriverPlaceOrder",
        "DriverAppendRound",
        "DriverPay",
        "DriverKitchenMessage",
        "DriverApplyLoyalty",
        "DriverOrder",
        "DriverLocation",
        "DriverMenu",
        "Problem",
      ]),
    );
  });
});
