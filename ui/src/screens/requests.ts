/**
 * Requests: the rights-request inbox, one page at a time as the backend sorts, filters and searches
 * it (a register may hold a million requests; the screen never asks for them all), coloured as
 * deadlines near; import of saved mail (native dialog, or files dropped on the window); manual
 * entry; CSV and calendar export. `#/requests/<id>` shows one request (see request-detail.ts).
 *
 * The address says what is shown: `#/requests?status=received&type=access&overdue=1&due_within=7
 * &q=refund&sort=received_at&desc=1&page=2`; the screen keeps it up to date as the officer filters.
 */
import { errorMessage, type Api, type Jurisdiction, type Paged, type RequestQuery, type RequestRow } from "../api";
import { h, replaceChildren, type Child } from "../h";
import { formatDate, t, tn } from "../i18n";
import { importMonitor, type ImportMonitor } from "../import-monitor";
import "./requests.css";
import type { ScreenContext } from "../routes";
import { badge, calendarDate, emptyState, errorAlert, pager, screenTitle, statusWord } from "../view";
import { messageParts } from "./message-parts";
import { requestDetailScreen } from "./request-detail";
import { requestForm } from "./request-form";
import { rememberInbox } from "./request-trail";
import { daysLeftText, REQUEST_STATUSES, REQUEST_TYPES, shortRule, urgencyOf } from "./request-terms";

/** Requests per page. */
export const PAGE_SIZE = 50;

/** How long the search waits for the officer to stop typing. */
export const SEARCH_DELAY_MS = 250;

/** The columns the backend sorts by. */
export const INBOX_SORTS = ["due_date", "received_at", "id", "status", "type"] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];

/** The types the type filter offers: the officer's five, and what the classifier leaves. */
const FILTER_TYPES: readonly string[] = [...REQUEST_TYPES, "needs_triage"];

/** What the inbox shows: filters, search, order and page. */
export interface InboxQuery {
  status: string | null;
  type: string | null;
  overdue: boolean;
  due_within: number | null;
  /** Full-text search; "" for none. */
  search: string;
  sort: InboxSort;
  descending: boolean;
  /** The first row shown, a multiple of `PAGE_SIZE`. */
  offset: number;
}

/** Every request, soonest due first, from the first page. */
export const DEFAULT_QUERY: InboxQuery = {
  status: null,
  type: null,
  overdue: false,
  due_within: null,
  search: "",
  sort: "due_date",
  descending: false,
  offset: 0,
};

/** True when a filter (not the search) hides some requests. */
export function isFiltered(query: InboxQuery): boolean {
  return query.status !== null || query.type !== null || query.overdue || query.due_within !== null;
}

const isYes = (value: string | null) => value !== null && value !== "0" && value !== "false";

/** What a link asks for: `#/requests?status=received&overdue=1&due_within=7&q=refund&page=2`. */
export function inboxQueryFromParams(params: URLSearchParams): InboxQuery {
  const status = params.get("status");
  const type = params.get("type");
  const within = params.get("due_within") ?? params.get("due-within");
  const sort = params.get("sort");
  const page = params.get("page");
  const pageNumber = page !== null && /^\d{1,7}$/.test(page) ? Math.max(1, Number(page)) : 1;
  return {
    status: status && (REQUEST_STATUSES as readonly string[]).includes(status) ? status : null,
    type: type && FILTER_TYPES.includes(type) ? type : null,
    overdue: isYes(params.get("overdue")),
    due_within: within !== null && /^\d{1,4}$/.test(within) ? Number(within) : null,
    search: (params.get("q") ?? "").trim(),
    sort: sort && (INBOX_SORTS as readonly string[]).includes(sort) ? (sort as InboxSort) : "due_date",
    descending: isYes(params.get("desc")),
    offset: (pageNumber - 1) * PAGE_SIZE,
  };
}

/** The address of what the inbox shows; only what differs from the default is written. */
export function inboxHash(query: InboxQuery): string {
  const params = new URLSearchParams();
  if (query.status) params.set("status", query.status);
  if (query.type) params.set("type", query.type);
  if (query.overdue) params.set("overdue", "1");
  if (query.due_within !== null) params.set("due_within", String(query.due_within));
  if (query.search) params.set("q", query.search);
  if (query.sort !== "due_date") params.set("sort", query.sort);
  if (query.descending) params.set("desc", "1");
  if (query.offset >= PAGE_SIZE) params.set("page", String(Math.floor(query.offset / PAGE_SIZE) + 1));
  const text = params.toString();
  return text ? `#/requests?${text}` : "#/requests";
}

/** The backend's query for one page of the inbox. */
export function pageQuery(query: InboxQuery): RequestQuery {
  return {
    status: query.status,
    type: query.type,
    overdue: query.overdue,
    due_within: query.due_within,
    search: query.search === "" ? null : query.search,
    sort: query.sort,
    descending: query.descending,
    limit: PAGE_SIZE,
    offset: query.offset,
  };
}

/**
 * The first sentence of an empty inbox (the contact address is the register's, so the officer
 * sees where requests are expected).
 */
export function emptyInboxText(contactEmail: string): string {
  return t("requests.empty.text", { email: contactEmail });
}

/** An address that may wrap before its "@" in a narrow column (the text stays the same). */
function breakableEmail(email: string): Child[] {
  const at = email.indexOf("@");
  return at > 0 ? [email.slice(0, at), h("wbr"), email.slice(at)] : [email];
}

/** The dash standing for "nothing recorded". */
const nothing = () => h("span", { class: "none", "aria-label": t("common.none") }, "\u2014");

/** The requester in one cell: the name over the address. */
function requester(r: RequestRow): Child {
  if (!r.requester_name && !r.requester_email) return nothing();
  return h(
    "span",
    { class: "requester" },
    r.requester_name ? h("span", { class: "requester-name" }, r.requester_name) : null,
    r.requester_email ? h("span", { class: "requester-email" }, breakableEmail(r.requester_email)) : null,
  );
}

/** A column of the inbox; `sort` names the backend column it sorts by, if any. */
interface InboxColumn {
  header: string;
  cell: (r: RequestRow) => Child;
  sort?: InboxSort;
  numeric?: boolean;
}

/** The inbox's columns, in the chosen language (built at render time: the language may change). */
function inboxColumns(): InboxColumn[] {
  return [
    {
      header: t("requests.column.id"),
      cell: (r) => h("a", { href: `#/requests/${r.id}`, "aria-label": t("requests.inbox.open", { id: String(r.id) }) }, String(r.id)),
      sort: "id",
      numeric: true,
    },
    { header: t("requests.column.type"), cell: (r) => (r.type === "needs_triage" ? badge(r.type) : statusWord(r.type)), sort: "type" },
    { header: t("requests.column.requester"), cell: requester },
    { header: t("requests.column.received"), cell: (r) => calendarDate(r.received_on ?? r.received_at.slice(0, 10)), sort: "received_at" },
    { header: t("requests.column.due"), cell: (r) => calendarDate(r.due_date), sort: "due_date" },
    {
      header: t("requests.column.days_left"),
      cell: (r) => h("span", { class: `days-left days-left-${urgencyOf(r)}`, "data-testid": "request-days-left" }, daysLeftText(r)),
    },
    { header: t("requests.column.status"), cell: (r) => badge(r.status), sort: "status" },
    { header: t("requests.column.jurisdiction"), cell: (r) => r.jurisdiction },
    {
      header: t("requests.column.rule"),
      cell: (r) => (r.rule ? h("span", { class: "rule", title: r.rule }, shortRule(r.rule)) : nothing()),
    },
  ];
}

/** The options of the inbox table. */
export interface InboxOptions {
  /** The address requests arrive at, for the empty state. */
  contactEmail?: string;
  /** True when a filter hides some requests: the empty state then says none match. */
  filtered?: boolean;
  /** The search the rows match ("" or absent: none). */
  search?: string;
  /** Shown in the empty state of an unfiltered inbox: the way to fill it. */
  importButton?: HTMLElement;
  /** Shown next to it: "Enter a request by hand". */
  newButton?: HTMLElement;
  /** Clears the search, from the empty state of a search that found nothing. */
  onClearSearch?: () => void;
  /** Clears the filters, from the empty state of filters that hide everything. */
  onClearFilters?: () => void;
  /** The order the rows are in (as the backend sorted them). */
  sort?: InboxSort;
  descending?: boolean;
  /** Asks for another order; without it the headers are plain text. */
  onSort?: (sort: InboxSort) => void;
}

/** What stands in for the table when nothing is shown: why, and the way on. */
function emptyInbox(options: InboxOptions): HTMLElement {
  const { contactEmail = t("requests.empty.fallback_contact"), filtered = false, search = "", importButton, newButton, onClearSearch, onClearFilters } = options;
  const caption = t("requests.inbox.caption");
  const button = (testid: string, label: string, onClick?: () => void) =>
    onClick ? h("button", { type: "button", class: "secondary", "data-testid": testid, onClick: () => onClick() }, label) : null;
  if (search !== "" || filtered) {
    const text =
      search !== "" && filtered
        ? t("requests.empty.search_filtered", { query: search })
        : search !== ""
          ? t("requests.empty.search", { query: search })
          : t("requests.empty.filtered");
    return emptyState(
      caption,
      text,
      "requests-table",
      [
        h("p", null, search !== "" ? t("requests.empty.search_hint") : t("requests.empty.filtered_hint")),
        h(
          "div",
          { class: "toolbar" },
          search !== "" ? button("requests-empty-clear-search", t("requests.search.clear"), onClearSearch) : null,
          filtered ? button("requests-empty-clear-filters", t("requests.filters.clear"), onClearFilters) : null,
        ),
      ],
    );
  }
  return emptyState(caption, emptyInboxText(contactEmail), "requests-table", [
    h("p", null, t("requests.empty.sources_lead")),
    h(
      "ul",
      { class: "empty-sources" },
      h("li", null, t("requests.empty.source_mail", { email: contactEmail })),
      h("li", null, t("requests.empty.source_webhook")),
      h("li", null, t("requests.empty.source_manual")),
    ),
    importButton || newButton ? h("div", { class: "toolbar" }, importButton ?? null, newButton ?? null) : null,
  ]);
}

/** A column header: a button that asks the backend for that order, when the column sorts. */
function header(column: InboxColumn, options: InboxOptions): HTMLElement {
  const cls = column.numeric ? "num" : null;
  if (!column.sort || !options.onSort) return h("th", { scope: "col", class: cls }, column.header);
  const sorted = (options.sort ?? "due_date") === column.sort;
  const state = sorted ? (options.descending ? "descending" : "ascending") : null;
  const sort = column.sort;
  return h(
    "th",
    { scope: "col", class: cls, "aria-sort": state ?? "none" },
    h(
      "button",
      { type: "button", class: "sort", "data-sort-key": sort, "data-testid": `requests-sort-${sort}`, onClick: () => options.onSort!(sort) },
      column.header,
      h("span", { class: "sort-mark", "aria-hidden": "true" }, state === "ascending" ? " \u25B2" : state === "descending" ? " \u25BC" : " \u2195"),
    ),
  );
}

/**
 * Renders one page of the inbox in the order the backend gave, each row marked with its urgency in
 * text ("3 days overdue") as well as colour; or the empty state that says why nothing is shown.
 */
export function renderInbox(rows: RequestRow[], options: InboxOptions = {}): HTMLElement {
  if (rows.length === 0) return emptyInbox(options);
  const columns = inboxColumns();
  return h(
    "div",
    { class: "table-wrap", "data-testid": "requests-table" },
    h(
      "table",
      null,
      h("caption", null, t("requests.inbox.caption")),
      h("thead", null, h("tr", null, columns.map((c) => header(c, options)))),
      h(
        "tbody",
        null,
        rows.map((r) =>
          h(
            "tr",
            {
              "data-testid": "request-row",
              "data-id": r.id,
              "data-type": r.type,
              "data-status": r.status,
              "data-urgency": urgencyOf(r),
              class: `request-row urgency-${urgencyOf(r)}`,
              // The number is the keyboard's way in; a click anywhere else on the row opens it too.
              onClick: (event: Event) => {
                const target = event.target as Element | null;
                if (target?.closest?.("a, button, input, select, textarea")) return;
                window.location.hash = `#/requests/${r.id}`;
              },
            },
            columns.map((c) => h("td", { class: c.numeric ? "num" : null }, c.cell(r))),
          ),
        ),
      ),
    ),
  );
}

/** How many requests match, in words. */
function countText(total: number, query: InboxQuery): string {
  const filtered = isFiltered(query);
  if (query.search !== "") return tn(filtered ? "requests.inbox.count.search_filtered" : "requests.inbox.count.search", total, { query: query.search });
  return tn(filtered ? "requests.inbox.count.filtered" : "requests.inbox.count.all", total);
}

/** Whether the window shows the inbox (so the screen may keep its address up to date). */
const showsInbox = () => /^#\/?requests(\?|$)/.test(window.location.hash);

/** Loads the inbox (or, for `#/requests/<id>`, one request) and wires filters, search, import and forms. */
export async function requestsScreen(api: Api, context?: ScreenContext): Promise<HTMLElement> {
  const idText = context?.path[0];
  if (idText !== undefined) {
    if (!/^\d+$/.test(idText)) throw new Error(t("requests.detail.bad_number", { text: idText }));
    return requestDetailScreen(api, Number(idText), context);
  }
  const imports: ImportMonitor = context?.imports ?? importMonitor(api);
  let query: InboxQuery = context ? inboxQueryFromParams(context.query) : { ...DEFAULT_QUERY };

  /** One page; a page past the end (an old link) becomes the last page. */
  const fetchPage = async (q: InboxQuery): Promise<{ query: InboxQuery; page: Paged<RequestRow> }> => {
    const page = await api.listRequestsPage(pageQuery(q));
    if (page.rows.length === 0 && page.total > 0 && q.offset > 0) {
      const last = { ...q, offset: Math.floor((page.total - 1) / PAGE_SIZE) * PAGE_SIZE };
      return { query: last, page: await api.listRequestsPage(pageQuery(last)) };
    }
    return { query: q, page };
  };

  const [first, jurisdictions] = await Promise.all([fetchPage(query), api.listJurisdictions().catch((): Jurisdiction[] => [])]);
  query = first.query;
  let contact: string | null = null;
  const learnContact = async (page: Paged<RequestRow>) => {
    // Only the empty inbox needs the address; a failure here must not hide the (empty) inbox.
    if (page.total > 0 || contact !== null) return;
    try {
      contact = (await api.dashboard()).contact_email || null;
    } catch {
      /* keep the general wording */
    }
  };
  await learnContact(first.page);

  // --- regions ---------------------------------------------------------------------------
  const tableRegion = h("div", { class: "requests-table-region" });
  const pagerRegion = h("div", { class: "requests-pager-region" });
  const count = h("p", { class: "hint", role: "status", "data-testid": "requests-count" });
  const messages = h("div", { class: "screen-messages", "data-testid": "requests-message", role: "status", tabindex: "-1" });
  const formRegion = h("div", { class: "request-form-region", id: "request-form-region" });

  // --- filters and search ----------------------------------------------------------------
  const searchInput = h("input", {
    id: "requests-search",
    type: "search",
    value: query.search,
    autocomplete: "off",
    spellcheck: "false",
    // The backend reads no more than this of a search.
    maxlength: "256",
    "data-testid": "requests-search",
    "data-shortcut": "search",
    "aria-describedby": "requests-search-hint",
  });
  const clearSearch = h("button", { type: "button", class: "secondary small", "data-testid": "requests-search-clear" }, t("requests.search.clear"));
  const statusSelect = h(
    "select",
    { id: "requests-filter-status", "data-testid": "requests-filter-status" },
    h("option", { value: "" }, t("requests.filters.any_status")),
    REQUEST_STATUSES.map((s) => h("option", { value: s, selected: query.status === s }, statusWord(s))),
  );
  const typeSelect = h(
    "select",
    { id: "requests-filter-type", "data-testid": "requests-filter-type" },
    h("option", { value: "" }, t("requests.filters.any_type")),
    FILTER_TYPES.map((s) => h("option", { value: s, selected: query.type === s }, statusWord(s))),
  );
  const overdueBox = h("input", { id: "requests-filter-overdue", type: "checkbox", checked: query.overdue, "data-testid": "requests-filter-overdue" });
  const withinInput = h("input", {
    id: "requests-filter-due-within",
    type: "number",
    min: "0",
    max: "3660",
    step: "1",
    inputmode: "numeric",
    placeholder: t("requests.filters.due_within_placeholder"),
    value: query.due_within ?? "",
    "data-testid": "requests-filter-due-within",
    "aria-describedby": "requests-filter-due-within-hint requests-filter-error",
  });
  const filterError = h("p", { class: "field-error", id: "requests-filter-error", "data-testid": "requests-filter-error" });
  const clearFilters = h("button", { type: "button", class: "secondary small", "data-testid": "requests-filter-clear" }, t("requests.filters.clear"));

  /** Puts what is shown into the address, without reloading the screen. */
  const keepAddress = () => {
    if (!context || !showsInbox()) return;
    const hash = inboxHash(query);
    if (window.location.hash !== hash) history.replaceState(history.state, "", hash);
  };

  const newButton = h(
    "button",
    { type: "button", class: "secondary", "data-testid": "requests-new", "aria-expanded": "false", "aria-controls": "request-form-region" },
    t("requests.new.button"),
  );

  const show = (page: Paged<RequestRow>) => {
    const filtered = isFiltered(query);
    const handBy = h("button", { type: "button", class: "secondary", "data-testid": "requests-empty-new", onClick: () => openForm() }, t("requests.empty.enter_by_hand"));
    replaceChildren(
      tableRegion,
      renderInbox(page.rows, {
        contactEmail: contact ?? undefined,
        filtered,
        search: query.search,
        importButton: imports.importButton("requests-empty-import"),
        newButton: handBy,
        onClearSearch: () => {
          searchInput.value = "";
          apply();
          searchInput.focus();
        },
        onClearFilters: () => {
          resetFilters();
          apply();
          statusSelect.focus();
        },
        sort: query.sort,
        descending: query.descending,
        onSort: (sort) => {
          // A second click on the sorted column reverses it; a new column starts ascending, except
          // "received", which starts with the newest.
          const descending = sort === query.sort ? !query.descending : sort === "received_at";
          query = { ...query, sort, descending, offset: 0 };
          void reload();
        },
      }),
    );
    replaceChildren(
      pagerRegion,
      page.total > 0
        ? pager({
            total: page.total,
            offset: query.offset,
            limit: PAGE_SIZE,
            testid: "requests-pager",
            label: t("requests.pager.label"),
            onPage: (offset) => {
              query = { ...query, offset };
              void reload();
            },
          })
        : null,
    );
    count.textContent = countText(page.total, query);
    clearFilters.hidden = !filtered;
    clearSearch.hidden = query.search === "" && searchInput.value === "";
    const shown = query;
    rememberInbox(pageQuery(shown), page.rows, page.total, (position) =>
      inboxHash({ ...shown, offset: Math.floor(position / PAGE_SIZE) * PAGE_SIZE }),
    );
    keepAddress();
  };

  /** The control that had focus in the table or pager, to give it back once they are rebuilt. */
  const focusedControl = (): string | null => {
    const active = document.activeElement as HTMLElement | null;
    if (!active || !(tableRegion.contains(active) || pagerRegion.contains(active))) return null;
    if (active.dataset.sortKey) return `[data-sort-key="${active.dataset.sortKey}"]`;
    if (active.dataset.testid) return `[data-testid="${active.dataset.testid}"]`;
    return null;
  };
  const restoreFocus = (selector: string | null) => {
    if (!selector) return;
    const again = tableRegion.querySelector<HTMLElement>(selector) ?? pagerRegion.querySelector<HTMLElement>(selector);
    if (again && !(again as HTMLButtonElement).disabled) {
      again.focus();
      return;
    }
    // The page button that took us to the first or last page is disabled now: the other one.
    const other = pagerRegion.querySelector<HTMLButtonElement>("button:not([disabled])");
    (other ?? tableRegion.querySelector<HTMLElement>("caption, h2"))?.focus();
  };

  let loadGeneration = 0;
  const reload = async () => {
    const mine = ++loadGeneration;
    const focus = focusedControl();
    tableRegion.setAttribute("aria-busy", "true");
    try {
      const result = await fetchPage(query);
      await learnContact(result.page);
      if (mine !== loadGeneration) return;
      query = result.query;
      show(result.page);
      restoreFocus(focus);
    } catch (error) {
      if (mine === loadGeneration) {
        replaceChildren(tableRegion, errorAlert(errorMessage(error)));
        replaceChildren(pagerRegion);
      }
    } finally {
      if (mine === loadGeneration) tableRegion.removeAttribute("aria-busy");
    }
  };

  const resetFilters = () => {
    statusSelect.value = "";
    typeSelect.value = "";
    overdueBox.checked = false;
    withinInput.value = "";
  };

  /** Reads the filters and the search; when they changed, shows their first page. */
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  const apply = () => {
    clearTimeout(searchTimer);
    replaceChildren(filterError);
    withinInput.removeAttribute("aria-invalid");
    const within = withinInput.value.trim();
    if (within !== "" && !/^\d{1,4}$/.test(within)) {
      withinInput.setAttribute("aria-invalid", "true");
      replaceChildren(filterError, h("span", { role: "alert" }, t("requests.filters.due_within_error")));
      return;
    }
    const next: InboxQuery = {
      ...query,
      status: statusSelect.value || null,
      type: typeSelect.value || null,
      overdue: overdueBox.checked,
      due_within: within === "" ? null : Number(within),
      search: searchInput.value.trim(),
      offset: 0,
    };
    clearSearch.hidden = next.search === "" && searchInput.value === "";
    const same = (Object.keys(next) as Array<keyof InboxQuery>).every((key) => key === "offset" || next[key] === query[key]);
    if (same) return;
    query = next;
    void reload();
  };

  statusSelect.addEventListener("change", apply);
  typeSelect.addEventListener("change", apply);
  overdueBox.addEventListener("change", apply);
  withinInput.addEventListener("change", apply);
  searchInput.addEventListener("input", () => {
    clearTimeout(searchTimer);
    clearSearch.hidden = searchInput.value === "" && query.search === "";
    // A screen left while the timer ran searches nothing.
    searchTimer = setTimeout(() => root.isConnected && apply(), SEARCH_DELAY_MS);
  });
  searchInput.addEventListener("keydown", (event: KeyboardEvent) => {
    if (event.key === "Enter") {
      event.preventDefault();
      apply();
    } else if (event.key === "Escape" && searchInput.value !== "") {
      event.preventDefault();
      event.stopPropagation();
      searchInput.value = "";
      apply();
    }
  });
  clearSearch.addEventListener("click", () => {
    searchInput.value = "";
    apply();
    searchInput.focus();
  });
  clearFilters.addEventListener("click", () => {
    resetFilters();
    apply();
    statusSelect.focus();
  });

  const filters = h(
    "form",
    {
      class: "filters",
      role: "search",
      "aria-label": t("requests.filters.label"),
      "data-testid": "requests-filters",
      onSubmit: (event: Event) => {
        event.preventDefault();
        apply();
      },
    },
    h(
      "div",
      { class: "field requests-search" },
      h("label", { for: "requests-search" }, t("requests.search.label")),
      searchInput,
      h("p", { class: "hint", id: "requests-search-hint" }, t("requests.search.hint")),
    ),
    clearSearch,
    h("div", { class: "field" }, h("label", { for: "requests-filter-status" }, t("requests.filters.status")), statusSelect),
    h("div", { class: "field" }, h("label", { for: "requests-filter-type" }, t("requests.filters.type")), typeSelect),
    h("div", { class: "field checkbox" }, overdueBox, h("label", { for: "requests-filter-overdue" }, t("requests.filters.overdue"))),
    h(
      "div",
      { class: "field" },
      h("label", { for: "requests-filter-due-within" }, t("requests.filters.due_within")),
      withinInput,
      h("p", { class: "hint", id: "requests-filter-due-within-hint" }, t("requests.filters.due_within_hint")),
      filterError,
    ),
    clearFilters,
  );

  // --- manual entry ----------------------------------------------------------------------
  const closeForm = () => {
    replaceChildren(formRegion);
    newButton.setAttribute("aria-expanded", "false");
  };
  const form = requestForm(
    api,
    jurisdictions,
    (row) => {
      closeForm();
      const who = row.requester_email ?? t("requests.new.added_someone");
      replaceChildren(
        messages,
        h(
          "p",
          { class: "ok" },
          addedText(row, who),
          " ",
          h("a", { href: `#/requests/${row.id}` }, t("requests.inbox.open", { id: String(row.id) })),
        ),
      );
      messages.focus();
      void reload();
    },
    () => {
      closeForm();
      newButton.focus();
    },
  );
  const openForm = () => {
    replaceChildren(formRegion, form.element);
    newButton.setAttribute("aria-expanded", "true");
    form.reset();
  };
  newButton.addEventListener("click", () => {
    if (formRegion.firstChild) {
      closeForm();
      return;
    }
    openForm();
  });

  // --- export ----------------------------------------------------------------------------
  const exportResult = h("div", { class: "export-panel", "aria-live": "polite", "data-testid": "requests-export-result" });
  const exportButton = (format: "csv" | "ics", label: string) => {
    const button = h("button", { type: "button", class: "secondary", "data-testid": `requests-export-${format}` }, label);
    button.addEventListener("click", async () => {
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
      replaceChildren(exportResult);
      try {
        const saved = await api.exportRequests(format);
        replaceChildren(
          exportResult,
          saved
            ? h(
                "p",
                { class: "export-result", "data-outcome": "exported", "data-format": format },
                messageParts(format === "csv" ? t("requests.export.saved_csv") : t("requests.export.saved_ics"), {
                  path: h("code", { "data-testid": "requests-export-path" }, saved.path),
                }),
              )
            : h("p", { class: "export-result", "data-outcome": "cancelled", "data-format": format }, t("requests.export.cancelled")),
        );
      } catch (error) {
        replaceChildren(exportResult, errorAlert(errorMessage(error), t("requests.export.failed")));
      } finally {
        button.disabled = false;
        button.removeAttribute("aria-busy");
      }
    });
    return button;
  };

  const importTool = imports.importButton("requests-import");
  importTool.setAttribute("data-shortcut", "import");

  show(first.page);
  const root = h(
    "div",
    { class: "screen requests-screen", "data-testid": "requests" },
    screenTitle(t("requests.title"), t("requests.lead")),
    h(
      "div",
      { class: "toolbar", role: "group", "aria-label": t("requests.toolbar.label") },
      importTool,
      newButton,
      exportButton("csv", t("requests.export.csv")),
      exportButton("ics", t("requests.export.ics")),
    ),
    h("p", { class: "hint drop-hint", "data-testid": "requests-drop-hint" }, t("requests.drop_hint")),
    // Outside the shell (tests, or a screen shown on its own), the screen shows its own imports.
    context?.imports ? null : imports.element,
    exportResult,
    messages,
    formRegion,
    filters,
    count,
    tableRegion,
    pagerRegion,
  );
  imports.afterImport(root, () => void reload());
  return root;
}

/** The sentence that confirms a request entered by hand. */
function addedText(row: RequestRow, who: string): string {
  const params = { id: String(row.id), email: who, date: row.due_date ? formatDate(row.due_date) : "", rule: row.rule ?? "" };
  if (!row.due_date) return t("requests.new.added", params);
  return row.rule ? t("requests.new.added_due_rule", params) : t("requests.new.added_due", params);
}
