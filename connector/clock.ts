import type { ClockSetting } from "../contracts/driver/schemas.ts";
import { type Clock, ScaledClock } from "../simulator/clock/index.ts";

/**
 * The clock a driver asks an engine process for (`PUT /driver/v1/config` → `clock`): `factor`
 * times the wall clock, showing `origin` at the wall-clock instant `startedAt`, so the engine's
 * time agrees with a simulator's scaled clock. Built later than `startedAt`, it shows
 * origin + (now − startedAt) · factor; without an origin it starts at the wall clock's now.
 */
export function clockFromSetting(setting: ClockSetting, now = Date.now()): Clock {
  const factor = setting.factor ?? 1;
  const origin =
    setting.origin === undefined ? undefined : setting.origin + (now - (setting.startedAt ?? now)) * factor;
  return new ScaledClock({ factor, origin });
}
