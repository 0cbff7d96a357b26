/**
 * Processors: the third-party service providers that process data for the company under a
 * confidentiality agreement or DPA (policy §6). A table to sort, filter and search; a form checked
 * field by field as the officer types; retirement with a reason; spreadsheet import and export.
 */
import { errorMessage, type Api, type Processor, type ProcessorInput, type ProcessorRecord } from "../api";
import { h, replaceChildren, type Child } from "../h";
import { locale, t, tn, tOptional } from "../i18n";
import { badge, calendarDate, errorAlert, screenTitle, statusWord } from "../view";
import { formDialog, validatedForm, type FieldSpec, type FormDialog } from "./register-form";
import {
  capitalised,
  daysBetween,
  emptyRegister,
  localisedOptions,
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
  words,
} from "./register-table";
import { sheetControls } from "./register-sheets";

/** The confidentiality codes the register knows. */
const CONFIDENTIALITY_CODES = ["none", "pending", "confidentiality_agreement", "dpa"] as const;

/** Confidentiality codes in the officers' words, in the language chosen when read. */
export const CONFIDENTIALITY: ReadonlyArray<readonly [string, string]> = localisedOptions(
  CONFIDENTIALITY_CODES,
  (code) => tOptional(`registers.processors.confidentiality.${code}`) ?? words(code),
);

/** A confidentiality code as the table shows it ("DPA"). */
function confidentialityShort(code: string): string {
  return tOptional(`registers.processors.confidentiality_short.${code}`) ?? words(code);
}

/** Region names, per language (made once: a table or a search asks for many). */
const regionNames = new Map<string, Intl.DisplayNames>();

/** A country code's name in the chosen language ("Singapore", "新加坡"), when the browser knows it. */
function regionName(code: string): string | undefined {
  const lang = locale();
  try {
    let names = regionNames.get(lang);
    if (!names) regionNames.set(lang, (names = new Intl.DisplayNames([lang], { type: "region" })));
    const name = names.of(code.toUpperCase());
    return name && name.toUpperCase() !== code.toUpperCase() ? name : undefined;
  } catch {
    return undefined; // not a region code: shown as stored
  }
}

/** A country code with its name in the chosen language: "Singapore (SG)", "新加坡（SG）". */
function countryName(code: string): Child {
  const name = regionName(code);
  return name ? t("registers.processors.country_cell", { name, code }) : code;
}

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

/** The processors the search (name, service, country code or name) and the status filter let through. */
export function filterProcessors(rows: readonly Processor[], view: ProcessorView): Processor[] {
  return rows.filter((p) => (view.status === "" || p.status === view.status) && matchesSearch(view.search, [p.name, p.service, p.country, regionName(p.country)]));
}

/** A flag for an active processor whose review is past, near (within 30 days) or undated. */
export function reviewFlag(p: Pick<Processor, "next_review" | "status">, today: string): { kind: "overdue" | "soon" | "missing"; text: string } | null {
  if (p.status !== "active") return null;
  if (!p.next_review) return { kind: "missing", text: t("registers.processors.review_missing") };
  const left = daysBetween(today, p.next_review);
  if (left < 0) return { kind: "overdue", text: tn("registers.processors.review_overdue", -left) };
  if (left === 0) return { kind: "soon", text: t("registers.processors.review_today") };
  if (left <= REVIEW_WARNING_DAYS) return { kind: "soon", text: tn("registers.processors.review_soon", left) };
  return null;
}

function processorColumns(actions: ProcessorActions, today: string): SortColumn<Processor>[] {
  return [
    { key: "name", header: t("registers.processors.column.name"), cell: (p) => p.name, sortValue: (p) => p.name },
    { key: "service", header: t("registers.processors.column.service"), cell: (p) => p.service, sortValue: (p) => p.service },
    { key: "country", header: t("registers.processors.column.country"), cell: (p) => countryName(p.country), sortValue: (p) => p.country },
    {
      key: "confidentiality",
      header: t("registers.processors.column.confidentiality"),
      cell: (p) => confidentialityShort(p.confidentiality),
      sortValue: (p) => confidentialityShort(p.confidentiality),
    },
    {
      key: "next_review",
      header: t("registers.processors.column.next_review"),
      cell: (p) => {
        const flag = reviewFlag(p, today);
        return [
          calendarDate(p.next_review),
          flag ? [" ", h("span", { class: `badge badge-review-${flag.kind}`, "data-testid": "review-flag", "data-kind": flag.kind }, flag.text)] : null,
        ];
      },
      sortValue: (p) => p.next_review,
    },
    { key: "status", header: t("registers.processors.column.status"), cell: (p) => badge(p.status), sortValue: (p) => statusWord(p.status) },
    {
      key: "actions",
      header: t("registers.processors.column.actions"),
      cell: (p) =>
        h(
          "div",
          { class: "row-actions" },
          h("button", { type: "button", class: "secondary small", "data-testid": "processor-edit", "data-id": p.id, "aria-label": t("registers.processors.edit_label", { name: p.name }), "aria-haspopup": "dialog", onClick: () => actions.edit(p) }, t("registers.processors.edit")),
          p.status === "active"
            ? h("button", { type: "button", class: "secondary small", "data-testid": "processor-retire", "data-id": p.id, "aria-label": t("registers.processors.retire_label", { name: p.name }), "aria-haspopup": "dialog", onClick: () => actions.retire(p) }, t("registers.processors.retire"))
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
  if (shown.length === 0) return noMatches(t("registers.processors.noun_all"), rows.length, "processors");
  return sortableTable({
    caption: shown.length === rows.length ? t("registers.processors.caption") : t("registers.processors.caption_filtered", { shown: shown.length, total: rows.length }),
    testid: "processors-table",
    columns: processorColumns(actions, today),
    rows: shown,
    sort: view.sort,
    onSort,
    rowAttrs: (p) => ({ "data-testid": "processor-row", "data-id": p.id, "data-status": p.status }),
  });
}

/** A processor's statuses as select options: "Active", "Retired" in the chosen language. */
function statusOptions(): Array<readonly [string, string]> {
  return (["active", "retired"] as const).map((status) => [status, capitalised(statusWord(status))] as const);
}

/** The processor form's fields, filled from `p` when editing. */
export function processorFields(p: ProcessorRecord | null): FieldSpec[] {
  const v = (value: string | null | undefined) => value ?? "";
  const fields: FieldSpec[] = [
    { name: "name", label: t("registers.processors.field.name"), required: true, value: v(p?.name), hint: t("registers.processors.field.name_hint") },
    { name: "service", label: t("registers.processors.field.service"), required: true, value: v(p?.service), hint: t("registers.processors.field.service_hint") },
    { name: "purpose", label: t("registers.processors.field.purpose"), required: true, value: v(p?.purpose), hint: t("registers.processors.field.purpose_hint") },
    { name: "data_categories", label: t("registers.processors.field.data_categories"), value: p ? p.data_categories.join("; ") : "", hint: t("registers.processors.field.data_categories_hint") },
    { name: "country", label: t("registers.processors.field.country"), required: true, value: v(p?.country), hint: t("registers.processors.field.country_hint"), attrs: { autocapitalize: "characters", spellcheck: "false" } },
    { name: "transfer_mechanism", label: t("registers.processors.field.transfer_mechanism"), value: v(p?.transfer_mechanism), hint: t("registers.processors.field.transfer_mechanism_hint") },
    { name: "confidentiality", label: t("registers.processors.field.confidentiality"), type: "select", options: CONFIDENTIALITY, value: p?.confidentiality ?? "none" },
    { name: "confidentiality_date", label: t("registers.processors.field.confidentiality_date"), type: "date", value: v(p?.confidentiality_date), hint: t("registers.processors.field.confidentiality_date_hint") },
    { name: "contract_start", label: t("registers.processors.field.contract_start"), type: "date", value: v(p?.contract_start) },
    { name: "contract_end", label: t("registers.processors.field.contract_end"), type: "date", value: v(p?.contract_end) },
    { name: "next_review", label: t("registers.processors.field.next_review"), type: "date", value: v(p?.next_review), hint: t("registers.processors.field.next_review_hint") },
  ];
  if (p) {
    fields.push({ name: "status", label: t("registers.processors.field.status"), type: "select", options: statusOptions(), value: p.status });
  }
  fields.push({ name: "notes", label: t("registers.processors.field.notes"), type: "textarea", value: v(p?.notes) });
  return fields;
}

/** Opens the add (`existing` null) or edit form; `saved` receives the stored record. */
export function processorDialog(api: Api, existing: ProcessorRecord | null, saved: (p: ProcessorRecord) => void, closed: () => void): FormDialog {
  const id = existing?.id ?? null;
  const form = validatedForm({
    prefix: "processor",
    heading: existing ? t("registers.processors.form.edit_heading", { name: existing.name }) : t("registers.processors.form.add_heading"),
    intro: h("p", { class: "hint" }, t("registers.processors.form.intro")),
    fields: processorFields(existing),
    check: (values) => api.checkProcessor(id, values as ProcessorInput),
    submit: async (values) => {
      const record = await api.saveProcessor(id, values as ProcessorInput);
      dialog.close();
      saved(record);
    },
    submitLabel: existing ? t("registers.processors.form.edit_submit") : t("registers.processors.form.add_submit"),
    onCancel: () => dialog.close(),
  });
  const dialog = formDialog("processor", form, closed);
  return dialog;
}

/** The retire dialog: an optional reason, then the backend's answer. */
function retireDialog(api: Api, p: Processor, retired: (r: ProcessorRecord) => void, closed: () => void): FormDialog {
  const reason = h("textarea", { id: "processor-retire-reason", rows: "3", "data-testid": "processor-retire-reason", "aria-describedby": "processor-retire-reason-hint" });
  const errors = h("div", { class: "form-errors", "data-testid": "processor-retire-error" });
  const confirm = h("button", { type: "submit", "data-testid": "processor-retire-confirm" }, t("registers.processors.retire_dialog.confirm"));
  const cancel = h("button", { type: "button", class: "secondary", "data-testid": "processor-retire-cancel" }, t("registers.form.cancel"));
  const form = h(
    "form",
    { class: "register-form", novalidate: true, "aria-labelledby": "processor-retire-form-heading", "data-testid": "processor-retire-form" },
    h("h2", { id: "processor-retire-form-heading" }, t("registers.processors.retire_dialog.heading", { name: p.name })),
    h("p", null, t("registers.processors.retire_dialog.text")),
    h(
      "div",
      { class: "field" },
      h("label", { for: "processor-retire-reason" }, t("registers.processors.retire_dialog.reason")),
      reason,
      h("p", { class: "hint", id: "processor-retire-reason-hint" }, t("registers.processors.retire_dialog.reason_hint")),
    ),
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
      replaceChildren(errors, errorAlert(errorMessage(error), t("registers.processors.retire_dialog.not_retired")));
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
  const sheets = sheetControls(api, "processors", t("registers.processors.noun_all"), reload);

  const add = h("button", { type: "button", "data-testid": "processors-add", "aria-haspopup": "dialog" }, t("registers.processors.add_button"));
  const focusRow = (id: number) => region.querySelector<HTMLElement>(`[data-testid="processor-edit"][data-id="${id}"]`)?.focus();

  let dialog: FormDialog | null = null;
  // Closing a dialog puts focus back on the button that opened it (see formDialog); after a save,
  // the reloaded row's Edit button takes it.
  const openInSlot = (d: FormDialog) => {
    dialog = d;
    replaceChildren(dialogSlot, d.element);
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
        say(record ? t("registers.processors.saved", { name: p.name }) : t("registers.processors.added", { name: p.name }));
        focusRow(p.id);
      },
      () => {
        dialog = null;
        replaceChildren(dialogSlot);
      },
    );
    openInSlot(d);
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
            say(t("registers.processors.retired", { name: r.name }));
            focusRow(r.id);
          },
          () => {
            dialog = null;
            replaceChildren(dialogSlot);
          },
        ),
      );
    },
  };

  const count = matchCount();
  const search = searchBox("processors-search", t("registers.processors.search_label"), t("registers.processors.search_hint"), (q) => {
    view.search = q;
    showTable();
  });
  search.input.setAttribute("data-shortcut", "search");
  const status = selectField(
    "processors-status-filter",
    t("registers.processors.status_filter"),
    [["", t("registers.processors.all_statuses")], ...statusOptions()],
    "",
    (value) => {
      view.status = value;
      showTable();
    },
  );
  const controls = h("div", { class: "register-filters", role: "search", "aria-label": t("registers.processors.filter_label") }, search.element, status.element, count.element);
  const tableRegion = h("div");

  const onSort = (key: string) => {
    view.sort = nextSort(view.sort, key);
    showTable();
    tableRegion.querySelector<HTMLElement>(`button[data-sort-key="${key}"]`)?.focus();
  };
  const showTable = () => {
    replaceChildren(tableRegion, renderProcessorTable(rows, view, actions, onSort, today));
    count.update(filterProcessors(rows, view).length, rows.length, tn("registers.processors.noun", rows.length));
  };

  const show = () => {
    controls.hidden = rows.length === 0;
    if (rows.length === 0) {
      const emptyAdd = h("button", { type: "button", "data-testid": "processors-empty-add", "aria-haspopup": "dialog", onClick: () => void openForm(null) }, t("registers.processors.empty_add"));
      const emptyImport = h("button", { type: "button", class: "secondary", "data-testid": "processors-empty-import", onClick: () => void sheets.runImport() }, t("registers.processors.empty_import"));
      replaceChildren(region, emptyRegister(t("registers.processors.empty_title"), t("registers.processors.empty_text"), "processors", [emptyAdd, emptyImport]));
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
    screenTitle(t("registers.processors.title"), t("registers.processors.lead")),
    h("div", { class: "toolbar", role: "group", "aria-label": t("registers.processors.actions_group") }, add, sheets.importButton, sheets.exportButtons),
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
