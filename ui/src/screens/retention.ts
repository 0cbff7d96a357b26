/**
 * Retention: the due-for-deletion list (policy §7). Each item is one retention rule applied to one
 * record (a revoked authorization, an ended contract, a closed request); recording the deletion or
 * anonymisation, with its evidence, closes it.
 */
import { errorMessage, type Api, type FieldError, type NewRetentionAction, type RetentionItem } from "../api";
import { h, replaceChildren, type Child } from "../h";
import { formatDate, t, tn, tOptional } from "../i18n";
import { badge, calendarDate, emptyState, errorAlert, screenTitle } from "../view";
import { formDialog, validatedForm, type FormDialog, type Values } from "./register-form";
import { days, fillNodes, localToday, slot, words } from "./register-table";

/**
 * How many items the table shows at first, and how many more each "Show more" adds. The backend
 * pages the list, soonest due first; at a million requests it may be long, so only the first (the
 * most overdue) are fetched and built, and each "Show more" fetches the next page.
 */
export const RETENTION_PAGE = 200;

/** The order of statuses: due first, then pending, then done. */
const STATUS_ORDER: Record<string, number> = { due: 0, pending: 1, done: 2 };

/** The items to show, due first (longest overdue first), then pending (soonest first); done ones only when asked. */
export function retentionList(items: readonly RetentionItem[], showDone: boolean): RetentionItem[] {
  return items
    .filter((i) => showDone || i.status !== "done")
    .map((item, index) => ({ item, index }))
    .sort((a, b) => (STATUS_ORDER[a.item.status] ?? 3) - (STATUS_ORDER[b.item.status] ?? 3) || a.item.due_on.localeCompare(b.item.due_on) || a.index - b.index)
    .map((x) => x.item);
}

/** "12 days overdue", "due today", "due in 3 days", or when it was done ("deleted on 2 Apr 2026"). */
export function dueText(item: RetentionItem): string {
  if (item.status === "done" && item.done) {
    const date = formatDate(item.done.done_on);
    return item.done.action === "anonymise" ? t("registers.retention.anonymised_on", { date }) : t("registers.retention.deleted_on", { date });
  }
  if (item.days_overdue > 0) return tn("registers.retention.overdue", item.days_overdue);
  if (item.days_overdue === 0) return t("registers.retention.due_today");
  return tn("registers.retention.due_in", -item.days_overdue);
}

/** The event a retention period runs from, as the rule column names it ("revocation"). */
function triggerWords(trigger: string): string {
  return tOptional(`registers.retention.trigger.${trigger}`) ?? words(trigger);
}

/** What a rule says, in a sentence: "Delete 30 days after the revocation". */
function ruleText(item: RetentionItem): string {
  const params = { days: days(item.period_days), trigger: triggerWords(item.trigger) };
  return item.action === "anonymise" ? t("registers.retention.rule_anonymise", params) : t("registers.retention.rule_delete", params);
}

/** What was recorded for a closed item: "Deleted on 2 Apr 2026 by dpo: Ticket OPS-12". */
function doneText(done: NonNullable<RetentionItem["done"]>): Child[] {
  const params = { who: done.recorded_by, evidence: done.evidence, date: slot("date") };
  const text = done.action === "anonymise" ? t("registers.retention.done_anonymised", params) : t("registers.retention.done_deleted", params);
  return fillNodes(text, { date: calendarDate(done.done_on) });
}

const SUBJECT_LINKS: Record<string, (item: RetentionItem) => string | null> = {
  merchant: (i) => `#/merchants/${i.subject_id}`,
  request: (i) => `#/requests/${i.subject_id}`,
  authorization: () => null,
};

/**
 * The table of items, or a sentence when there is none to show. Only the first `limit` rows (due
 * first, most overdue first) are built; `onMore`, when given, offers the next ones.
 */
export function renderRetentionTable(
  items: readonly RetentionItem[],
  showDone: boolean,
  onRecord: (item: RetentionItem) => void,
  limit: number = RETENTION_PAGE,
  onMore?: () => void,
  pageSize: number = RETENTION_PAGE,
  unloaded = 0,
): HTMLElement {
  const rows = retentionList(items, showDone);
  if (items.length === 0) return emptyState(t("registers.retention.empty_title"), t("registers.retention.empty_text"), "retention");
  if (rows.length === 0) {
    return h("p", { class: "no-matches", role: "status", "data-testid": "retention-all-done" }, tn("registers.retention.all_done", items.length));
  }
  const due = rows.filter((i) => i.status === "due").length;
  const pending = rows.filter((i) => i.status === "pending").length;
  const shown = rows.slice(0, Math.max(1, limit));
  const hidden = rows.length - shown.length + unloaded;
  const headers = [
    t("registers.retention.column.due_on"),
    t("registers.retention.column.status"),
    t("registers.retention.column.record"),
    t("registers.retention.column.data"),
    t("registers.retention.column.rule"),
    t("registers.retention.column.triggered_on"),
    t("registers.retention.column.action"),
  ];
  const table = h(
    "div",
    { class: "table-wrap register-table", "data-testid": "retention-table" },
    h(
      "table",
      null,
      h("caption", null, t("registers.retention.caption", { due, pending })),
      h(
        "thead",
        null,
        h("tr", null, headers.map((header) => h("th", { scope: "col" }, header))),
      ),
      h(
        "tbody",
        null,
        shown.map((item, index) => {
          const link = SUBJECT_LINKS[item.subject]?.(item) ?? null;
          return h(
            "tr",
            { "data-testid": "retention-row", "data-key": item.key, "data-status": item.status, "data-index": index, class: item.status === "due" ? "row-due" : null },
            h("td", null, calendarDate(item.due_on), h("br"), h("span", { class: item.status === "due" ? "due-note overdue" : "due-note" }, dueText(item))),
            h("td", null, badge(item.status)),
            h("td", null, link ? h("a", { href: link }, item.subject_label) : item.subject_label),
            h("td", null, words(item.data_category), h("p", { class: "hint" }, item.description)),
            h("td", null, ruleText(item)),
            h("td", null, calendarDate(item.event_date)),
            h(
              "td",
              null,
              item.done
                ? h("span", { "data-testid": "retention-done" }, doneText(item.done))
                : h(
                    "button",
                    {
                      type: "button",
                      class: item.status === "due" ? "small" : "secondary small",
                      "data-testid": "retention-record",
                      "data-key": item.key,
                      "aria-haspopup": "dialog",
                      "aria-label": t("registers.retention.record_label", { label: item.subject_label, category: words(item.data_category) }),
                      onClick: () => onRecord(item),
                    },
                    t("registers.retention.record_button"),
                  ),
            ),
          );
        }),
      ),
    ),
  );
  if (hidden === 0) return table;
  const more = onMore
    ? h("button", { type: "button", class: "secondary", "data-testid": "retention-more", onClick: () => onMore() }, tn("registers.retention.show_more", Math.min(hidden, pageSize)))
    : null;
  return h(
    "div",
    { "data-testid": "retention-list" },
    table,
    h("p", { class: "hint", role: "status", "data-testid": "retention-hidden" }, tn("registers.retention.hidden", hidden, { shown: shown.length })),
    more,
  );
}

/** The action the record form's values describe. */
export function retentionActionFrom(key: string, values: Values): NewRetentionAction {
  const doneOn = (values.done_on ?? "").trim();
  return {
    key,
    action: values.action === "anonymise" ? "anonymise" : "delete",
    evidence: (values.evidence ?? "").trim(),
    done_on: doneOn === "" ? null : doneOn,
  };
}

/** What the record form can tell before asking the backend. */
export function checkRetentionAction(values: Values): FieldError[] {
  return (values.evidence ?? "").trim() === ""
    ? [{ field: "evidence", message: t("registers.retention.evidence_required") }]
    : [];
}

/** Opens the record form for `item`; `recorded` receives the closed item. */
export function recordDialog(api: Api, item: RetentionItem, recorded: (i: RetentionItem) => void, closed: () => void, today: string = localToday()): FormDialog {
  const form = validatedForm({
    prefix: "retention",
    heading: t("registers.retention.form.heading"),
    intro: h(
      "p",
      null,
      fillNodes(
        t(item.action === "anonymise" ? "registers.retention.form.intro_anonymise" : "registers.retention.form.intro_delete", { label: item.subject_label, category: words(item.data_category), date: slot("date") }),
        { date: calendarDate(item.due_on) },
      ),
    ),
    fields: [
      {
        name: "action",
        label: t("registers.retention.form.action"),
        type: "select",
        options: [
          ["delete", t("registers.retention.form.deleted")],
          ["anonymise", t("registers.retention.form.anonymised")],
        ],
        value: item.action === "anonymise" ? "anonymise" : "delete",
      },
      { name: "evidence", label: t("registers.retention.form.evidence"), type: "textarea", required: true, hint: t("registers.retention.form.evidence_hint") },
      { name: "done_on", label: t("registers.retention.form.done_on"), type: "date", attrs: { max: today, min: item.event_date }, hint: t("registers.retention.form.done_on_hint") },
    ],
    check: async (values) => checkRetentionAction(values),
    submit: async (values) => {
      const result = await api.recordRetention(retentionActionFrom(item.key, values));
      dialog.close();
      recorded(result);
    },
    submitLabel: t("registers.retention.form.submit"),
    onCancel: () => dialog.close(),
  });
  const dialog = formDialog("retention", form, closed);
  return dialog;
}

/** The screen for `initial` items, wired to the backend; `pageSize` rows are built at a time. */
export function renderRetention(initial: RetentionItem[], api: Api, today: string = localToday(), pageSize: number = RETENTION_PAGE, initialTotal: number = initial.length): HTMLElement {
  let items = initial;
  let total = Math.max(initialTotal, initial.length);
  let showDone = false;
  let limit = pageSize;
  let dialog: FormDialog | null = null;
  const messages = h("div", { class: "screen-messages", role: "status", "data-testid": "retention-message" });
  const region = h("div");
  const dialogSlot = h("div", { class: "dialog-slot" });
  const toggle = h("input", { type: "checkbox", id: "retention-show-done", "data-testid": "retention-show-done" });

  const reload = async () => {
    try {
      const page = await api.retentionItemsPage(Math.min(1000, Math.max(pageSize, items.length)), 0);
      items = page.rows;
      total = page.total;
      show();
    } catch (error) {
      replaceChildren(messages, errorAlert(errorMessage(error)));
    }
  };
  /** Focus on the row's record button, or (once recorded, it is gone) the first one left. */
  const focusRecord = (key: string) => {
    const buttons = Array.from(region.querySelectorAll<HTMLElement>('[data-testid="retention-record"]'));
    (buttons.find((b) => b.getAttribute("data-key") === key) ?? buttons[0])?.focus();
  };
  const record = (item: RetentionItem) => {
    if (dialog) return;
    replaceChildren(messages);
    const d = recordDialog(
      api,
      item,
      async (done) => {
        await reload();
        replaceChildren(messages, h("p", { class: "ok" }, t("registers.retention.recorded", { label: done.subject_label, category: words(done.data_category), outcome: dueText(done) })));
        focusRecord(item.key);
      },
      () => {
        dialog = null;
        replaceChildren(dialogSlot);
      },
      today,
    );
    dialog = d;
    replaceChildren(dialogSlot, d.element);
    d.element.addEventListener("close", () => focusRecord(item.key), { once: true });
    d.open();
  };
  const more = async () => {
    const first = limit;
    if (limit + pageSize > items.length && items.length < total) {
      try {
        const page = await api.retentionItemsPage(pageSize, items.length);
        items = [...items, ...page.rows];
        total = page.total;
      } catch (error) {
        replaceChildren(messages, errorAlert(errorMessage(error)));
        return;
      }
    }
    limit += pageSize;
    show();
    // Focus moves to the first row just shown (its record button, or the row itself).
    const row = region.querySelector<HTMLElement>(`[data-testid="retention-row"][data-index="${first}"]`);
    const target = row?.querySelector<HTMLElement>('[data-testid="retention-record"]') ?? region.querySelector<HTMLElement>('[data-testid="retention-more"]');
    target?.focus();
  };
  const show = () => {
    const done = items.filter((i) => i.status === "done").length;
    toggle.disabled = done === 0;
    replaceChildren(region, renderRetentionTable(items, showDone, record, limit, () => void more(), pageSize, Math.max(0, total - items.length)));
  };
  toggle.addEventListener("change", () => {
    showDone = toggle.checked;
    show();
  });
  show();

  return h(
    "div",
    { class: "screen", "data-testid": "retention" },
    screenTitle(t("registers.retention.title"), t("registers.retention.lead")),
    h("div", { class: "register-filters" }, h("div", { class: "field checkbox" }, toggle, h("label", { for: "retention-show-done" }, t("registers.retention.show_done")))),
    messages,
    region,
    dialogSlot,
  );
}

export async function retentionScreen(api: Api): Promise<HTMLElement> {
  const first = await api.retentionItemsPage(RETENTION_PAGE, 0);
  return renderRetention(first.rows, api, localToday(), RETENTION_PAGE, first.total);
}
