/**
 * The scope catalog: each platform's OAuth scopes, their sensitivity in the platform's own terms,
 * and the purposes (policy §4) each may serve. Shown per platform at `#/merchants/catalog/<code>`.
 */
import type { Api, Platform, Scope } from "../api";
import { h, replaceChildren } from "../h";
import { t, tn } from "../i18n";
import { emptyState, screenTitle } from "../view";
import {
  capitalised,
  localisedOptions,
  matchCount,
  matchesSearch,
  nextSort,
  noMatches,
  searchBox,
  selectField,
  sortableTable,
  words,
  type SortColumn,
  type SortState,
} from "./register-table";

/**
 * The uses policy §4 permits for platform data, in the officers' words: `[code, label]` pairs
 * whose labels follow the language chosen when they are read.
 */
export const PURPOSES: ReadonlyArray<readonly [string, string]> = localisedOptions(
  ["analytics", "reporting", "advertising_performance_review", "merchant_operation_support"],
  (code) => capitalised(words(code)),
);

/** How much care a sensitivity class calls for: drives the badge's colour. */
export function sensitivityTone(sensitivity: string | null): "high" | "elevated" | "standard" | "unknown" {
  if (sensitivity === null) return "unknown";
  if (sensitivity === "restricted") return "high";
  if (["sensitive", "advanced_access", "protected_customer_data", "protected_customer_fields"].includes(sensitivity)) return "elevated";
  return "standard";
}

/** A scope's sensitivity as a badge; a scope missing from the catalog says so. */
export function sensitivityBadge(sensitivity: string | null): HTMLElement {
  const tone = sensitivityTone(sensitivity);
  return h(
    "span",
    { class: `badge sensitivity sensitivity-${tone}`, "data-testid": "scope-sensitivity", "data-sensitivity": sensitivity ?? "uncatalogued" },
    sensitivity === null ? t("registers.catalog.not_in_catalog") : words(sensitivity),
  );
}

/**
 * A scope's name in code type, with line-break opportunities after "/", "." and ":" so a long URL
 * scope wraps at its parts (the text itself is unchanged, so it copies as it is).
 */
export function scopeName(scope: string): HTMLElement {
  const parts: Array<string | HTMLElement> = [];
  let start = 0;
  for (let i = 0; i < scope.length; i++) {
    if ("/.:".includes(scope[i]!) && i + 1 < scope.length) {
      parts.push(scope.slice(start, i + 1), h("wbr"));
      start = i + 1;
    }
  }
  parts.push(scope.slice(start));
  return h("code", { class: "scope-name" }, parts);
}

/** A list of purposes in words; "none" when empty. */
export function purposeList(purposes: readonly string[]): HTMLElement {
  if (purposes.length === 0) return h("span", { class: "none" }, t("common.none"));
  return h("ul", { class: "plain-list" }, purposes.map((p) => h("li", null, words(p))));
}

/** What the catalog table shows. */
export interface CatalogView {
  /** A platform code, or "" for every platform. */
  platform: string;
  search: string;
  sort: SortState | null;
}

/** The scopes the platform filter and the search (scope, description, sensitivity) let through. */
export function filterScopes(scopes: readonly Scope[], view: CatalogView): Scope[] {
  return scopes.filter((s) => (view.platform === "" || s.platform === view.platform) && matchesSearch(view.search, [s.scope, s.description, s.sensitivity]));
}

/** The catalog table for a view. */
export function renderScopeTable(scopes: readonly Scope[], platforms: readonly Platform[], view: CatalogView, onSort: (key: string) => void): HTMLElement {
  const shown = filterScopes(scopes, view);
  const total = scopes.filter((s) => view.platform === "" || s.platform === view.platform).length;
  const names = new Map(platforms.map((p) => [p.code, p.name]));
  if (total === 0) {
    // A platform the catalog knows but classifies no scope of yet: say so, not "no matches".
    const platform = names.get(view.platform) ?? view.platform;
    return h("p", { class: "no-matches", role: "status", "data-testid": "scope-catalog-platform-empty" }, t("registers.catalog.platform_empty", { platform }));
  }
  if (shown.length === 0) return noMatches(t("registers.catalog.noun_all"), total, "scope-catalog");
  const columns: SortColumn<Scope>[] = [
    // One platform's scopes need no platform column.
    ...(view.platform === "" ? [{ key: "platform", header: t("registers.catalog.column.platform"), cell: (s: Scope) => names.get(s.platform) ?? s.platform, sortValue: (s: Scope) => names.get(s.platform) ?? s.platform }] : []),
    { key: "scope", header: t("registers.catalog.column.scope"), cell: (s) => scopeName(s.scope), sortValue: (s) => s.scope },
    { key: "sensitivity", header: t("registers.catalog.column.sensitivity"), cell: (s) => sensitivityBadge(s.sensitivity), sortValue: (s) => `${{ high: 0, elevated: 1, standard: 2, unknown: 3 }[sensitivityTone(s.sensitivity)]} ${s.sensitivity}` },
    { key: "purposes", header: t("registers.catalog.column.purposes"), cell: (s) => purposeList(s.purposes), sortValue: (s) => s.purposes.map(words).join(", ") },
    { key: "description", header: t("registers.catalog.column.description"), cell: (s) => s.description, sortValue: (s) => s.description },
    {
      key: "confirmed",
      header: t("registers.catalog.column.classification"),
      cell: (s) => [
        s.confirmed
          ? h("span", { "data-testid": "scope-confirmed", "data-confirmed": "true" }, t("registers.catalog.confirmed"))
          : h("span", { class: "badge badge-unconfirmed", "data-testid": "scope-confirmed", "data-confirmed": "false" }, t("registers.catalog.not_confirmed")),
        h("details", { class: "source" }, h("summary", null, t("registers.catalog.source")), s.source),
      ],
      sortValue: (s) => (s.confirmed ? 1 : 0),
    },
  ];
  const name = view.platform === "" ? t("registers.catalog.all_platforms") : (names.get(view.platform) ?? view.platform);
  return sortableTable({
    caption: shown.length === total ? t("registers.catalog.caption", { name }) : t("registers.catalog.caption_filtered", { name, shown: shown.length, total }),
    testid: "scope-catalog-table",
    columns,
    rows: shown,
    sort: view.sort,
    onSort,
    rowAttrs: (s) => ({ "data-testid": "scope-row", "data-platform": s.platform, "data-scope": s.scope }),
  });
}

/** The sub-navigation of the merchants screen: the registers, and the catalog. */
export function merchantsNav(current: "registers" | "catalog"): HTMLElement {
  const link = (id: typeof current, href: string, text: string, testid: string) =>
    h("li", null, h("a", { href, "data-testid": testid, "aria-current": current === id ? "page" : null }, text));
  return h(
    "nav",
    { class: "subnav", "aria-label": t("registers.catalog.nav_label") },
    h(
      "ul",
      null,
      link("registers", "#/merchants", t("registers.catalog.nav_registers"), "subnav-merchants"),
      link("catalog", "#/merchants/catalog", t("registers.catalog.nav_catalog"), "subnav-catalog"),
    ),
  );
}

/** The catalog screen, showing `platform` ("" for every platform) first. */
export function renderScopeCatalog(platforms: Platform[], scopes: Scope[], platform = ""): HTMLElement {
  const known = platforms.some((p) => p.code === platform);
  const view: CatalogView = { platform: known ? platform : "", search: "", sort: null };
  const tableRegion = h("div");
  const count = matchCount();
  const onSort = (key: string) => {
    view.sort = nextSort(view.sort, key);
    show();
    tableRegion.querySelector<HTMLElement>(`button[data-sort-key="${key}"]`)?.focus();
  };
  const show = () => {
    replaceChildren(tableRegion, renderScopeTable(scopes, platforms, view, onSort));
    const total = scopes.filter((s) => view.platform === "" || s.platform === view.platform).length;
    count.update(filterScopes(scopes, view).length, total, tn("registers.catalog.noun", total));
  };
  const picker = selectField(
    "scope-catalog-platform",
    t("registers.catalog.platform_filter"),
    [["", t("registers.catalog.all_platforms")], ...platforms.map((p) => [p.code, t("registers.catalog.platform_option", { name: p.name, count: p.scopes })] as const)],
    view.platform,
    (value) => {
      view.platform = value;
      show();
    },
  );
  const search = searchBox("scope-catalog-search", t("registers.catalog.search_label"), t("registers.catalog.search_hint"), (q) => {
    view.search = q;
    show();
  });
  search.input.setAttribute("data-shortcut", "search");
  const body =
    scopes.length === 0
      ? emptyState(t("registers.catalog.empty_title"), t("registers.catalog.empty_text"), "scope-catalog")
      : [h("div", { class: "register-filters", role: "search", "aria-label": t("registers.catalog.filter_label") }, picker.element, search.element, count.element), tableRegion];
  if (scopes.length > 0) show();
  return h(
    "div",
    { class: "screen", "data-testid": "scope-catalog" },
    screenTitle(t("registers.catalog.title"), t("registers.catalog.lead")),
    merchantsNav("catalog"),
    body,
  );
}

export async function scopeCatalogScreen(api: Api, platform: string | null): Promise<HTMLElement> {
  const [platforms, scopes] = await Promise.all([api.listPlatforms(), api.listScopes(null)]);
  return renderScopeCatalog(platforms, scopes, platform ?? "");
}
