/**
 * Processors: the third-party service providers that process data for the company under a
 * confidentiality agreement or DPA (policy §6). A table to sort, filter and search; a form checked
 * field by field as the officer types; retirement with a reason; spreadsheet import and export.
 */
import { errorMessage, type Api, type Processor, type ProcessorInput, type ProcessorRecord } from "../api";
import { h, replaceChildren } from "../h";
import { badge, calendarDate, errorAlert, screenTitle } from "../view";
import { formDialog, validatedForm, type FieldSpec, type FormDialog } from "./register-form";
import {
  days,
  daysBetween,
  emptyRegister,
  localToday,
  matchCount,
  matchesSearch,
  nextSort,
  noMatches,
  searchBox,
  selectField,
  sortableTable,
  type SortColumn,
  type SortState,
} from "./register-table";
import { sheetControls } from "./register-sheets";

/** Confidentiality codes in the officers' words. */
export const CONFIDENTIALITY: ReadonlyArray<readonly [string, string]> = [
  ["none", "None"],
  ["pending", "Pending (being negotiated)"],
  ["confidentiality_agreement", "Confidentiality agreement"],
  ["dpa", "Data processing agreement (DPA)"],
];

const CONFIDENTIALITY_SHORT: Record<string, string> = {
  none: "None",
  pending: "Pending",
  confidentiality_agreement: "Confidentiality agreement",
  dpa: "DPA",
};

/** How many days ahead a review date counts as coming up. */
export const REVIEW_WARNING_DAYS = 30;

/** What the table shows: a search, a status filter and a sort. */
export interface ProcessorView {
  search: string;
  /** "" for every status. */
  status: string;
  sort: SortState | null;
}

export const DEFAULT_PROCESSOR_VIEW: ProcessorView = { search: "", status: "", sort: null };

/** What a row's buttons ask for. */
export interface ProcessorActions {
  edit(p: Processor): void;
  retire(p: Processor): void;
}

/** The processors the search (name, service, country) and the status filter let through. */
export function filterProcessors(rows: readonly Processor[], view: ProcessorView): Processor[] {
  return rows.filter((p) => (view.status === "" || p.status === view.status) && matchesSearch(view.search, [p.name, p.service, p.country]));
}

/** A flag for an active processor whose review is past, near (within 30 days) or undated. */
export function reviewFlag(p: Pick<Processor, "next_review" | "status">, today: string): { kind: "overdue" | "soon" | "missing"; text: string } | null {
  if (p.status !== "active") return null;
  if (!p.next_review) return { kind: "missing", text: "No review date" };
  const left = daysBetween(today, p.next_review);
  if (left < 0) return { kind: "overdue", text: `Review overdue by ${days(-left)}` };
  if (left === 0) return { kind: "soon", text: "Review due today" };
  if (left <= REVIEW_WARNING_DAYS) return { kind: "soon", text: `Review due in ${days(left)}` };
  return null;
}

function processorColumns(actions: ProcessorActions, today: string): SortColumn<Processor>[] {
  return [
    { key: "name", header: "Name", cell: (p) => p.name, sortValue: (p) => p.name },
    { key: "service", header: "Service", cell: (p) => p.service, sortValue: (p) => p.service },
    { key: "country", header: "Country", cell: (p) => p.country, sortValue: (p) => p.country },
    {
      key: "confidentiality",
      header: "Confidentiality / DPA",
      cell: (p) => CONFIDENTIALITY_SHORT[p.confidentiality] ?? p.confidentiality,
      sortValue: (p) => CONFIDENTIALITY_SHORT[p.confidentiality] ?? p.confidentiality,
    },
    {
      key: "next_review",
      header: "Next review",
      cell: (p) => {
        const flag = reviewFlag(p, today);
        return [
          calendarDate(p.next_review),
          flag ? [" ", h("span", { class: `badge badge-review-${flag.kind}`, "data-testid": "review-flag", "data-kind": flag.kind }, flag.text)] : null,
        ];
      },
      sortValue: (p) => p.next_review,
    },
    { key: "status", header: "Status", cell: (p) => badge(p.status), sortValue: (p) => p.status },
    {
      key: "actions",
      header: "Actions",
      cell: (p) =>
        h(
          "div",
          { class: "row-actions" },
          h("button", { type: "button", class: "secondary small", "data-testid": "processor-edit", "data-id": p.id, "aria-label": `Edit ${p.name}`, "aria-haspopup": "dialog", onClick: () => actions.edit(p) }, "Edit"),
          p.status === "active"
            ? h("button", { type: "button", class: "secondary small", "data-testid": "processor-retire", "data-id": p.id, "aria-label": `Retire ${p.name}\u2026`, "aria-haspopup": "dialog", onClick: () => actions.retire(p) }, "Retire\u2026")
            : null,
        ),
    },
  ];
}

/**
 * The processors table for a view: sorted, filtered and searched, or a note when the search hides
 * every row. (An empty register is the screen's empty state, not this.)
 */
export function renderProcessorTable(rows: readonly Processor[], view: ProcessorView, actions: ProcessorActions, onSort: (key: string) => void, today: string = localToday()): HTMLElement {
  const shown = filterProcessors(rows, view);
  if (shown.length === 0) return noMatches("processors", rows.length, "processors");
  return sortableTable({
    caption: shown.length === rows.length ? "Processors" : `Processors (${shown.length} of ${rows.length} shown)`,
    testid: "processors-table",
    columns: processorColumns(actions, today),
    rows: shown,
    sort: view.sort,
    onSort,
    rowAttrs: (p) => ({ "data-testid": "processor-row", "data-id": p.id, "data-status": p.status }),
  });
}

const EMPTY_TEXT =
  "This register lists every third-party service provider that processes data for the company (hosting, e-mail, support tools…), which under policy §6 may only happen under a confidentiality agreement or DPA: what each does and where, the agreement and its date, the contract and the next review. Add the first one, or import the spreadsheet you keep today.";

/** The processor form's fields, filled from `p` when editing. */
export function processorFields(p: ProcessorRecord | null): FieldSpec[] {
  const v = (value: string | null | undefined) => value ?? "";
  const fields: FieldSpec[] = [
    { name: "name", label: "Name", required: true, value: v(p?.name), hint: "The provider's legal name." },
    { name: "service", label: "Service", required: true, value: v(p?.service), hint: "What it does for the company, e.g. hosting, e-mail delivery, support desk." },
    { name: "purpose", label: "Purpose", required: true, value: v(p?.purpose), hint: "Why it processes the data." },
    { name: "data_categories", label: "Data categories", value: p ? p.data_categories.join("; ") : "", hint: "The personal data it handles, separated by ; (e.g. merchant contact details; order data)." },
    { name: "country", label: "Country", required: true, value: v(p?.country), hint: "Where it processes data: an ISO country code such as HK, SG or US, or EU.", attrs: { autocapitalize: "characters", spellcheck: "false" } },
    { name: "transfer_mechanism", label: "Transfer mechanism", value: v(p?.transfer_mechanism), hint: "How a transfer out of Hong Kong is safeguarded, e.g. contractual clauses." },
    { name: "confidentiality", label: "Confidentiality / DPA", type: "select", options: CONFIDENTIALITY, value: p?.confidentiality ?? "none" },
    { name: "confidentiality_date", label: "Signed on", type: "date", value: v(p?.confidentiality_date), hint: "The date the confidentiality agreement or DPA was signed; required for either." },
    { name: "contract_start", label: "Contract start", type: "date", value: v(p?.contract_start) },
    { name: "contract_end", label: "Contract end", type: "date", value: v(p?.contract_end) },
    { name: "next_review", label: "Next review", type: "date", value: v(p?.next_review), hint: "When the arrangement is next reviewed; an active processor needs one." },
  ];
  if (p) {
    fields.push({ name: "status", label: "Status", type: "select", options: [["active", "Active"], ["retired", "Retired"]], value: p.status });
  }
  fields.push({ name: "notes", label: "Notes", type: "textarea", value: v(p?.notes) });
  return fields;
}

/** Opens the add (`existing` null) or edit form; `saved` receives the stored record. */
export function processorDialog(api: Api, existing: ProcessorRecord | null, saved: (p: ProcessorRecord) => void, closed: () => void): FormDialog {
  const id = existing?.id ?? null;
  const form = validatedForm({
    prefix: "processor",
    heading: existing ? `Edit ${existing.name}` : "Add a processor",
    intro: h("p", { class: "hint" }, "Each field is checked as you type; problems show under the field."),
    fields: processorFields(existing),
    check: (values) => api.checkProcessor(id, values as ProcessorInput),
    submit: async (values) => {
      const record = await api.saveProcessor(id, values as ProcessorInput);
      dialog.close();
      saved(record);
    },
    submitLabel: existing ? "Save changes" : "Add processor",
    onCancel: () => dialog.close(),
  });
  const dialog = formDialog("processor", form, closed);
  return dialog;
}

/** The retire dialog: an optional reason, then the backend's answer. */
function retireDialog(api: Api, p: Processor, retired: (r: ProcessorRecord) => void, closed: () => void): FormDialog {
  const reason = h("textarea", { id: "processor-retire-reason", rows: "3", "data-testid": "processor-retire-reason", "aria-describedby": "processor-retire-reason-hint" });
  const errors = h("div", { class: "form-errors", "data-testid": "processor-retire-error" });
  const confirm = h("button", { type: "submit", "data-testid": "processor-retire-confirm" }, "Retire");
  const cancel = h("button", { type: "button", class: "secondary", "data-testid": "processor-retire-cancel" }, "Cancel");
  const form = h(
    "form",
    { class: "register-form", novalidate: true, "aria-labelledby": "processor-retire-form-heading", "data-testid": "processor-retire-form" },
    h("h2", { id: "processor-retire-form-heading" }, `Retire ${p.name}?`),
    h("p", null, "A retired processor no longer processes data for the company. It stays in the register, with this reason in the audit log."),
    h("div", { class: "field" }, h("label", { for: "processor-retire-reason" }, "Reason"), reason, h("p", { class: "hint", id: "processor-retire-reason-hint" }, "Optional, e.g. contract ended, replaced by another provider.")),
    errors,
    h("div", { class: "dialog-actions" }, cancel, confirm),
  );
  const dialog = formDialog("processor-retire", form, closed);
  cancel.addEventListener("click", () => dialog.close());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    confirm.disabled = cancel.disabled = true;
    replaceChildren(errors);
    try {
      const text = reason.value.trim();
      const record = await api.retireProcessor(p.id, text === "" ? null : text);
      dialog.close();
      retired(record);
    } catch (error) {
      replaceChildren(errors, errorAlert(errorMessage(error), "Not retired."));
    } finally {
      confirm.disabled = cancel.disabled = false;
    }
  });
  return dialog;
}

/** The whole screen for `initial` processors, wired to the backend. */
export function renderProcessors(initial: Processor[], api: Api, today: string = localToday()): HTMLElement {
  let rows = initial;
  const view: ProcessorView = { ...DEFAULT_PROCESSOR_VIEW };
  const messages = h("div", { class: "screen-messages", role: "status", "data-testid": "processors-message" });
  const region = h("div", { class: "register-region" });
  const dialogSlot = h("div", { class: "dialog-slot" });

  const say = (text: string) => replaceChildren(messages, h("p", { class: "ok" }, text));
  const reload = async () => {
    try {
      rows = await api.listProcessors();
      show();
    } catch (error) {
      replaceChildren(messages, errorAlert(errorMessage(error)));
    }
  };
  const sheets = sheetControls(api, "processors", "processors", reload);

  const add = h("button", { type: "button", "data-testid": "processors-add", "aria-haspopup": "dialog" }, "Add processor\u2026");
  const focusRow = (id: number) => region.querySelector<HTMLElement>(`[data-testid="processor-edit"][data-id="${id}"]`)?.focus();

  let dialog: FormDialog | null = null;
  const openInSlot = (d: FormDialog, returnFocus: () => void) => {
    dialog = d;
    replaceChildren(dialogSlot, d.element);
    d.element.addEventListener("close", returnFocus, { once: true });
    d.open();
  };

  const openForm = async (existing: Processor | null) => {
    if (dialog) return;
    replaceChildren(messages);
    let record: ProcessorRecord | null = null;
    if (existing) {
      try {
        record = await api.getProcessor(existing.id);
      } catch (error) {
        replaceChildren(messages, errorAlert(errorMessage(error)));
        return;
      }
    }
    const d = processorDialog(
      api,
      record,
      async (p) => {
        await reload();
        say(record ? `Saved ${p.name}.` : `Added ${p.name}.`);
        focusRow(p.id);
      },
      () => {
        dialog = null;
        replaceChildren(dialogSlot);
      },
    );
    openInSlot(d, () => {
      if (!existing) add.focus();
    });
  };

  const actions: ProcessorActions = {
    edit: (p) => void openForm(p),
    retire: (p) => {
      if (dialog) return;
      replaceChildren(messages);
      openInSlot(
        retireDialog(
          api,
          p,
          async (r) => {
            await reload();
            say(`Retired ${r.name}.`);
            focusRow(r.id);
          },
          () => {
            dialog = null;
            replaceChildren(dialogSlot);
          },
        ),
        () => undefined,
      );
    },
  };

  const count = matchCount();
  const search = searchBox("processors-search", "Search", "Matches name, service or country.", (q) => {
    view.search = q;
    showTable();
  });
  const status = selectField(
    "processors-status-filter",
    "Status",
    [["", "All statuses"], ["active", "Active"], ["retired", "Retired"]],
    "",
    (value) => {
      view.status = value;
      showTable();
    },
  );
  const controls = h("div", { class: "register-filters", role: "search", "aria-label": "Filter processors" }, search.element, status.element, count.element);
  const tableRegion = h("div");

  const onSort = (key: string) => {
    view.sort = nextSort(view.sort, key);
    showTable();
    tableRegion.querySelector<HTMLElement>(`button[data-sort-key="${key}"]`)?.focus();
  };
  const showTable = () => {
    replaceChildren(tableRegion, renderProcessorTable(rows, view, actions, onSort, today));
    count.update(filterProcessors(rows, view).length, rows.length, rows.length === 1 ? "processor" : "processors");
  };

  const show = () => {
    controls.hidden = rows.length === 0;
    if (rows.length === 0) {
      const emptyAdd = h("button", { type: "button", "data-testid": "processors-empty-add", "aria-haspopup": "dialog", onClick: () => void openForm(null) }, "Add processor\u2026");
      const emptyImport = h("button", { type: "button", class: "secondary", "data-testid": "processors-empty-import", onClick: () => void sheets.runImport() }, "Import spreadsheet\u2026");
      replaceChildren(region, emptyRegister("No processors recorded yet", EMPTY_TEXT, "processors", [emptyAdd, emptyImport]));
    } else {
      replaceChildren(region, tableRegion);
      showTable();
    }
  };

  add.addEventListener("click", () => void openForm(null));
  show();

  return h(
    "div",
    { class: "screen", "data-testid": "processors" },
    screenTitle("Processors", "Service providers that process data for the company, each bound by a confidentiality agreement or DPA (policy \u00a76)."),
    h("div", { class: "toolbar", role: "group", "aria-label": "Processor actions" }, add, sheets.importButton, sheets.exportButtons),
    sheets.results,
    messages,
    controls,
    region,
    dialogSlot,
  );
}

export async function processorsScreen(api: Api): Promise<HTMLElement> {
  return renderProcessors(await api.listProcessors(), api);
}
