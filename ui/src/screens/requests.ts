/**
 * Requests: the rights-request inbox, soonest deadline first, coloured as deadlines near; filters;
 * import of saved mail (native dialog, or files dropped on the window); manual entry; CSV and
 * calendar export. `#/requests/<id>` shows one request (see request-detail.ts).
 */
import { errorMessage, type Api, type Jurisdiction, type RequestFilter, type RequestRow } from "../api";
import { h, replaceChildren, type Child } from "../h";
import { importMonitor, type ImportMonitor } from "../import-monitor";
import type { ScreenContext } from "../routes";
import { badge, calendarDate, dataTable, errorAlert, screenTitle } from "../view";
import { requestDetailScreen } from "./request-detail";
import { requestForm } from "./request-form";
import { daysLeftText, REQUEST_STATUSES, shortRule, sortInbox, urgencyOf, words } from "./request-terms";

const FALLBACK_CONTACT = "the privacy contact address";

/** The sentence that stands in for an empty inbox. */
export function emptyInboxText(contactEmail: string): string {
  return `No rights requests yet. Requests that arrive at ${contactEmail} will be logged here with their statutory due dates.`;
}

/** No filter: every request. */
export const NO_FILTER: RequestFilter = { status: null, overdue: false, due_within: null };

/** True when `filter` selects anything less than every request. */
export function isFiltered(filter: RequestFilter): boolean {
  return filter.status !== null || filter.overdue || filter.due_within !== null;
}

/** The filter a link asks for: `#/requests?status=received&overdue=1&due_within=7`. */
export function filterFromQuery(query: URLSearchParams): RequestFilter {
  const status = query.get("status");
  const overdue = query.get("overdue");
  const within = query.get("due_within") ?? query.get("due-within");
  return {
    status: status && (REQUEST_STATUSES as readonly string[]).includes(status) ? status : null,
    overdue: overdue !== null && overdue !== "0" && overdue !== "false",
    due_within: within !== null && /^\d{1,4}$/.test(within) ? Number(within) : null,
  };
}

/** An address that may wrap before its "@" in a narrow column (the text stays the same). */
function breakableEmail(email: string): Child[] {
  const at = email.indexOf("@");
  return at > 0 ? [email.slice(0, at), h("wbr"), email.slice(at)] : [email];
}

/** The requester in one cell: the name over the address. */
function requester(r: RequestRow): Child {
  if (!r.requester_name && !r.requester_email) return h("span", { class: "none", "aria-label": "none" }, "\u2014");
  return h(
    "span",
    { class: "requester" },
    r.requester_name ? h("span", { class: "requester-name" }, r.requester_name) : null,
    r.requester_email ? h("span", { class: "requester-email" }, breakableEmail(r.requester_email)) : null,
  );
}

/** The options of the inbox table. */
export interface InboxOptions {
  /** The address requests arrive at, for the empty state. */
  contactEmail?: string;
  /** True when a filter hides some requests: the empty state then says none match. */
  filtered?: boolean;
  /** Shown in the empty state of an unfiltered inbox: the way to fill it. */
  importButton?: HTMLElement;
}

/**
 * Renders the inbox: soonest due first (overdue at the top), each row marked with its urgency in
 * text ("3 days overdue") as well as colour; or the empty state.
 */
export function renderInbox(rows: RequestRow[], options: InboxOptions = {}): HTMLElement {
  const { contactEmail = FALLBACK_CONTACT, filtered = false, importButton } = options;
  return dataTable({
    caption: "Rights requests",
    testid: "requests-table",
    rows: sortInbox(rows),
    empty: filtered
      ? "No requests match these filters. Clear the filters to see every request."
      : emptyInboxText(contactEmail),
    emptyExtra: filtered ? null : (importButton ?? null),
    rowAttrs: (r) => ({
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
    }),
    columns: [
      { header: "No.", cell: (r) => h("a", { href: `#/requests/${r.id}`, "aria-label": `Open request ${r.id}` }, String(r.id)), numeric: true },
      { header: "Type", cell: (r) => (r.type === "needs_triage" ? badge(r.type) : words(r.type)) },
      { header: "Requester", cell: requester },
      { header: "Received", cell: (r) => calendarDate(r.received_on ?? r.received_at.slice(0, 10)) },
      { header: "Due", cell: (r) => calendarDate(r.due_date) },
      {
        header: "Days left",
        cell: (r) => h("span", { class: `days-left days-left-${urgencyOf(r)}`, "data-testid": "request-days-left" }, daysLeftText(r)),
      },
      { header: "Status", cell: (r) => badge(r.status) },
      { header: "Jurisdiction", cell: (r) => r.jurisdiction },
      {
        header: "Rule",
        cell: (r) => (r.rule ? h("span", { class: "rule", title: r.rule }, shortRule(r.rule)) : h("span", { class: "none", "aria-label": "none" }, "\u2014")),
      },
    ],
  });
}

/** How many requests are shown, in words. */
function countText(n: number, filtered: boolean): string {
  const what = `${n} ${n === 1 ? "request" : "requests"}`;
  return filtered ? `${what} match the filters.` : `${what} in the register.`;
}

/** Loads the inbox (or, for `#/requests/<id>`, one request) and wires filters, import and forms. */
export async function requestsScreen(api: Api, context?: ScreenContext): Promise<HTMLElement> {
  const idText = context?.path[0];
  if (idText !== undefined) {
    if (!/^\d+$/.test(idText)) throw new Error(`"${idText}" is not a request number. Open a request from the Requests inbox.`);
    return requestDetailScreen(api, Number(idText), context);
  }
  const imports: ImportMonitor = context?.imports ?? importMonitor(api);
  let filter = context ? filterFromQuery(context.query) : NO_FILTER;

  const [first, jurisdictions] = await Promise.all([
    api.listRequests(isFiltered(filter) ? filter : null),
    api.listJurisdictions().catch((): Jurisdiction[] => []),
  ]);
  let contact = FALLBACK_CONTACT;
  const learnContact = async (rows: RequestRow[]) => {
    // Only the empty state needs the address; a failure here must not hide the (empty) inbox.
    if (rows.length > 0 || contact !== FALLBACK_CONTACT) return;
    try {
      contact = (await api.dashboard()).contact_email || FALLBACK_CONTACT;
    } catch {
      /* keep the fallback wording */
    }
  };
  await learnContact(first);

  // --- regions ---------------------------------------------------------------------------
  const tableRegion = h("div", { class: "requests-table-region" });
  const count = h("p", { class: "hint", role: "status", "data-testid": "requests-count" });
  const messages = h("div", { class: "screen-messages", "data-testid": "requests-message", role: "status", tabindex: "-1" });
  const formRegion = h("div", { class: "request-form-region", id: "request-form-region" });

  const show = (rows: RequestRow[]) => {
    const filtered = isFiltered(filter);
    replaceChildren(
      tableRegion,
      renderInbox(rows, { contactEmail: contact, filtered, importButton: imports.importButton("requests-empty-import") }),
    );
    count.textContent = countText(rows.length, filtered);
  };

  let loadGeneration = 0;
  const reload = async () => {
    const mine = ++loadGeneration;
    tableRegion.setAttribute("aria-busy", "true");
    try {
      const rows = await api.listRequests(isFiltered(filter) ? filter : null);
      await learnContact(rows);
      if (mine === loadGeneration) show(rows);
    } catch (error) {
      if (mine === loadGeneration) replaceChildren(tableRegion, errorAlert(errorMessage(error)));
    } finally {
      if (mine === loadGeneration) tableRegion.removeAttribute("aria-busy");
    }
  };

  // --- filters ---------------------------------------------------------------------------
  const statusSelect = h(
    "select",
    { id: "requests-filter-status", "data-testid": "requests-filter-status" },
    h("option", { value: "" }, "Any status"),
    REQUEST_STATUSES.map((s) => h("option", { value: s, selected: filter.status === s }, words(s))),
  );
  const overdueBox = h("input", { id: "requests-filter-overdue", type: "checkbox", checked: filter.overdue, "data-testid": "requests-filter-overdue" });
  const withinInput = h("input", {
    id: "requests-filter-due-within",
    type: "number",
    min: "0",
    max: "3660",
    step: "1",
    inputmode: "numeric",
    placeholder: "any",
    value: filter.due_within ?? "",
    "data-testid": "requests-filter-due-within",
    "aria-describedby": "requests-filter-due-within-hint requests-filter-error",
  });
  const filterError = h("p", { class: "field-error", id: "requests-filter-error", "data-testid": "requests-filter-error" });
  const clearFilters = h("button", { type: "button", class: "secondary small", "data-testid": "requests-filter-clear" }, "Clear filters");

  const applyFilters = () => {
    replaceChildren(filterError);
    withinInput.removeAttribute("aria-invalid");
    const within = withinInput.value.trim();
    if (within !== "" && !/^\d{1,4}$/.test(within)) {
      withinInput.setAttribute("aria-invalid", "true");
      replaceChildren(filterError, h("span", { role: "alert" }, "Due within: enter a whole number of days, or leave it empty for any."));
      return;
    }
    filter = { status: statusSelect.value || null, overdue: overdueBox.checked, due_within: within === "" ? null : Number(within) };
    clearFilters.hidden = !isFiltered(filter);
    void reload();
  };
  statusSelect.addEventListener("change", applyFilters);
  overdueBox.addEventListener("change", applyFilters);
  withinInput.addEventListener("change", applyFilters);
  clearFilters.addEventListener("click", () => {
    statusSelect.value = "";
    overdueBox.checked = false;
    withinInput.value = "";
    applyFilters();
    statusSelect.focus();
  });
  clearFilters.hidden = !isFiltered(filter);

  const filters = h(
    "form",
    {
      class: "filters",
      role: "search",
      "aria-label": "Filter requests",
      "data-testid": "requests-filters",
      onSubmit: (event: Event) => {
        event.preventDefault();
        applyFilters();
      },
    },
    h("div", { class: "field" }, h("label", { for: "requests-filter-status" }, "Status"), statusSelect),
    h("div", { class: "field checkbox" }, overdueBox, h("label", { for: "requests-filter-overdue" }, "Overdue only")),
    h(
      "div",
      { class: "field" },
      h("label", { for: "requests-filter-due-within" }, "Due within (days)"),
      withinInput,
      h("p", { class: "hint", id: "requests-filter-due-within-hint" }, "Open requests due from today to that many days ahead."),
      filterError,
    ),
    clearFilters,
  );

  // --- manual entry ----------------------------------------------------------------------
  const newButton = h(
    "button",
    { type: "button", class: "secondary", "data-testid": "requests-new", "aria-expanded": "false", "aria-controls": "request-form-region" },
    "New request\u2026",
  );
  const closeForm = () => {
    replaceChildren(formRegion);
    newButton.setAttribute("aria-expanded", "false");
  };
  const form = requestForm(
    api,
    jurisdictions,
    (row) => {
      closeForm();
      replaceChildren(
        messages,
        h(
          "p",
          { class: "ok" },
          `Added request ${row.id} from ${row.requester_email ?? "the requester"}`,
          row.due_date ? `, due ${row.due_date}${row.rule ? ` (${row.rule})` : ""}. ` : ". ",
          h("a", { href: `#/requests/${row.id}` }, `Open request ${row.id}`),
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
  newButton.addEventListener("click", () => {
    if (formRegion.firstChild) {
      closeForm();
      return;
    }
    replaceChildren(formRegion, form.element);
    newButton.setAttribute("aria-expanded", "true");
    form.reset();
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
                format === "csv" ? "Requests saved as CSV to " : "Open deadlines saved as a calendar (one event per due date, with a reminder) to ",
                h("code", { "data-testid": "requests-export-path" }, saved.path),
                ".",
              )
            : h("p", { class: "export-result", "data-outcome": "cancelled", "data-format": format }, "Export cancelled; nothing was written."),
        );
      } catch (error) {
        replaceChildren(exportResult, errorAlert(errorMessage(error), "Not exported."));
      } finally {
        button.disabled = false;
        button.removeAttribute("aria-busy");
      }
    });
    return button;
  };

  show(first);
  const root = h(
    "div",
    { class: "screen requests-screen", "data-testid": "requests" },
    screenTitle("Requests", "Requests for access, correction, deletion or withdrawal of authorization, with the deadline each rule sets."),
    h(
      "div",
      { class: "toolbar", role: "group", "aria-label": "Requests" },
      imports.importButton("requests-import"),
      newButton,
      exportButton("csv", "Export CSV"),
      exportButton("ics", "Export calendar (.ics)"),
    ),
    h(
      "p",
      { class: "hint drop-hint", "data-testid": "requests-drop-hint" },
      "Drop .eml or .mbox files anywhere on this window to import them.",
    ),
    // Outside the shell (tests, or a screen shown on its own), the screen shows its own imports.
    context?.imports ? null : imports.element,
    exportResult,
    messages,
    formRegion,
    filters,
    count,
    tableRegion,
  );
  imports.afterImport(root, () => void reload());
  return root;
}
