import { ScaledClock, VirtualClock } from "../clock/index.ts";
import { RUN_SPEEDS } from "./clock-runner.ts";
import { type ConsoleContext, clockLine, homeZone } from "./context.ts";
import { h, localDateTime } from "./html.ts";
import { BASE, back, flashOf, page } from "./layout.ts";
import { nextShiftBoundary } from "./model.ts";

const ACT = `${BASE}/act`;
const HERE = `${BASE}/clock`;

function post(
  action: string,
  fields: Record<string, string>,
  label: string,
  extra: Record<string, string> = {},
) {
  return h(
    "form",
    { method: "post", action: `${ACT}/${action}`, class: "inline" },
    back(HERE),
    Object.entries(fields).map(([name, value]) => h("input", { type: "hidden", name, value })),
    h("button", { type: "submit", ...extra }, label),
  );
}

/** What the clock can do from here depends on its kind. */
function controls(ctx: ConsoleContext) {
  const clock = ctx.sim.clock;
  if (clock instanceof VirtualClock) {
    const next = nextShiftBoundary(ctx.sim, clock.now());
    const zone = homeZone(ctx.sim);
    return [
      h(
        "p",
        null,
        "A virtual clock moves only when told: every step fires the timers due on the way, in order (activity, fault windows, lock expiry, shift closes, a connector running in process).",
      ),
      h(
        "div",
        { class: "stack", id: "clock-steps" },
        post("clock-step", { by: "1m" }, "+1 minute"),
        post("clock-step", { by: "5m" }, "+5 minutes"),
        post("clock-step", { by: "1h" }, "+1 hour"),
        next
          ? post("clock-boundary", {}, `Next shift boundary: ${localDateTime(next.at, zone)} (${next.what})`)
          : null,
      ),
      h(
        "form",
        { method: "post", action: `${ACT}/clock-to`, class: "stack", id: "clock-to" },
        back(HERE),
        h(
          "label",
          null,
          "Move to (ISO 8601 with offset)",
          h("input", { name: "to", size: 26, value: new Date(clock.now() + 3_600_000).toISOString() }),
        ),
        h("button", { type: "submit" }, "Move"),
      ),
      h("h2", null, "Run"),
      h(
        "p",
        null,
        "The console can also run the virtual clock in step with real time, at a speed, and pause it again: it advances the clock four times a real second through the same step.",
      ),
      h(
        "div",
        { class: "stack", id: "clock-run" },
        RUN_SPEEDS.map((speed) =>
          post("clock-run", { speed: String(speed) }, `Run ${speed}×`, {
            "aria-pressed": String(ctx.runner.speed === speed),
          }),
        ),
        post("clock-pause", {}, "Pause", { "aria-pressed": String(ctx.runner.speed === null) }),
      ),
    ];
  }
  if (clock instanceof ScaledClock)
    return h(
      "p",
      null,
      `A scaled clock runs ${clock.factor}× the wall clock from ${new Date(clock.origin).toISOString()}. It cannot be paused, stepped or re-speeded here: a connector told the same factor and origin (mockpos connector --clock-factor, the driver protocol's clock) would no longer agree with the POS. Start mockpos with --clock virtual to step time.`,
    );
  return h(
    "p",
    null,
    "A real clock is the wall clock: nothing here can pause or step it (a POS's time does not stop for its connector). Start mockpos with --clock scaled --clock-factor F to run faster, or --clock virtual to step time from here.",
  );
}

export function clockPage(ctx: ConsoleContext, params: URLSearchParams) {
  const clock = ctx.sim.clock;
  return page(
    ctx,
    { title: "Clock", nav: "clock", flash: flashOf(params) },
    h("h1", null, "Clock"),
    h(
      "dl",
      { class: "kv", id: "clock-status" },
      h("dt", null, "kind"),
      h("dd", null, clock.kind),
      h("dt", null, "speed"),
      h(
        "dd",
        null,
        clock instanceof ScaledClock
          ? `${clock.factor}× real time`
          : clock instanceof VirtualClock
            ? ctx.runner.speed === null
              ? "paused (moves when stepped)"
              : `running ${ctx.runner.speed}× real time`
            : "real time",
      ),
      h("dt", null, "now"),
      h("dd", null, `${new Date(clock.now()).toISOString()} · ${clockLine(ctx)}`),
      clock instanceof VirtualClock
        ? [h("dt", null, "timers waiting"), h("dd", null, String(clock.pending))]
        : null,
    ),
    controls(ctx),
  );
}
