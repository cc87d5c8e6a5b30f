import type { OperatingSchedule, ServiceWindow, Weekday } from "../domain/types.ts";
import type { Random } from "../random/index.ts";
import { weighted } from "./util.ts";

/**
 * A location's weekly opening hours: lunch and dinner services, sometimes a weekly closing
 * day (Monday or Tuesday, as many restaurants rest) and no dinner on Sunday. Friday and
 * Saturday always serve both, the days a chain cannot afford to miss.
 */
export function generateSchedule(rng: Random): OperatingSchedule {
  const lunch: ServiceWindow = {
    opens: rng.pick(["12:00", "12:30", "13:00"]),
    closes: rng.pick(["15:30", "16:00", "16:30"]),
  };
  const dinner: ServiceWindow = {
    opens: rng.pick(["19:00", "19:30", "20:00"]),
    closes: rng.pick(["23:00", "23:30", "23:45"]),
  };
  const restDay = weighted<Weekday | null>(rng, [
    [null, 50],
    ["monday", 35],
    ["tuesday", 15],
  ]);
  const noSundayDinner = rng.chance(0.3);
  const day = (name: Weekday): ServiceWindow[] => {
    if (name === restDay) return [];
    if (name === "sunday" && noSundayDinner) return [{ ...lunch }];
    return [{ ...lunch }, { ...dinner }];
  };
  return {
    monday: day("monday"),
    tuesday: day("tuesday"),
    wednesday: day("wednesday"),
    thursday: day("thursday"),
    friday: day("friday"),
    saturday: day("saturday"),
    sunday: day("sunday"),
  };
}
