/**
 * What the register screens (processors, merchants, authorizations, scopes, retention) share:
 * tables sorted by clicking a column header, word search, dates relative to today, and the
 * dialog pattern. Rendering and pure functions only; nothing here talks to the backend.
 */
import { h, type Attrs, type Child } from "../h";
import { locale, t, tn, tOptional } from "../i18n";
import { emptyState } from "../view";

/** A column of a sortable table. */
export interface SortColumn<Row> {
  /** Names the column in the sort state. */
  key: string;
  header: string;
  cell: (row: Row) => Child;
  /** What the column sorts by; without it the column is not sortable. Null sorts last. */
  sortValue?: (row: Row) => string | number | null | undefined;
  numeric?: boolean;
}

export type SortDirection = "ascending" | "descending";

/** Which column a table is sorted by, and which way. */
export interface SortState {
  key: string;
  direction: SortDirection;
}

/**
 * The rows sorted by `sort`'s column: text by a natural, case-insensitive order, numbers by value,
 * empty values last whichever the direction. Stable, so ties keep the backend's order.
 */
export function sortRows<Row>(rows: readonly Row[], columns: readonly SortColumn<Row>[], sort: SortState | null): Row[] {
  const column = sort ? columns.find((c) => c.key === sort.key && c.sortValue) : undefined;
  if (!sort || !column?.sortValue) return [...rows];
  const value = column.sortValue;
  // Made per sort: the language (and so the order of names in it) can change while the app runs.
  const collator = new Intl.Collator(locale() === "zh-HK" ? "zh-HK" : "en-HK", { numeric: true, sensitivity: "base" });
  const sign = sort.direction === "ascending" ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, v: value(row) }))
    .sort((a, b) => {
      const aEmpty = a.v === null || a.v === undefined || a.v === "";
      const bEmpty = b.v === null || b.v === undefined || b.v === "";
      if (aEmpty || bEmpty) return aEmpty === bEmpty ? a.index - b.index : aEmpty ? 1 : -1;
      const order =
        typeof a.v === "number" && typeof b.v === "number" ? a.v - b.v : collator.compare(String(a.v), String(b.v));
      return order === 0 ? a.index - b.index : sign * order;
    })
    .map((x) => x.row);
}

/** The state after clicking `key`'s header: that column ascending, or the other way on a second click. */
export function nextSort(current: SortState | null, key: string): SortState {
  if (current?.key === key) return { key, direction: current.direction === "ascending" ? "descending" : "ascending" };
  return { key, direction: "ascending" };
}

/** True when every word of `query` occurs (any case) in one of `fields`. An empty query matches all. */
export function matchesSearch(query: string, fields: ReadonlyArray<string | null | undefined>): boolean {
  const words = query.toLowerCase().split(/\s+/).filter((w) => w !== "");
  if (words.length === 0) return true;
  const haystack = fields.filter((f): f is string => typeof f === "string").join("\n").toLowerCase();
  return words.every((w) => haystack.includes(w));
}

/**
 * A table whose sortable headers are buttons (`aria-sort` on the header cell says the order).
 * `rowAttrs` gives each `<tr>` its attributes (data-testid, data-id).
 */
export function sortableTable<Row>(options: {
  caption: string;
  columns: readonly SortColumn<Row>[];
  rows: readonly Row[];
  sort: SortState | null;
  onSort: (key: string) => void;
  rowAttrs?: (row: Row) => Attrs;
  testid?: string;
}): HTMLElement {
  const { caption, columns, sort, onSort, rowAttrs, testid } = options;
  const rows = sortRows(options.rows, columns, sort);
  const header = (c: SortColumn<Row>) => {
    const cls = c.numeric ? "num" : null;
    if (!c.sortValue) return h("th", { scope: "col", class: cls }, c.header);
    const state = sort?.key === c.key ? sort.direction : null;
    return h(
      "th",
      { scope: "col", class: cls, "aria-sort": state ?? "none" },
      h(
        "button",
        { type: "button", class: "sort", "data-sort-key": c.key, onClick: () => onSort(c.key) },
        c.header,
        h("span", { class: "sort-mark", "aria-hidden": "true" }, state === "ascending" ? " \u25B2" : state === "descending" ? " \u25BC" : " \u2195"),
      ),
    );
  };
  return h(
    "div",
    { class: "table-wrap register-table", "data-testid": testid },
    h(
      "table",
      null,
      h("caption", null, caption),
      h("thead", null, h("tr", null, columns.map(header))),
      h(
        "tbody",
        null,
        rows.map((row) => h("tr", rowAttrs ? rowAttrs(row) : null, columns.map((c) => h("td", { class: c.numeric ? "num" : null }, c.cell(row))))),
      ),
    ),
  );
}

/**
 * Said when a search or filter hides every row of a register that is not empty. `what` names the
 * rows in the chosen language ("processors", "處理者"); the caller translates it.
 */
export function noMatches(what: string, total: number, testid?: string): HTMLElement {
  return h(
    "p",
    { class: "no-matches", role: "status", "data-testid": testid ? `${testid}-no-matches` : "no-matches" },
    tn("registers.table.no_matches", total, { what }),
  );
}

/**
 * A polite status line saying how many rows a search or filter shows, so a screen reader hears
 * the outcome of typing without the whole table being read again.
 */
export function matchCount(): { element: HTMLElement; update: (shown: number, total: number, noun: string) => void } {
  const element = h("p", { class: "match-count", role: "status" });
  return {
    element,
    update: (shown, total, noun) => {
      element.textContent = shown === total ? t("registers.table.count_all", { total, noun }) : t("registers.table.count_some", { shown, total, noun });
    },
  };
}

/** An empty register: what it holds and why, with the actions that fill it. */
export function emptyRegister(title: string, text: string, testid: string, actions: HTMLElement[] = []): HTMLElement {
  const el = emptyState(title, text, testid);
  if (actions.length > 0) el.appendChild(h("div", { class: "toolbar" }, actions));
  return el;
}

/** A search box with its label; `onSearch` follows every keystroke. */
export function searchBox(id: string, label: string, hint: string, onSearch: (query: string) => void, testid?: string): { element: HTMLElement; input: HTMLInputElement } {
  const input = h("input", { id, type: "search", autocomplete: "off", "data-testid": testid ?? id, "aria-describedby": `${id}-hint` });
  input.addEventListener("input", () => onSearch(input.value));
  return {
    input,
    element: h("div", { class: "field" }, h("label", { for: id }, label), input, h("p", { class: "hint", id: `${id}-hint` }, hint)),
  };
}

/** A labelled select. `options` are [value, text] pairs. */
export function selectField(id: string, label: string, options: ReadonlyArray<readonly [string, string]>, value: string, onChange: (value: string) => void, testid?: string): { element: HTMLElement; select: HTMLSelectElement } {
  const select = h("select", { id, "data-testid": testid ?? id }, options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)));
  select.value = value;
  select.addEventListener("change", () => onChange(select.value));
  return { select, element: h("div", { class: "field" }, h("label", { for: id }, label), select) };
}

/** Today's calendar date on this machine, as YYYY-MM-DD (what the register's dates are compared with). */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}

/** "1 day" / "3 days" / "3 日", the number formatted for the locale. */
export function days(n: number): string {
  return tn("registers.days", n);
}

/**
 * An identifier in the officers' words and language: `advertising_performance_review` →
 * "advertising performance review" / "廣告成效檢討". Codes the catalog knows (`registers.code.<code>`:
 * purposes, sensitivity classes, data categories, platform categories) are translated; any other
 * stored code is shown with spaces for "_".
 */
export function words(code: string): string {
  return tOptional(`registers.code.${code}`) ?? code.replace(/_/g, " ");
}

/** A label with its first letter raised ("analytics" → "Analytics"); Chinese is left as it is. */
export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Select options as `[code, label]` pairs whose labels are looked up each time they are read, so a
 * list exported as a constant (e.g. `PURPOSES`) still speaks the language chosen after the module
 * loaded. It reads like a plain readonly array (index, length, map, spread, for…of).
 */
export function localisedOptions(codes: readonly string[], label: (code: string) => string): ReadonlyArray<readonly [string, string]> {
  const base: Array<readonly [string, string]> = codes.map((code) => [code, code] as const);
  return new Proxy(base, {
    get(target, property, receiver) {
      if (typeof property === "string" && /^\d+$/.test(property)) {
        const code = codes[Number(property)];
        return code === undefined ? undefined : ([code, label(code)] as const);
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

/**
 * The mark standing for an element in a translated sentence: pass it to t() as a placeholder's
 * value (`t("…", { file: slot("file") })`), then `fillNodes` puts the element there. A private-use
 * character, so text the officer typed (evidence, a name) filled into the same sentence is never
 * taken for a place.
 */
export function slot(name: string): string {
  return `\uE000${name}\uE001`;
}

/**
 * A translated sentence with elements in it, e.g. a file path in `<code>` or a `<time>`. Each
 * `slot(name)` in `text` becomes `nodes[name]`; a text with no slot instead has its `{name}`
 * placeholders (which t() keeps when not given) replaced.
 */
export function fillNodes(text: string, nodes: Record<string, Child>): Child[] {
  const places = text.includes("\uE000") ? /\uE000(\w+)\uE001/g : /\{(\w+)\}/g;
  const out: Child[] = [];
  let last = 0;
  for (const match of text.matchAll(places)) {
    const name = match[1]!;
    if (!(name in nodes)) continue;
    out.push(text.slice(last, match.index), nodes[name]);
    last = match.index! + match[0].length;
  }
  out.push(text.slice(last));
  return out.filter((part) => part !== "");
}

/** Opens a `<dialog>` modally where the browser can (a plain `open` attribute elsewhere). */
export function openDialog(dialog: HTMLDialogElement): void {
  if (typeof dialog.showModal === "function" && dialog.isConnected) {
    if (!dialog.open) dialog.showModal();
  } else {
    dialog.setAttribute("open", "");
  }
}

/** Closes a dialog opened with `openDialog`. */
export function closeDialog(dialog: HTMLDialogElement): void {
  if (typeof dialog.close === "function") dialog.close();
  dialog.removeAttribute("open");
}
