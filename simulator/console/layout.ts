import { type ConsoleContext, clockLine } from "./context.ts";
import { type Child, h } from "./html.ts";

export const BASE = "/__console";

const NAV = [
  ["floor", "Floor", `${BASE}`],
  ["journal", "Journal", `${BASE}/journal`],
  ["timeline", "Timeline", `${BASE}/timeline`],
  ["faults", "Faults", `${BASE}/faults`],
  ["clock", "Clock", `${BASE}/clock`],
  ["reports", "Reports", `${BASE}/reports`],
] as const;

export type NavKey = (typeof NAV)[number][0] | "location";

export interface PageOptions {
  title: string;
  nav: NavKey;
  /** The server-sent events this page listens to (default: changes and the clock). */
  stream?: string;
  /** A message to show at the top (after a form posted without the script). */
  flash?: { ok: boolean; message: string } | null;
}

/** The page shell: navigation, the clock, the live indicator, the message area, the script. */
export function page(ctx: ConsoleContext, options: PageOptions, ...children: Child[]) {
  return h(
    "html",
    { lang: "en" },
    h(
      "head",
      null,
      h("meta", { charset: "utf-8" }),
      h("meta", { name: "viewport", content: "width=device-width, initial-scale=1" }),
      h("title", null, `${options.title} · mockpos console`),
      h("link", { rel: "stylesheet", href: `${BASE}/assets/console.css` }),
    ),
    h(
      "body",
      { "data-stream": options.stream ?? `${BASE}/events` },
      h("a", { class: "skip", href: "#main" }, "Skip to content"),
      h(
        "header",
        { class: "top" },
        h("a", { class: "brand", href: BASE }, "mockpos console"),
        h(
          "nav",
          { class: "main", "aria-label": "Console" },
          h(
            "ul",
            null,
            NAV.map(([key, label, href]) =>
              h(
                "li",
                null,
                h(
                  "a",
                  {
                    href,
                    "aria-current":
                      key === options.nav || (key === "floor" && options.nav === "location")
                        ? "page"
                        : undefined,
                  },
                  label,
                ),
              ),
            ),
          ),
        ),
        h(
          "div",
          { class: "clockbar" },
          h("a", { href: `${BASE}/clock`, id: "clock-now", "aria-label": "Simulator clock" }, clockLine(ctx)),
          h("span", { id: "live", "data-on": "0", role: "status" }, "not live"),
        ),
      ),
      h(
        "main",
        { id: "main", tabindex: "-1" },
        h(
          "div",
          { id: "flash", role: "status", "aria-live": "polite" },
          options.flash
            ? h("p", { class: `flash ${options.flash.ok ? "ok" : "error"}` }, options.flash.message)
            : null,
        ),
        ...children,
      ),
      h("script", { src: `${BASE}/assets/console.js`, defer: true }),
    ),
  );
}

/** A flash message carried in the query string by a form posted without the script. */
export function flashOf(query: URLSearchParams): PageOptions["flash"] {
  const message = query.get("flash");
  if (!message) return null;
  return { ok: query.get("ok") !== "0", message: message.slice(0, 2000) };
}

/** A link-styled state badge: text and a symbol, so colour is never the only sign. */
export function badge(kind: string, text: string, title?: string | null) {
  return h("span", { class: `badge ${kind}`, title: title ?? undefined }, text);
}

/** A hidden field saying where to come back to after a form posted without the script. */
export function back(url: string) {
  return h("input", { type: "hidden", name: "back", value: url });
}
