/**
 * Merchants & authorizations: who granted which platform scopes, for what, and whether the grant
 * still stands. `#/merchants` lists merchants and authorizations, `#/merchants/<id>` is a merchant's
 * page, `#/merchants/catalog[/<platform>]` the scope catalog.
 */
import { errorMessage, type Api, type AuthorizationRow, type Merchant, type Platform } from "../api";
import { h, replaceChildren } from "../h";
import { badge, calendarDate, errorAlert, optional, screenTitle } from "../view";
import { grantDialog, merchantDialog } from "./merchant-forms";
import { flagBadges, grantedMessage, merchantPageScreen } from "./merchant-page";
import type { FormDialog } from "./register-form";
import { sheetControls } from "./register-sheets";
import { emptyRegister, localToday, matchCount, matchesSearch, nextSort, noMatches, searchBox, selectField, sortableTable, words, type SortColumn, type SortState } from "./register-table";
import { merchantsNav, scopeCatalogScreen, scopeName } from "./scope-catalog";

export interface MerchantsData {
  merchants: Merchant[];
  authorizations: AuthorizationRow[];
  platforms: Platform[];
}

/** What the merchants table shows. */
export interface MerchantView {
  search: string;
  sort: SortState | null;
}

/** What the authorizations table shows. */
export interface AuthorizationView {
  /** A platform code, or "" for every platform. */
  platform: string;
  /** Only authorizations not revoked. */
  active: boolean;
  search: string;
  sort: SortState | null;
}

/** The merchants the search (name, shop domain, contact) lets through. */
export function filterMerchants(rows: readonly Merchant[], view: MerchantView): Merchant[] {
  return rows.filter((m) => matchesSearch(view.search, [m.name, m.shop_domain, m.contact_email]));
}

/** The authorizations the platform and active filters and the search (merchant, scopes, purpose) let through. */
export function filterAuthorizations(rows: readonly AuthorizationRow[], view: AuthorizationView): AuthorizationRow[] {
  return rows.filter(
    (a) =>
      (view.platform === "" || a.platform === view.platform) &&
      (!view.active || a.revoked_at === null) &&
      matchesSearch(view.search, [a.merchant, a.purpose, ...a.scopes]),
  );
}

const merchantHref = (id: number) => `#/merchants/${id}`;

/** The merchants table for a view. */
export function renderMerchantTable(rows: readonly Merchant[], view: MerchantView, onSort: (key: string) => void): HTMLElement {
  const shown = filterMerchants(rows, view);
  if (shown.length === 0) return noMatches("merchants", rows.length, "merchants");
  const columns: SortColumn<Merchant>[] = [
    { key: "name", header: "Merchant", cell: (m) => h("a", { href: merchantHref(m.id), "data-testid": "merchant-link" }, m.name), sortValue: (m) => m.name },
    { key: "shop_domain", header: "Shop domain", cell: (m) => optional(m.shop_domain), sortValue: (m) => m.shop_domain },
    { key: "contact_email", header: "Contact", cell: (m) => optional(m.contact_email), sortValue: (m) => m.contact_email },
    { key: "status", header: "Status", cell: (m) => badge(m.status), sortValue: (m) => m.status },
    { key: "active", header: "Active authorizations", cell: (m) => String(m.active_authorizations), sortValue: (m) => m.active_authorizations, numeric: true },
  ];
  return sortableTable({
    caption: shown.length === rows.length ? "Merchants" : `Merchants (${shown.length} of ${rows.length} shown)`,
    testid: "merchants-table",
    columns,
    rows: shown,
    sort: view.sort,
    onSort,
    rowAttrs: (m) => ({ "data-testid": "merchant-row", "data-id": m.id }),
  });
}

/** The authorizations table for a view. */
export function renderAuthorizationTable(rows: readonly AuthorizationRow[], platforms: readonly Platform[], view: AuthorizationView, onSort: (key: string) => void): HTMLElement {
  const shown = filterAuthorizations(rows, view);
  if (shown.length === 0) return noMatches("authorizations", rows.length, "authorizations");
  const names = new Map(platforms.map((p) => [p.code, p.name]));
  const columns: SortColumn<AuthorizationRow>[] = [
    { key: "id", header: "No.", cell: (a) => String(a.id), sortValue: (a) => a.id, numeric: true },
    { key: "merchant", header: "Merchant", cell: (a) => h("a", { href: merchantHref(a.merchant_id) }, a.merchant), sortValue: (a) => a.merchant },
    { key: "platform", header: "Platform", cell: (a) => names.get(a.platform) ?? a.platform, sortValue: (a) => names.get(a.platform) ?? a.platform },
    {
      key: "scopes",
      header: "Scopes",
      cell: (a) => (a.scopes.length === 0 ? h("span", { class: "none" }, "none") : h("ul", { class: "scopes" }, a.scopes.map((s) => h("li", null, scopeName(s))))),
      sortValue: (a) => a.scopes.length,
    },
    { key: "purpose", header: "Purpose", cell: (a) => words(a.purpose), sortValue: (a) => a.purpose },
    { key: "granted_at", header: "Granted", cell: (a) => calendarDate(a.granted_at), sortValue: (a) => a.granted_at },
    {
      key: "status",
      header: "Status and flags",
      cell: (a) => [
        a.revoked_at ? [badge("revoked"), " ", calendarDate(a.revoked_at)] : badge("active"),
        (a.flags ?? []).length > 0 ? h("div", { class: "flag-badges" }, flagBadges(a.flags ?? [])) : null,
      ],
      // Active before revoked; among each, the most flagged first.
      sortValue: (a) => `${a.revoked_at ? 1 : 0} ${String(99 - (a.flags ?? []).length).padStart(2, "0")} ${a.revoked_at ?? ""}`,
    },
  ];
  return sortableTable({
    caption: shown.length === rows.length ? "Authorizations" : `Authorizations (${shown.length} of ${rows.length} shown)`,
    testid: "authorizations-table",
    columns,
    rows: shown,
    sort: view.sort,
    onSort,
    rowAttrs: (a) => ({ "data-testid": "authorization-row", "data-id": a.id, "data-status": a.revoked_at ? "revoked" : "active" }),
  });
}

/** The platforms the catalog knows, each linking to its scopes. */
export function renderPlatformTable(platforms: readonly Platform[]): HTMLElement {
  if (platforms.length === 0) {
    return emptyRegister(
      "Platforms in the scope catalog",
      "The scope catalog is empty. It classifies each platform's OAuth scopes and the purposes they may serve; initialise the register to load the default catalog.",
      "platforms-table",
    );
  }
  return h(
    "div",
    { class: "table-wrap", "data-testid": "platforms-table" },
    h(
      "table",
      null,
      h("caption", null, "Platforms in the scope catalog"),
      h("thead", null, h("tr", null, h("th", { scope: "col" }, "Platform"), h("th", { scope: "col" }, "Code"), h("th", { scope: "col" }, "Category"), h("th", { scope: "col", class: "num" }, "Catalogued scopes"))),
      h(
        "tbody",
        null,
        platforms.map((p) =>
          h(
            "tr",
            { "data-testid": "platform-row", "data-code": p.code },
            h("td", null, h("a", { href: `#/merchants/catalog/${encodeURIComponent(p.code)}`, "aria-label": `${p.name}: view its scopes` }, p.name)),
            h("td", null, h("code", null, p.code)),
            h("td", null, words(p.category)),
            h("td", { class: "num" }, String(p.scopes)),
          ),
        ),
      ),
    ),
  );
}

const NO_MERCHANTS =
  "Each merchant whose platform accounts TrackTrack connects to is listed here with its contract dates and active authorizations. Record a merchant before logging its first authorization, or import the spreadsheet you keep today.";
const NO_AUTHORIZATIONS =
  "Every OAuth grant a merchant approves is logged here with its scopes, purpose and grant date, and stays on record after it is revoked (policy \u00a73). Grant one from a merchant's page, or import a spreadsheet.";

/** The overview: merchants, authorizations and the catalog's platforms, wired to the backend. */
export function renderMerchants(initial: MerchantsData, api: Api, today: string = localToday()): HTMLElement {
  let { merchants, authorizations } = initial;
  const { platforms } = initial;
  const names = new Map(platforms.map((p) => [p.code, p.name]));
  const messages = h("div", { class: "screen-messages", role: "status", "data-testid": "merchants-message" });
  const dialogSlot = h("div", { class: "dialog-slot" });
  const merchantRegion = h("div", { class: "register-region" });
  const authorizationRegion = h("div", { class: "register-region" });
  const merchantTable = h("div");
  const authorizationTable = h("div");
  const merchantCount = matchCount();
  const authorizationCount = matchCount();
  const merchantView: MerchantView = { search: "", sort: null };
  const authorizationView: AuthorizationView = { platform: "", active: false, search: "", sort: null };
  let dialog: FormDialog | null = null;

  const say = (text: string) => replaceChildren(messages, h("p", { class: "ok" }, text));
  const reload = async () => {
    try {
      [merchants, authorizations] = await Promise.all([api.listMerchants(), api.listAuthorizations(null)]);
      show();
    } catch (error) {
      replaceChildren(messages, errorAlert(errorMessage(error)));
    }
  };
  const merchantSheets = sheetControls(api, "merchants", "merchants", reload);
  const authorizationSheets = sheetControls(api, "authorizations", "authorizations", reload);

  const open = (d: FormDialog, returnFocus: () => void) => {
    dialog = d;
    replaceChildren(messages);
    replaceChildren(dialogSlot, d.element);
    d.element.addEventListener("close", returnFocus, { once: true });
    d.open();
  };
  const closed = () => {
    dialog = null;
    replaceChildren(dialogSlot);
  };

  const addMerchant = h("button", { type: "button", "data-testid": "merchants-add", "aria-haspopup": "dialog" }, "Add merchant\u2026");
  const grant = h("button", { type: "button", "data-testid": "authorizations-grant", "aria-haspopup": "dialog" }, "Grant authorization\u2026");
  const openAdd = () => {
    if (dialog) return;
    open(
      merchantDialog(
        api,
        null,
        async (saved) => {
          await reload();
          replaceChildren(messages, h("p", { class: "ok" }, `Added ${saved.merchant.name}. `, h("a", { href: merchantHref(saved.merchant.id), "data-testid": "merchant-added-link" }, "Open its page"), " to record its authorizations."));
        },
        closed,
      ),
      () => addMerchant.focus(),
    );
  };
  addMerchant.addEventListener("click", openAdd);
  grant.addEventListener("click", () => {
    if (dialog) return;
    open(
      grantDialog(
        api,
        { platforms, merchants },
        async (g, input) => {
          await reload();
          say(grantedMessage(g.id, names.get(input.platform ?? "") ?? input.platform ?? "", g.uncatalogued));
        },
        closed,
        today,
      ),
      () => grant.focus(),
    );
  });

  const merchantSort = (key: string) => {
    merchantView.sort = nextSort(merchantView.sort, key);
    showMerchants();
    merchantTable.querySelector<HTMLElement>(`button[data-sort-key="${key}"]`)?.focus();
  };
  const authorizationSort = (key: string) => {
    authorizationView.sort = nextSort(authorizationView.sort, key);
    showAuthorizations();
    authorizationTable.querySelector<HTMLElement>(`button[data-sort-key="${key}"]`)?.focus();
  };
  const showMerchants = () => {
    replaceChildren(merchantTable, renderMerchantTable(merchants, merchantView, merchantSort));
    merchantCount.update(filterMerchants(merchants, merchantView).length, merchants.length, merchants.length === 1 ? "merchant" : "merchants");
  };
  const showAuthorizations = () => {
    replaceChildren(authorizationTable, renderAuthorizationTable(authorizations, platforms, authorizationView, authorizationSort));
    authorizationCount.update(filterAuthorizations(authorizations, authorizationView).length, authorizations.length, authorizations.length === 1 ? "authorization" : "authorizations");
  };

  const merchantSearch = searchBox("merchants-search", "Search merchants", "Matches name, shop domain or contact.", (q) => {
    merchantView.search = q;
    showMerchants();
  });
  const platformFilter = selectField("authorizations-platform-filter", "Platform", [["", "All platforms"], ...platforms.map((p) => [p.code, p.name] as const)], "", (value) => {
    authorizationView.platform = value;
    showAuthorizations();
  });
  const activeOnly = h("input", { type: "checkbox", id: "authorizations-active-filter", "data-testid": "authorizations-active-filter" });
  activeOnly.addEventListener("change", () => {
    authorizationView.active = activeOnly.checked;
    showAuthorizations();
  });
  const authorizationSearch = searchBox("authorizations-search", "Search authorizations", "Matches merchant, scope or purpose.", (q) => {
    authorizationView.search = q;
    showAuthorizations();
  });

  const show = () => {
    grant.disabled = merchants.length === 0;
    grant.title = merchants.length === 0 ? "Add a merchant first" : "";
    if (merchants.length === 0) {
      replaceChildren(
        merchantRegion,
        emptyRegister("No merchants recorded yet", NO_MERCHANTS, "merchants-table", [
          h("button", { type: "button", "data-testid": "merchants-empty-add", "aria-haspopup": "dialog", onClick: openAdd }, "Add merchant\u2026"),
          h("button", { type: "button", class: "secondary", "data-testid": "merchants-empty-import", onClick: () => void merchantSheets.runImport() }, "Import spreadsheet\u2026"),
        ]),
      );
    } else {
      replaceChildren(merchantRegion, h("div", { class: "register-filters", role: "search", "aria-label": "Search merchants" }, merchantSearch.element, merchantCount.element), merchantTable);
      showMerchants();
    }
    if (authorizations.length === 0) {
      replaceChildren(authorizationRegion, emptyRegister("No authorizations recorded yet", NO_AUTHORIZATIONS, "authorizations-table"));
    } else {
      replaceChildren(
        authorizationRegion,
        h(
          "div",
          { class: "register-filters", role: "search", "aria-label": "Filter authorizations" },
          platformFilter.element,
          h("div", { class: "field checkbox aligned" }, activeOnly, h("label", { for: "authorizations-active-filter" }, "Active only")),
          authorizationSearch.element,
          authorizationCount.element,
        ),
        authorizationTable,
      );
      showAuthorizations();
    }
  };
  show();

  return h(
    "div",
    { class: "screen", "data-testid": "merchants" },
    screenTitle("Merchants & authorizations", "Merchant data is reached only through OAuth scopes the merchant approved, for the purposes policy \u00a74 allows, and the merchant can revoke them at any time."),
    merchantsNav("registers"),
    h("div", { class: "toolbar", role: "group", "aria-label": "Merchant and authorization actions" }, addMerchant, grant),
    messages,
    h(
      "section",
      { "aria-labelledby": "merchants-heading" },
      h("h2", { id: "merchants-heading" }, "Merchants"),
      h("div", { class: "toolbar", role: "group", "aria-label": "Merchants spreadsheet" }, merchantSheets.importButton, merchantSheets.exportButtons),
      merchantSheets.results,
      merchantRegion,
    ),
    h(
      "section",
      { "aria-labelledby": "authorizations-heading" },
      h("h2", { id: "authorizations-heading" }, "Authorizations"),
      h("div", { class: "toolbar", role: "group", "aria-label": "Authorizations spreadsheet" }, authorizationSheets.importButton, authorizationSheets.exportButtons),
      authorizationSheets.results,
      authorizationRegion,
    ),
    h("section", { "aria-labelledby": "platforms-heading" }, h("h2", { id: "platforms-heading" }, "Platforms"), renderPlatformTable(platforms)),
    dialogSlot,
  );
}

/** Loads the part of the screen the hash path names: the overview, a merchant, or the catalog. */
export async function merchantsScreen(api: Api, context?: { path?: string[] }): Promise<HTMLElement> {
  const [first, second] = context?.path ?? [];
  if (first === "catalog") return scopeCatalogScreen(api, second ?? null);
  if (first !== undefined && /^\d+$/.test(first)) return merchantPageScreen(api, Number(first));
  const [merchants, authorizations, platforms] = await Promise.all([api.listMerchants(), api.listAuthorizations(null), api.listPlatforms()]);
  return renderMerchants({ merchants, authorizations, platforms }, api);
}
