/**
 * Merchants & authorizations: who granted which platform scopes, for what, and whether the grant
 * still stands. `#/merchants` lists merchants and authorizations, `#/merchants/<id>` is a merchant's
 * page, `#/merchants/catalog[/<platform>]` the scope catalog.
 *
 * The registers may hold 50,000 merchants and 200,000 authorizations, so the overview never asks
 * for every row: each list is one page from the backend, which searches and filters, and a pager
 * moves through the rest. Rows keep the backend's order (authorizations newest grant first); a
 * sort of one page would pass for a sort of the register, so the tables offer none.
 */
import { errorMessage, type Api, type AuthorizationQuery, type AuthorizationRow, type Merchant, type Paged, type Platform } from "../api";
import { h, replaceChildren, type Child } from "../h";
import { formatNumber, t } from "../i18n";
import { badge, calendarDate, dataTable, errorAlert, optional, pager, screenTitle, type Column } from "../view";
import { grantDialog, merchantDialog } from "./merchant-forms";
import { flagBadges, grantedMessage, merchantPageScreen } from "./merchant-page";
import type { FormDialog } from "./register-form";
import { sheetControls } from "./register-sheets";
import { emptyRegister, fillNodes, localToday, searchBox, selectField, words } from "./register-table";
import { merchantsNav, scopeCatalogScreen, scopeName } from "./scope-catalog";

/** Rows per page of either list. */
export const PAGE_SIZE = 50;

/** How long typing in the merchant search must pause before the backend is asked. */
export const SEARCH_DELAY_MS = 300;

/**
 * What the overview starts with: the first page of each list (a plain array is taken as a list
 * given whole) and the catalog's platforms.
 */
export interface MerchantsData {
  merchants: Paged<Merchant> | Merchant[];
  authorizations: Paged<AuthorizationRow> | AuthorizationRow[];
  platforms: Platform[];
}

/** Which authorizations the overview lists. */
export interface AuthorizationFilters {
  /** A platform code, or "" for every platform. */
  platform: string;
  /** Only authorizations not revoked. */
  active: boolean;
  /** A merchant's id, name or shop domain (exactly), or "" for every merchant. */
  merchant: string;
}

/** No filter: every authorization. */
export const ALL_AUTHORIZATIONS: Readonly<AuthorizationFilters> = { platform: "", active: false, merchant: "" };

/** A list given whole, as one page. */
export function asPage<T>(list: Paged<T> | T[]): Paged<T> {
  return Array.isArray(list) ? { total: list.length, offset: 0, limit: Math.max(list.length, PAGE_SIZE), rows: list } : list;
}

/** The backend query for one page of the authorizations the filters select. */
export function authorizationQuery(filters: AuthorizationFilters, offset: number, limit = PAGE_SIZE): AuthorizationQuery {
  const merchant = filters.merchant.trim();
  return { merchant: merchant === "" ? null : merchant, platform: filters.platform === "" ? null : filters.platform, active: filters.active, limit, offset };
}

/** Whether any filter narrows the authorizations. */
function filtered(filters: AuthorizationFilters): boolean {
  return filters.platform !== "" || filters.active || filters.merchant.trim() !== "";
}

const merchantHref = (id: number) => `#/merchants/${id}`;

/** One page of merchants as a table (the caller handles an empty page). */
export function renderMerchantTable(rows: readonly Merchant[]): HTMLElement {
  const columns: Column<Merchant>[] = [
    { header: t("merchants.table.merchant"), cell: (m) => h("a", { href: merchantHref(m.id), "data-testid": "merchant-link" }, m.name) },
    { header: t("merchants.field.shop_domain"), cell: (m) => optional(m.shop_domain) },
    { header: t("merchants.field.contact"), cell: (m) => optional(m.contact_email) },
    { header: t("merchants.field.status"), cell: (m) => badge(m.status) },
    { header: t("merchants.table.active_authorizations"), cell: (m) => formatNumber(m.active_authorizations), numeric: true },
  ];
  return dataTable({
    caption: t("merchants.table.merchants_caption"),
    testid: "merchants-table",
    columns,
    rows: [...rows],
    empty: t("merchants.empty.merchants_text"),
    rowAttrs: (m) => ({ "data-testid": "merchant-row", "data-id": m.id }),
  });
}

/** One page of authorizations as a table (the caller handles an empty page). */
export function renderAuthorizationTable(rows: readonly AuthorizationRow[], platforms: readonly Platform[]): HTMLElement {
  const names = new Map(platforms.map((p) => [p.code, p.name]));
  const columns: Column<AuthorizationRow>[] = [
    { header: t("merchants.table.number"), cell: (a) => String(a.id), numeric: true },
    { header: t("merchants.table.merchant"), cell: (a) => h("a", { href: merchantHref(a.merchant_id) }, a.merchant) },
    { header: t("merchants.table.platform"), cell: (a) => names.get(a.platform) ?? a.platform },
    {
      header: t("merchants.table.scopes"),
      cell: (a) => (a.scopes.length === 0 ? h("span", { class: "none" }, t("common.none")) : h("ul", { class: "scopes" }, a.scopes.map((s) => h("li", null, scopeName(s))))),
    },
    { header: t("merchants.table.purpose"), cell: (a) => words(a.purpose) },
    { header: t("merchants.table.granted"), cell: (a) => calendarDate(a.granted_at) },
    {
      header: t("merchants.table.status_and_flags"),
      cell: (a) => [
        a.revoked_at ? [badge("revoked"), " ", calendarDate(a.revoked_at)] : badge("active"),
        (a.flags ?? []).length > 0 ? h("div", { class: "flag-badges" }, flagBadges(a.flags ?? [])) : null,
      ],
    },
  ];
  return dataTable({
    caption: t("merchants.table.authorizations_caption"),
    testid: "authorizations-table",
    columns,
    rows: [...rows],
    empty: t("merchants.empty.authorizations_text"),
    rowAttrs: (a) => ({ "data-testid": "authorization-row", "data-id": a.id, "data-status": a.revoked_at ? "revoked" : "active" }),
  });
}

/** The platforms the catalog knows, each linking to its scopes. */
export function renderPlatformTable(platforms: readonly Platform[]): HTMLElement {
  if (platforms.length === 0) {
    return emptyRegister(t("merchants.platforms.caption"), t("merchants.platforms.empty"), "platforms-table");
  }
  return h(
    "div",
    { class: "table-wrap", "data-testid": "platforms-table" },
    h(
      "table",
      null,
      h("caption", null, t("merchants.platforms.caption")),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          h("th", { scope: "col" }, t("merchants.table.platform")),
          h("th", { scope: "col" }, t("merchants.platforms.code")),
          h("th", { scope: "col" }, t("merchants.platforms.category")),
          h("th", { scope: "col", class: "num" }, t("merchants.platforms.scopes")),
        ),
      ),
      h(
        "tbody",
        null,
        platforms.map((p) =>
          h(
            "tr",
            { "data-testid": "platform-row", "data-code": p.code },
            h("td", null, h("a", { href: `#/merchants/catalog/${encodeURIComponent(p.code)}`, "aria-label": t("merchants.platforms.view_scopes", { name: p.name }) }, p.name)),
            h("td", null, h("code", null, p.code)),
            h("td", null, words(p.category)),
            h("td", { class: "num" }, formatNumber(p.scopes)),
          ),
        ),
      ),
    ),
  );
}

/**
 * Rebuilds a pager region, keeping keyboard focus on the pager button the officer pressed (or,
 * once that end is reached, on the other one).
 */
function keepPagerFocus(slot: HTMLElement, render: () => void): void {
  const active = typeof document !== "undefined" ? document.activeElement : null;
  const pressed = active && slot.contains(active) ? active.getAttribute("data-testid") : null;
  render();
  if (!pressed) return;
  const same = slot.querySelector<HTMLButtonElement>(`[data-testid="${pressed}"]`);
  const target = same && !same.disabled ? same : slot.querySelector<HTMLButtonElement>("button:not([disabled])");
  target?.focus();
}

/** The overview: merchants, authorizations and the catalog's platforms, wired to the backend. */
export function renderMerchants(initial: MerchantsData, api: Api, today: string = localToday(), searchDelayMs: number = SEARCH_DELAY_MS): HTMLElement {
  let merchants = asPage(initial.merchants);
  let authorizations = asPage(initial.authorizations);
  const { platforms } = initial;
  const names = new Map(platforms.map((p) => [p.code, p.name]));
  /** The search the merchants page was asked with ("" for none). */
  let search = "";
  const filters: AuthorizationFilters = { ...ALL_AUTHORIZATIONS };
  // Whether the registers hold anything at all, known from a page asked without search or filter.
  let anyMerchant = merchants.total > 0;
  let anyAuthorization = authorizations.total > 0;
  let dialog: FormDialog | null = null;

  const messages = h("div", { class: "screen-messages", role: "status", "data-testid": "merchants-message" });
  const dialogSlot = h("div", { class: "dialog-slot" });

  // --- loading pages ---------------------------------------------------------------------
  const merchantTable = h("div", { class: "register-page" });
  const merchantPager = h("div", { class: "pager-slot" });
  const authorizationTable = h("div", { class: "register-page" });
  const authorizationPager = h("div", { class: "pager-slot" });
  let merchantGeneration = 0;
  let authorizationGeneration = 0;

  const loadMerchants = async (offset: number): Promise<void> => {
    const mine = ++merchantGeneration;
    merchantTable.setAttribute("aria-busy", "true");
    try {
      const page = await api.listMerchantsPage({ search: search === "" ? null : search, limit: PAGE_SIZE, offset });
      if (mine !== merchantGeneration) return;
      // The last page emptied (rows removed since): show the new last page instead.
      if (page.rows.length === 0 && page.total > 0 && offset > 0) {
        void loadMerchants(Math.floor((page.total - 1) / PAGE_SIZE) * PAGE_SIZE);
        return;
      }
      merchants = page;
      if (search === "") anyMerchant = page.total > 0;
      keepPagerFocus(merchantPager, showMerchants);
    } catch (error) {
      if (mine === merchantGeneration) replaceChildren(merchantTable, errorAlert(errorMessage(error), t("merchants.error.merchants_lead")));
    } finally {
      if (mine === merchantGeneration) merchantTable.removeAttribute("aria-busy");
    }
  };

  const loadAuthorizations = async (offset: number): Promise<void> => {
    const mine = ++authorizationGeneration;
    authorizationTable.setAttribute("aria-busy", "true");
    try {
      const page = await api.listAuthorizationsPage(authorizationQuery(filters, offset));
      if (mine !== authorizationGeneration) return;
      if (page.rows.length === 0 && page.total > 0 && offset > 0) {
        void loadAuthorizations(Math.floor((page.total - 1) / PAGE_SIZE) * PAGE_SIZE);
        return;
      }
      authorizations = page;
      if (!filtered(filters)) anyAuthorization = page.total > 0;
      keepPagerFocus(authorizationPager, showAuthorizations);
    } catch (error) {
      if (mine !== authorizationGeneration) return;
      // A merchant that matches nothing is the usual cause; the backend's sentence says so.
      replaceChildren(authorizationPager);
      replaceChildren(authorizationTable, h("div", { "data-testid": "authorizations-error" }, errorAlert(errorMessage(error), t("merchants.error.authorizations_lead"))));
    } finally {
      if (mine === authorizationGeneration) authorizationTable.removeAttribute("aria-busy");
    }
  };

  /**
   * Both lists again, at the pages shown (after an add, a grant or an import). Merchants first:
   * whether any exists decides what the authorizations' empty state offers.
   */
  const reload = async () => {
    await loadMerchants(merchants.offset);
    await loadAuthorizations(authorizations.offset);
  };
  const merchantSheets = sheetControls(api, "merchants", t("merchants.sheet.merchants_noun"), reload);
  const authorizationSheets = sheetControls(api, "authorizations", t("merchants.sheet.authorizations_noun"), reload);

  // --- dialogs ---------------------------------------------------------------------------
  const say = (text: Child) => replaceChildren(messages, h("p", { class: "ok" }, text));
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
  /** Where focus returns after a dialog: the button that opened it, or the toolbar's if that is gone. */
  const back = (opener: HTMLElement, fallback: HTMLElement) => () => (opener.isConnected ? opener : fallback).focus();

  const openAdd = (opener: HTMLElement) => {
    if (dialog) return;
    open(
      merchantDialog(
        api,
        null,
        async (saved) => {
          await reload();
          const link = h("a", { href: merchantHref(saved.merchant.id), "data-testid": "merchant-added-link" }, t("merchants.added.link"));
          say(fillNodes(t("merchants.added.message", { name: saved.merchant.name }), { link }));
        },
        closed,
      ),
      back(opener, addMerchant),
    );
  };
  const openGrant = (opener: HTMLElement) => {
    if (dialog) return;
    open(
      grantDialog(
        api,
        { platforms },
        async (g, input) => {
          await reload();
          say(grantedMessage(g.id, names.get(input.platform ?? "") ?? input.platform ?? "", g.uncatalogued));
        },
        closed,
        today,
      ),
      back(opener, grant),
    );
  };
  const addButton = (testid: string, cls: string | null = null) =>
    h("button", { type: "button", class: cls, "data-testid": testid, "aria-haspopup": "dialog", onClick: (event: Event) => openAdd(event.currentTarget as HTMLElement) }, t("merchants.add_button"));
  const grantButton = (testid: string, cls: string | null = null) =>
    h("button", { type: "button", class: cls, "data-testid": testid, "aria-haspopup": "dialog", onClick: (event: Event) => openGrant(event.currentTarget as HTMLElement) }, t("merchants.grant_button"));
  const addMerchant = addButton("merchants-add");
  const grant = grantButton("authorizations-grant");

  // --- merchants -------------------------------------------------------------------------
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  const runSearch = (query: string) => {
    clearTimeout(searchTimer);
    search = query.trim();
    void loadMerchants(0);
  };
  const searchField = searchBox("merchants-search", t("merchants.search.label"), t("merchants.search.hint"), (query) => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => runSearch(query), searchDelayMs);
  });
  searchField.input.setAttribute("data-shortcut", "search");
  searchField.input.addEventListener("keydown", (event) => {
    if ((event as KeyboardEvent).key !== "Enter") return;
    event.preventDefault();
    runSearch(searchField.input.value);
  });
  const merchantFilters = h("div", { class: "register-filters", role: "search", "aria-label": t("merchants.search.region") }, searchField.element);

  const showMerchants = () => {
    grant.disabled = !anyMerchant;
    if (anyMerchant) grant.removeAttribute("title");
    else grant.title = t("merchants.grant_needs_merchant");
    merchantFilters.hidden = !anyMerchant && search === "";
    if (merchants.total === 0 && search === "") {
      replaceChildren(
        merchantTable,
        emptyRegister(t("merchants.empty.merchants_title"), t("merchants.empty.merchants_text"), "merchants-table", [
          addButton("merchants-empty-add"),
          h("button", { type: "button", class: "secondary", "data-testid": "merchants-empty-import", onClick: () => void merchantSheets.runImport() }, t("merchants.empty.import_merchants")),
        ]),
      );
      replaceChildren(merchantPager);
      return;
    }
    if (merchants.rows.length === 0) {
      replaceChildren(merchantTable, h("p", { class: "no-matches", role: "status", "data-testid": "merchants-no-matches" }, t("merchants.search.no_matches", { search })));
    } else {
      replaceChildren(merchantTable, renderMerchantTable(merchants.rows));
    }
    replaceChildren(
      merchantPager,
      pager({ total: merchants.total, offset: merchants.offset, limit: PAGE_SIZE, onPage: (offset) => void loadMerchants(offset), testid: "merchants-pager", label: t("merchants.pager.merchants_label") }),
    );
  };

  // --- authorizations --------------------------------------------------------------------
  const applyFilters = () => void loadAuthorizations(0);
  const platformFilter = selectField(
    "authorizations-platform-filter",
    t("merchants.filter.platform"),
    [["", t("merchants.filter.all_platforms")], ...platforms.map((p) => [p.code, p.name] as const)],
    "",
    (value) => {
      filters.platform = value;
      applyFilters();
    },
  );
  const activeOnly = h("input", { type: "checkbox", id: "authorizations-active-filter", "data-testid": "authorizations-active-filter" });
  activeOnly.addEventListener("change", () => {
    filters.active = activeOnly.checked;
    applyFilters();
  });
  // The backend matches one merchant exactly, so the filter applies on Enter or on leaving the box.
  const merchantFilter = h("input", { type: "search", id: "authorizations-merchant-filter", autocomplete: "off", spellcheck: "false", "data-testid": "authorizations-merchant-filter", "aria-describedby": "authorizations-merchant-filter-hint" });
  const applyMerchant = () => {
    if (merchantFilter.value.trim() === filters.merchant) return;
    filters.merchant = merchantFilter.value.trim();
    applyFilters();
  };
  merchantFilter.addEventListener("keydown", (event) => {
    if ((event as KeyboardEvent).key !== "Enter") return;
    event.preventDefault();
    applyMerchant();
  });
  merchantFilter.addEventListener("change", applyMerchant);
  // Clearing the box (its × or the last Backspace) lists every merchant's again at once.
  merchantFilter.addEventListener("input", () => {
    if (merchantFilter.value === "") applyMerchant();
  });
  const authorizationFilters = h(
    "div",
    { class: "register-filters", role: "search", "aria-label": t("merchants.filter.region") },
    platformFilter.element,
    h("div", { class: "field checkbox aligned" }, activeOnly, h("label", { for: "authorizations-active-filter" }, t("merchants.filter.active_only"))),
    h(
      "div",
      { class: "field" },
      h("label", { for: "authorizations-merchant-filter" }, t("merchants.filter.merchant")),
      merchantFilter,
      h("p", { class: "hint", id: "authorizations-merchant-filter-hint" }, t("merchants.filter.merchant_hint")),
    ),
  );

  const showAuthorizations = () => {
    authorizationFilters.hidden = !anyAuthorization && !filtered(filters);
    if (authorizations.total === 0 && !filtered(filters)) {
      replaceChildren(
        authorizationTable,
        emptyRegister(
          t("merchants.empty.authorizations_title"),
          t("merchants.empty.authorizations_text"),
          "authorizations-table",
          anyMerchant
            ? [grantButton("authorizations-empty-grant"), h("button", { type: "button", class: "secondary", "data-testid": "authorizations-empty-import", onClick: () => void authorizationSheets.runImport() }, t("merchants.empty.import_authorizations"))]
            : [],
        ),
      );
      if (!anyMerchant) authorizationTable.firstElementChild?.appendChild(h("p", { class: "hint", "data-testid": "authorizations-empty-needs-merchant" }, t("merchants.empty.authorizations_need_merchant")));
      replaceChildren(authorizationPager);
      return;
    }
    if (authorizations.rows.length === 0) {
      replaceChildren(authorizationTable, h("p", { class: "no-matches", role: "status", "data-testid": "authorizations-no-matches" }, t("merchants.filter.no_matches")));
    } else {
      replaceChildren(authorizationTable, renderAuthorizationTable(authorizations.rows, platforms));
    }
    replaceChildren(
      authorizationPager,
      pager({ total: authorizations.total, offset: authorizations.offset, limit: PAGE_SIZE, onPage: (offset) => void loadAuthorizations(offset), testid: "authorizations-pager", label: t("merchants.pager.authorizations_label") }),
    );
  };

  showMerchants();
  showAuthorizations();

  return h(
    "div",
    { class: "screen", "data-testid": "merchants" },
    screenTitle(t("merchants.title"), t("merchants.lead")),
    merchantsNav("registers"),
    h("div", { class: "toolbar", role: "group", "aria-label": t("merchants.toolbar_label") }, addMerchant, grant),
    messages,
    h(
      "section",
      { "aria-labelledby": "merchants-heading" },
      h("h2", { id: "merchants-heading" }, t("merchants.section.merchants")),
      h("p", { class: "hint" }, t("merchants.section.merchants_hint")),
      h("div", { class: "toolbar", role: "group", "aria-label": t("merchants.sheet.merchants_label") }, merchantSheets.importButton, merchantSheets.exportButtons),
      merchantSheets.results,
      h("div", { class: "register-region", "data-testid": "merchants-region" }, merchantFilters, merchantTable, merchantPager),
    ),
    h(
      "section",
      { "aria-labelledby": "authorizations-heading" },
      h("h2", { id: "authorizations-heading" }, t("merchants.section.authorizations")),
      h("p", { class: "hint" }, t("merchants.section.authorizations_hint")),
      h("div", { class: "toolbar", role: "group", "aria-label": t("merchants.sheet.authorizations_label") }, authorizationSheets.importButton, authorizationSheets.exportButtons),
      authorizationSheets.results,
      h("div", { class: "register-region", "data-testid": "authorizations-region" }, authorizationFilters, authorizationTable, authorizationPager),
    ),
    h("section", { "aria-labelledby": "platforms-heading" }, h("h2", { id: "platforms-heading" }, t("merchants.section.platforms")), renderPlatformTable(platforms)),
    dialogSlot,
  );
}

/** Loads the part of the screen the hash path names: the overview, a merchant, or the catalog. */
export async function merchantsScreen(api: Api, context?: { path?: string[] }): Promise<HTMLElement> {
  const [first, second] = context?.path ?? [];
  if (first === "catalog") return scopeCatalogScreen(api, second ?? null);
  if (first !== undefined && /^\d+$/.test(first)) return merchantPageScreen(api, Number(first));
  const [merchants, authorizations, platforms] = await Promise.all([
    api.listMerchantsPage({ search: null, limit: PAGE_SIZE, offset: 0 }),
    api.listAuthorizationsPage(authorizationQuery(ALL_AUTHORIZATIONS, 0)),
    api.listPlatforms(),
  ]);
  return renderMerchants({ merchants, authorizations, platforms }, api);
}
