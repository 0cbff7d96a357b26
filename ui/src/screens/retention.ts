/**
 * Retention: the due-for-deletion list (policy §7). Each item is one retention rule applied to one
 * record (a revoked authorization, an ended contract, a closed request); recording the deletion or
 * anonymisation, with its evidence, closes it.
 */
import { errorMessage, type Api, type FieldError, type NewRetentionAction, type RetentionItem } from "../api";
import { h, replaceChildren } from "../h";
import { badge, calendarDate, errorAlert, screenTitle } from "../view";
import { formDialog, validatedForm, type FormDialog, type Values } from "./register-form";
import { days, localToday, words } from "./register-table";

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

/** "12 days overdue", "due today", "due in 3 days", or when it was done. */
export function dueText(item: RetentionItem): string {
  if (item.status === "done" && item.done) return `${item.done.action === "anonymise" ? "anonymised" : "deleted"} on ${item.done.done_on}`;
  if (item.days_overdue > 0) return `${days(item.days_overdue)} overdue`;
  if (item.days_overdue === 0) return "due today";
  return `due in ${days(-item.days_overdue)}`;
}

/** The events retention periods run from, as the rule column names them. */
const TRIGGER_WORDS: Record<string, string> = {
  authorization_revoked: "revocation",
  contract_ended: "contract end",
  request_closed: "request closed",
  collected: "collection",
  last_contact: "last contact",
};

const SUBJECT_LINKS: Record<string, (item: RetentionItem) => string | null> = {
  merchant: (i) => `#/merchants/${i.subject_id}`,
  request: (i) => `#/requests/${i.subject_id}`,
  authorization: () => null,
};

/** The table of items, or a sentence when there is none to show. */
export function renderRetentionTable(items: readonly RetentionItem[], showDone: boolean, onRecord: (item: RetentionItem) => void): HTMLElement {
  const rows = retentionList(items, showDone);
  if (items.length === 0) {
    return h(
      "section",
      { class: "empty", "data-testid": "retention-empty", "aria-label": "Nothing is due for deletion" },
      h("h2", null, "Nothing is due for deletion"),
      h(
        "p",
        null,
        "Items appear here when an authorization is revoked, a merchant's contract ends or a rights request closes: each retention rule (policy \u00a77) then sets the date by which that data must be deleted or anonymised. Record what was done, with its evidence, to close an item.",
      ),
    );
  }
  if (rows.length === 0) {
    const done = items.length;
    return h("p", { class: "no-matches", role: "status", "data-testid": "retention-all-done" }, `Nothing is due or pending. ${done} recorded ${done === 1 ? "item is" : "items are"} hidden; tick \u201cShow recorded items\u201d to see ${done === 1 ? "it" : "them"}.`);
  }
  const due = rows.filter((i) => i.status === "due").length;
  return h(
    "div",
    { class: "table-wrap register-table", "data-testid": "retention-table" },
    h(
      "table",
      null,
      h("caption", null, `Due for deletion: ${due} due, ${rows.filter((i) => i.status === "pending").length} pending`),
      h(
        "thead",
        null,
        h("tr", null, ["Due on", "Status", "Record", "Data", "Rule", "Triggered on", "Action"].map((t) => h("th", { scope: "col" }, t))),
      ),
      h(
        "tbody",
        null,
        rows.map((item) => {
          const link = SUBJECT_LINKS[item.subject]?.(item) ?? null;
          return h(
            "tr",
            { "data-testid": "retention-row", "data-key": item.key, "data-status": item.status, class: item.status === "due" ? "row-due" : null },
            h("td", null, calendarDate(item.due_on), h("br"), h("span", { class: item.status === "due" ? "due-note overdue" : "due-note" }, dueText(item))),
            h("td", null, badge(item.status)),
            h("td", null, link ? h("a", { href: link }, item.subject_label) : item.subject_label),
            h("td", null, words(item.data_category), h("p", { class: "hint" }, item.description)),
            h("td", null, `${item.action === "anonymise" ? "Anonymise" : "Delete"} ${days(item.period_days)} after the ${TRIGGER_WORDS[item.trigger] ?? words(item.trigger)}`),
            h("td", null, calendarDate(item.event_date)),
            h(
              "td",
              null,
              item.done
                ? h("span", { "data-testid": "retention-done" }, `${item.done.action === "anonymise" ? "Anonymised" : "Deleted"} on ${item.done.done_on} by ${item.done.recorded_by}: ${item.done.evidence}`)
                : h(
                    "button",
                    { type: "button", class: item.status === "due" ? "small" : "secondary small", "data-testid": "retention-record", "data-key": item.key, "aria-haspopup": "dialog", "aria-label": `Record deletion of ${item.subject_label} (${words(item.data_category)})\u2026`, onClick: () => onRecord(item) },
                    "Record deletion\u2026",
                  ),
            ),
          );
        }),
      ),
    ),
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
    ? [{ field: "evidence", message: "is required: what shows it was done (a ticket, a log line, a confirmation's reference)" }]
    : [];
}

/** Opens the record form for `item`; `recorded` receives the closed item. */
export function recordDialog(api: Api, item: RetentionItem, recorded: (i: RetentionItem) => void, closed: () => void, today: string = localToday()): FormDialog {
  const form = validatedForm({
    prefix: "retention",
    heading: "Record deletion",
    intro: h("p", null, `${item.subject_label}: ${words(item.data_category)}, due ${item.due_on}. The rule says to ${item.action} it.`),
    fields: [
      { name: "action", label: "What was done", type: "select", options: [["delete", "Deleted"], ["anonymise", "Anonymised"]], value: item.action === "anonymise" ? "anonymise" : "delete" },
      { name: "evidence", label: "Evidence", type: "textarea", required: true, hint: "What shows it was done: a ticket, a log line, a confirmation's reference." },
      { name: "done_on", label: "Done on", type: "date", attrs: { max: today, min: item.event_date }, hint: "Leave empty for today." },
    ],
    check: async (values) => checkRetentionAction(values),
    submit: async (values) => {
      const result = await api.recordRetention(retentionActionFrom(item.key, values));
      dialog.close();
      recorded(result);
    },
    submitLabel: "Record",
    onCancel: () => dialog.close(),
  });
  const dialog = formDialog("retention", form, closed);
  return dialog;
}

/** The screen for `initial` items, wired to the backend. */
export function renderRetention(initial: RetentionItem[], api: Api, today: string = localToday()): HTMLElement {
  let items = initial;
  let showDone = false;
  let dialog: FormDialog | null = null;
  const messages = h("div", { class: "screen-messages", role: "status", "data-testid": "retention-message" });
  const region = h("div");
  const dialogSlot = h("div", { class: "dialog-slot" });
  const toggle = h("input", { type: "checkbox", id: "retention-show-done", "data-testid": "retention-show-done" });

  const reload = async () => {
    try {
      items = await api.retentionItems();
      show();
    } catch (error) {
      replaceChildren(messages, errorAlert(errorMessage(error)));
    }
  };
  const record = (item: RetentionItem) => {
    if (dialog) return;
    replaceChildren(messages);
    const d = recordDialog(
      api,
      item,
      async (done) => {
        await reload();
        replaceChildren(messages, h("p", { class: "ok" }, `Recorded: ${done.subject_label}, ${words(done.data_category)} ${dueText(done)}.`));
      },
      () => {
        dialog = null;
        replaceChildren(dialogSlot);
      },
      today,
    );
    dialog = d;
    replaceChildren(dialogSlot, d.element);
    // Back to the same row's button, or (once recorded, it is gone) the next one.
    d.element.addEventListener(
      "close",
      () => {
        const buttons = Array.from(region.querySelectorAll<HTMLElement>('[data-testid="retention-record"]'));
        (buttons.find((b) => b.getAttribute("data-key") === item.key) ?? buttons[0])?.focus();
      },
      { once: true },
    );
    d.open();
  };
  const show = () => {
    const done = items.filter((i) => i.status === "done").length;
    toggle.disabled = done === 0;
    replaceChildren(region, renderRetentionTable(items, showDone, record));
  };
  toggle.addEventListener("change", () => {
    showDone = toggle.checked;
    show();
  });
  show();

  return h(
    "div",
    { class: "screen", "data-testid": "retention" },
    screenTitle("Retention", "Data is kept only as long as necessary (policy \u00a77). These items are due, or coming due, for deletion or anonymisation."),
    h("div", { class: "register-filters" }, h("div", { class: "field checkbox" }, toggle, h("label", { for: "retention-show-done" }, "Show recorded items"))),
    messages,
    region,
    dialogSlot,
  );
}

export async function retentionScreen(api: Api): Promise<HTMLElement> {
  return renderRetention(await api.retentionItems(), api);
}
