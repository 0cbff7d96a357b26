/**
 * The scope catalog: each platform's OAuth scopes, their sensitivity in the platform's own terms,
 * and the purposes (policy §4) each may serve. Shown per platform at `#/merchants/catalog/<code>`.
 */
import type { Api, Platform, Scope } from "../api";
import { h, replaceChildren } from "../h";
import { screenTitle } from "../view";
import { matchCount, matchesSearch, nextSort, noMatches, searchBox, selectField, sortableTable, words, type SortColumn, type SortState } from "./register-table";

/** The uses policy §4 permits for platform data, in the officers' words. */
export const PURPOSES: ReadonlyArray<readonly [string, string]> = [
  ["analytics", "Analytics"],
  ["reporting", "Reporting"],
  ["advertising_performance_review", "Advertising performance review"],
  ["merchant_operation_support", "Merchant operation support"],
];

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
    sensitivity === null ? "not in catalog" : words(sensitivity),
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
  if (purposes.length === 0) return h("span", { class: "none" }, "none");
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
  if (shown.length === 0) return noMatches("scopes", total, "scope-catalog");
  const names = new Map(platforms.map((p) => [p.code, p.name]));
  const columns: SortColumn<Scope>[] = [
    // One platform's scopes need no platform column.
    ...(view.platform === "" ? [{ key: "platform", header: "Platform", cell: (s: Scope) => names.get(s.platform) ?? s.platform, sortValue: (s: Scope) => names.get(s.platform) ?? s.platform }] : []),
    { key: "scope", header: "Scope", cell: (s) => scopeName(s.scope), sortValue: (s) => s.scope },
    { key: "sensitivity", header: "Sensitivity", cell: (s) => sensitivityBadge(s.sensitivity), sortValue: (s) => `${{ high: 0, elevated: 1, standard: 2, unknown: 3 }[sensitivityTone(s.sensitivity)]} ${s.sensitivity}` },
    { key: "purposes", header: "May serve", cell: (s) => purposeList(s.purposes), sortValue: (s) => s.purposes.join(", ") },
    { key: "description", header: "What it gives access to", cell: (s) => s.description, sortValue: (s) => s.description },
    {
      key: "confirmed",
      header: "Classification",
      cell: (s) => [
        s.confirmed
          ? h("span", { "data-testid": "scope-confirmed", "data-confirmed": "true" }, "Confirmed")
          : h("span", { class: "badge badge-unconfirmed", "data-testid": "scope-confirmed", "data-confirmed": "false" }, "Not confirmed"),
        h("details", { class: "source" }, h("summary", null, "Source"), s.source),
      ],
      sortValue: (s) => (s.confirmed ? 1 : 0),
    },
  ];
  const name = view.platform === "" ? "All platforms" : (names.get(view.platform) ?? view.platform);
  return sortableTable({
    caption: shown.length === total ? `Scope catalog: ${name}` : `Scope catalog: ${name} (${shown.length} of ${total} shown)`,
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
    { class: "subnav", "aria-label": "Merchants and authorizations" },
    h("ul", null, link("registers", "#/merchants", "Merchants & authorizations", "subnav-merchants"), link("catalog", "#/merchants/catalog", "Scope catalog", "subnav-catalog")),
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
    count.update(filterScopes(scopes, view).length, total, total === 1 ? "scope" : "scopes");
  };
  const picker = selectField(
    "scope-catalog-platform",
    "Platform",
    [["", "All platforms"], ...platforms.map((p) => [p.code, `${p.name} (${p.scopes})`] as const)],
    view.platform,
    (value) => {
      view.platform = value;
      show();
    },
  );
  const search = searchBox("scope-catalog-search", "Search", "Matches the scope, its description or sensitivity.", (q) => {
    view.search = q;
    show();
  });
  const body =
    scopes.length === 0
      ? h(
          "section",
          { class: "empty", "data-testid": "scope-catalog-empty", "aria-label": "The scope catalog is empty" },
          h("h2", null, "The scope catalog is empty"),
          h("p", null, "The catalog classifies each platform's OAuth scopes (sensitivity, and the purposes each may serve under policy \u00a74). Initialise the register to load the default catalog, or load a newer catalog file with `workbench scopes load`."),
        )
      : [h("div", { class: "register-filters", role: "search", "aria-label": "Filter the scope catalog" }, picker.element, search.element, count.element), tableRegion];
  if (scopes.length > 0) show();
  return h(
    "div",
    { class: "screen", "data-testid": "scope-catalog" },
    screenTitle("Scope catalog", "Each platform scope TrackTrack may request, classified in the platform's own terms, with the purposes it may serve. Scopes marked \u201cnot confirmed\u201d should be checked against the platform's documentation before relying on them."),
    merchantsNav("catalog"),
    body,
  );
}

export async function scopeCatalogScreen(api: Api, platform: string | null): Promise<HTMLElement> {
  const [platforms, scopes] = await Promise.all([api.listPlatforms(), api.listScopes(null)]);
  return renderScopeCatalog(platforms, scopes, platform ?? "");
}
