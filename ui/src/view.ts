/**
 * Building blocks every screen shares: tables with captions, empty states, error alerts and
 * date display. Rendering only; nothing here talks to the backend.
 */
import { h, type Attrs, type Child } from "./h";
import { formatDate, formatDateTime, formatNumber, t, tn, tOptional, type MessageKey } from "./i18n";

/** A table column: its header and how to show one row's cell. */
export interface Column<Row> {
  header: string;
  cell: (row: Row) => Child;
  /** Right-align numbers. */
  numeric?: boolean;
}

/**
 * A data table with a caption, or the empty state when there are no rows.
 * `empty` says, in a sentence or two, what the register holds and what comes next.
 */
export function dataTable<Row>(options: {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  empty: string;
  testid?: string;
  /** Attributes of each body row (a class, a data-testid, data-* values). */
  rowAttrs?: (row: Row) => Attrs;
  /** Extra content for the empty state, after its sentence (e.g. the button that fills the table). */
  emptyExtra?: Child;
}): HTMLElement {
  const { caption, columns, rows, empty, testid, rowAttrs, emptyExtra } = options;
  if (rows.length === 0) return emptyState(caption, empty, testid, emptyExtra);
  return h(
    "div",
    { class: "table-wrap", "data-testid": testid },
    h(
      "table",
      null,
      h("caption", null, caption),
      h(
        "thead",
        null,
        h("tr", null, columns.map((c) => h("th", { scope: "col", class: c.numeric ? "num" : null }, c.header))),
      ),
      h(
        "tbody",
        null,
        rows.map((row) =>
          h("tr", rowAttrs ? rowAttrs(row) : null, columns.map((c) => h("td", { class: c.numeric ? "num" : null }, c.cell(row)))),
        ),
      ),
    ),
  );
}

/** A calm note standing in for an empty table. */
export function emptyState(title: string, text: string, testid?: string, extra?: Child): HTMLElement {
  return h(
    "section",
    { class: "empty", "data-testid": testid ? `${testid}-empty` : "empty-state", "aria-label": title },
    h("h2", null, title),
    h("p", null, text),
    extra,
  );
}

/**
 * A visible, announced error message, opening with `lead` in bold. The backend's sentences start
 * in lower case (they also end CLI messages), so the first letter is raised here.
 */
export function errorAlert(message: string, lead = t("common.error_lead")): HTMLElement {
  const sentence = message.charAt(0).toUpperCase() + message.slice(1);
  return h("div", { class: "alert", role: "alert" }, h("strong", null, `${lead} `), sentence);
}

/** A "loading" placeholder, announced politely. */
export function loading(what: string): HTMLElement {
  return h("p", { class: "loading", role: "status", "aria-live": "polite" }, t("common.loading", { what }));
}

/** A screen's title, focusable so navigation can move focus to it. */
export function screenTitle(title: string, lead?: string): HTMLElement[] {
  const heading = h("h1", { class: "screen-title", tabindex: "-1" }, title);
  return lead ? [heading, h("p", { class: "lead" }, lead)] : [heading];
}

/** A calendar date (ISO 8601, as stored) in a `<time>` element; "—" when absent. */
export function calendarDate(date: string | null | undefined): Child {
  if (!date) return none();
  return h("time", { datetime: date }, formatDate(date));
}

/** A UTC instant (RFC 3339) shown in the officer's local time, with the exact value on hover. */
export function instant(value: string | null | undefined): Child {
  if (!value) return none();
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) return value;
  return h("time", { datetime: value, title: value }, formatDateTime(value));
}

/** Optional text, "—" when absent. */
export function optional(value: string | null | undefined): Child {
  return value ? value : none();
}

/** The dash standing for "nothing recorded", announced as such. */
function none(): HTMLElement {
  return h("span", { class: "none", "aria-label": t("common.none") }, "—");
}

/**
 * A status word as a small badge; the class lets CSS colour known states. The word is the
 * catalog's `status.<status>` in the chosen language, or the stored word with spaces for "_".
 */
export function badge(status: string): HTMLElement {
  const kind = status.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return h("span", { class: `badge badge-${kind}`, "data-status": status }, statusWord(status));
}

/** A stored status or type word ("in_progress") in the chosen language ("in progress", "處理中"). */
export function statusWord(status: string): string {
  return tOptional(`status.${status}`) ?? status.replace(/_/g, " ");
}

/**
 * The controls of a paged list: "Showing 51–100 of 1,000,000" and Previous / Next buttons.
 * `onPage` receives the new offset; the caller fetches that page and rebuilds the table.
 */
export function pager(options: { total: number; offset: number; limit: number; onPage: (offset: number) => void; testid?: string; label?: string }): HTMLElement {
  const { total, offset, limit, onPage, testid } = options;
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(offset + limit, total);
  const previous = h("button", { type: "button", class: "btn", "data-testid": testid ? `${testid}-prev` : null, disabled: offset <= 0, onclick: () => onPage(Math.max(0, offset - limit)) }, t("common.pager.previous"));
  const next = h("button", { type: "button", class: "btn", "data-testid": testid ? `${testid}-next` : null, disabled: last >= total, onclick: () => onPage(offset + limit) }, t("common.pager.next"));
  return h(
    "nav",
    { class: "pager", "aria-label": options.label ?? t("common.pager.label"), "data-testid": testid ?? null },
    h("p", { class: "pager-status", role: "status", "aria-live": "polite" }, total === 0 ? t("common.pager.none") : tn("common.pager.showing", total, { first: formatNumber(first), last: formatNumber(last) })),
    previous,
    next,
  );
}

/** Elements that never belong in a policy preview, whatever the sanitiser upstream let through. */
const UNSAFE_ELEMENTS = "script, style, link, meta, base, iframe, frame, frameset, object, embed, applet, template, noscript, form";

/** Attributes holding a URL: kept only for http(s) and mailto. */
const URL_ATTRIBUTES = new Set(["href", "src", "xlink:href", "action", "formaction", "poster", "background"]);

/** A URL we let a preview link or image carry. Browsers ignore tabs, newlines and controls in a scheme. */
function isSafeUrl(value: string): boolean {
  const compact = value.replace(/[\u0000-\u0020\u007f]+/g, "");
  return /^(https?:|mailto:)/i.test(compact);
}

/**
 * Shows an HTML fragment that the backend has already sanitised (ammonia).
 *
 * The ONE place the UI inserts backend HTML, and only for `preview_policy` output: everything else
 * is built with `h()` as text. The fragment is parsed into an inert document (nothing loads or
 * runs there), cleaned again as defence in depth (no `<script>` and kin, no `on*`, `style` or
 * `srcset` attributes, no URL that is not http(s) or mailto), and only then adopted into `el`.
 */
export function setSanitisedHtml(el: Element, html: string): void {
  const parsed = new DOMParser().parseFromString(html, "text/html");
  const body = parsed.body;
  for (const unsafe of Array.from(body.querySelectorAll(UNSAFE_ELEMENTS))) unsafe.remove();
  for (const element of Array.from(body.querySelectorAll("*"))) {
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on") || name === "style" || name === "srcdoc" || name === "srcset" || (URL_ATTRIBUTES.has(name) && !isSafeUrl(attribute.value))) {
        element.removeAttribute(attribute.name);
      }
    }
  }
  el.replaceChildren(...Array.from(body.childNodes));
}

/** A byte count in the officers' terms: "12,345 bytes (12.1 KB)". */
export function byteSize(bytes: number): string {
  const exact = tn("common.bytes", bytes);
  if (bytes < 1024) return exact;
  const units = [t("common.units.kb"), t("common.units.mb"), t("common.units.gb")];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return t("common.bytes_with_size", { exact, size: formatNumber(value, { minimumFractionDigits: 1, maximumFractionDigits: 1 }), unit: units[unit]! });
}

/**
 * A message whose `{name}` placeholders are elements (a date, a code sample, a link), in the
 * order the language puts them: "as of {date}" / "截至{date}". Text stays text; a placeholder the
 * message lacks is simply not shown, one `nodes` lacks stays as written so the gap shows.
 */
export function messageWith(key: MessageKey, nodes: Record<string, Child>): Child[] {
  const parts = t(key).split(/\{(\w+)\}/);
  return parts.map((part, i) => (i % 2 === 0 ? part : part in nodes ? nodes[part] : `{${part}}`)).filter((part) => part !== "");
}

/** The boxes style.css lets scroll on their own: wide tables, long previews, diffs and mail bodies. */
const SCROLL_BOXES = ".table-wrap, .policy-preview, .diff, .message-body, .import-items, .scope-checklist";

/**
 * Makes every scrolling box under `container` (a wide table at a narrow window or 200 % zoom, a
 * long mail body) a focusable, named region, so keyboard users can scroll it too; one that fits is
 * left out of the tab order. Follows screens as they are drawn; returns a function that stops.
 */
export function watchScrollRegions(container: HTMLElement): () => void {
  if (typeof ResizeObserver === "undefined" || typeof MutationObserver === "undefined") return () => undefined;
  const seen = new WeakSet<Element>();
  const resize = new ResizeObserver((entries) => {
    for (const entry of entries) markScrollRegion(entry.target as HTMLElement);
  });
  let queued = false;
  const scan = () => {
    queued = false;
    for (const wrap of Array.from(container.querySelectorAll<HTMLElement>(SCROLL_BOXES))) {
      if (!seen.has(wrap)) {
        seen.add(wrap);
        resize.observe(wrap);
      }
      markScrollRegion(wrap);
    }
  };
  const mutations = new MutationObserver(() => {
    if (queued) return;
    queued = true;
    setTimeout(scan, 0);
  });
  mutations.observe(container, { childList: true, subtree: true });
  scan();
  return () => {
    mutations.disconnect();
    resize.disconnect();
  };
}

/**
 * Gives a box that scrolls a tabindex, a region role and a name (a table's caption), where the
 * screen has not set them itself; takes them back when it fits again.
 */
export function markScrollRegion(wrap: HTMLElement): void {
  const scrollable = wrap.scrollWidth > wrap.clientWidth + 1 || wrap.scrollHeight > wrap.clientHeight + 1;
  const added = wrap.getAttribute("data-scroll-region");
  if (scrollable && added === null) {
    // Only what the screen did not set itself is added, and later taken back.
    const mine: string[] = [];
    const add = (name: string, value: string) => {
      if (wrap.hasAttribute(name)) return;
      wrap.setAttribute(name, value);
      mine.push(name);
    };
    add("tabindex", "0");
    add("role", "region");
    const caption = wrap.querySelector("caption")?.textContent?.trim();
    if (!wrap.hasAttribute("aria-labelledby")) add("aria-label", caption || t(wrap.querySelector("table") ? "common.table_region" : "common.scroll_region"));
    wrap.setAttribute("data-scroll-region", mine.join(" "));
  } else if (!scrollable && added !== null) {
    for (const name of added.split(" ").filter(Boolean)) wrap.removeAttribute(name);
    wrap.removeAttribute("data-scroll-region");
  }
}
