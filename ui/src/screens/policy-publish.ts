/**
 * The publish dialog: effective ("Last updated") date, material-change flag and summary. The
 * backend checks the "Last updated" rule and refuses with a sentence, which the dialog shows.
 */
import { errorMessage, type Api, type PolicyVersion } from "../api";
import { h, replaceChildren } from "../h";
import { t } from "../i18n";
import { errorAlert } from "../view";

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/** The line of the policy text that states its date: part of the text (data), never translated. */
const LAST_UPDATED_LINE = "Last updated:"; // i18n-ignore: matched in the policy text, not shown

/**
 * The date of the text's "Last updated: 1 July 2026" (or "Last updated: 2026-07-01") line as
 * YYYY-MM-DD, or null. Only a suggestion for the date field; the backend has the last word.
 */
export function statedLastUpdated(markdown: string): string | null {
  for (const raw of markdown.split("\n")) {
    const line = raw.trim().replace(/^\*+|\*+$/g, "").trim();
    if (!line.startsWith(LAST_UPDATED_LINE)) continue;
    const text = line.slice(LAST_UPDATED_LINE.length).replace(/^[\s*]+|[\s*]+$/g, "");
    const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (iso) return text;
    const long = /^(\d{1,2}) ([A-Za-z]+) (\d{4})$/.exec(text);
    const month = long ? MONTHS.indexOf(long[2]!.toLowerCase()) : -1;
    if (long && month >= 0) return `${long[3]}-${String(month + 1).padStart(2, "0")}-${long[1]!.padStart(2, "0")}`;
    return null;
  }
  return null;
}

/** The dialog's handle. */
export interface PublishDialog {
  element: HTMLDialogElement;
  open(): void;
}

/**
 * Builds the publish dialog for `version`; `published` names the version in force (it will be
 * retired). `onPublished` receives the backend's record once publishing succeeded.
 */
export function publishDialog(
  api: Api,
  version: PolicyVersion,
  published: string | null,
  onPublished: (v: PolicyVersion) => void,
): PublishDialog {
  const effective = h("input", { id: "publish-effective", type: "date", required: true, "data-testid": "publish-effective", "aria-describedby": "publish-effective-hint" });
  const material = h("input", { id: "publish-material", type: "checkbox", "data-testid": "publish-material" });
  const summary = h("textarea", { id: "publish-summary", rows: "3", "data-testid": "publish-summary", "aria-describedby": "publish-summary-hint" });
  const errors = h("div", { class: "dialog-errors", "data-testid": "publish-error" });
  const confirm = h("button", { type: "submit", "data-testid": "publish-confirm" }, t("policy.publish.confirm"));
  const cancel = h("button", { type: "button", class: "secondary", "data-testid": "publish-cancel" }, t("policy.publish.cancel"));

  const form = h(
    "form",
    { class: "publish-form", novalidate: true },
    h("h2", { id: "publish-heading" }, t("policy.publish.heading", { label: version.label })),
    h("p", null, published ? t("policy.publish.retires", { label: published }) : t("policy.publish.fixes")),
    h(
      "div",
      { class: "field" },
      h("label", { for: "publish-effective" }, t("policy.publish.effective")),
      effective,
      h("p", { class: "hint", id: "publish-effective-hint" }, t("policy.publish.effective_hint")),
    ),
    h("div", { class: "field checkbox" }, material, h("label", { for: "publish-material" }, t("policy.publish.material"))),
    h(
      "div",
      { class: "field" },
      h("label", { for: "publish-summary" }, t("policy.publish.summary")),
      summary,
      h("p", { class: "hint", id: "publish-summary-hint" }, t("policy.publish.summary_hint")),
    ),
    errors,
    h("div", { class: "dialog-actions" }, cancel, confirm),
  );
  const dialog = h("dialog", { class: "publish-dialog", "aria-labelledby": "publish-heading", "data-testid": "publish-dialog" }, form);

  const close = () => {
    if (typeof dialog.close === "function") dialog.close();
    else dialog.removeAttribute("open");
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    replaceChildren(errors);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(effective.value)) {
      replaceChildren(errors, errorAlert(t("policy.publish.choose_date"), t("policy.publish.not_published")));
      effective.focus();
      return;
    }
    confirm.disabled = cancel.disabled = true;
    confirm.setAttribute("aria-busy", "true");
    try {
      const text = summary.value.trim();
      const result = await api.publishPolicy(String(version.id), {
        effective: effective.value,
        material: material.checked,
        summary: text === "" ? null : text,
      });
      close();
      onPublished(result);
    } catch (error) {
      replaceChildren(errors, errorAlert(errorMessage(error), t("policy.publish.not_published")));
    } finally {
      confirm.disabled = cancel.disabled = false;
      confirm.removeAttribute("aria-busy");
    }
  });
  cancel.addEventListener("click", close);

  return {
    element: dialog,
    open() {
      replaceChildren(errors);
      effective.value = statedLastUpdated(version.markdown) ?? "";
      if (typeof dialog.showModal === "function" && dialog.isConnected) dialog.showModal();
      else dialog.setAttribute("open", "");
      effective.focus();
    },
  };
}
