/**
 * Entering a request by hand (a letter, a phone call written up, a request handed over in person).
 * The backend checks what was typed and refuses with a sentence; the form shows it next to the
 * field it is about.
 */
import { errorMessage, type Api, type Jurisdiction, type NewRequestForm, type RequestRow } from "../api";
import { h, replaceChildren } from "../h";
import { t } from "../i18n";
import { errorAlert, statusWord } from "../view";
import { optionalText, REQUEST_TYPES, todayIso } from "./request-terms";

/** The form's fields, by the name the backend uses. */
export type FormField = "type" | "email" | "name" | "merchant" | "received_on" | "jurisdiction" | "note";

/** The field a backend refusal is about, or null when it is about the request as a whole. */
export function fieldForError(message: string): FormField | null {
  // The backend's sentences are English whatever the UI speaks: matched as they are written.
  const m = message.toLowerCase();
  if (/email|e-mail/.test(m)) return "email";
  if (/date received|received_on|in the future|yyyy-mm-dd|not a date/.test(m)) return "received_on";
  if (/jurisdiction/.test(m)) return "jurisdiction";
  if (/merchant/.test(m)) return "merchant";
  if (/request type|type '/.test(m)) return "type";
  return null;
}

/** The manual-entry form's handle. */
export interface RequestForm {
  element: HTMLElement;
  /** Clears the form (received today, the register's jurisdiction) and focuses its first field. */
  reset(): void;
}

/**
 * Builds the form. `onAdded` receives the backend's row once the request is entered; `onCancel`
 * is called when the officer gives up.
 */
export function requestForm(
  api: Api,
  jurisdictions: Jurisdiction[],
  onAdded: (row: RequestRow) => void,
  onCancel: () => void,
  today: () => string = () => todayIso(),
): RequestForm {
  const id = (field: FormField) => `request-form-${field.replace(/_/g, "-")}`;
  const errors = new Map<FormField, HTMLElement>();

  const type = h(
    "select",
    { id: id("type"), "data-testid": "request-form-type" },
    REQUEST_TYPES.map((type) => h("option", { value: type }, statusWord(type))),
  );
  const email = h("input", { id: id("email"), type: "email", required: true, autocomplete: "off", "data-testid": "request-form-email" });
  const name = h("input", { id: id("name"), type: "text", autocomplete: "off", "data-testid": "request-form-name" });
  const merchant = h("input", { id: id("merchant"), type: "text", autocomplete: "off", "data-testid": "request-form-merchant" });
  const received = h("input", { id: id("received_on"), type: "date", required: true, "data-testid": "request-form-received" });
  const jurisdiction = h(
    "select",
    { id: id("jurisdiction"), "data-testid": "request-form-jurisdiction" },
    h("option", { value: "" }, t("requests.form.jurisdiction_default")),
    jurisdictions.map((j) => h("option", { value: j.code }, t("requests.jurisdiction.option", { code: j.code, name: j.name }))),
  );
  const note = h("textarea", { id: id("note"), rows: "2", "data-testid": "request-form-note" });
  const formError = h("div", { class: "form-errors", "data-testid": "request-form-error" });
  const submit = h("button", { type: "submit", "data-testid": "request-form-submit", "data-shortcut": "save" }, t("requests.form.submit"));
  const cancel = h("button", { type: "button", class: "secondary", "data-testid": "request-form-cancel" }, t("requests.form.cancel"));

  const controls: Record<FormField, HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement> = {
    type,
    email,
    name,
    merchant,
    received_on: received,
    jurisdiction,
    note,
  };

  const field = (f: FormField, label: string, control: HTMLElement, hint?: string) => {
    const error = h("p", { class: "field-error", id: `${id(f)}-error`, "data-testid": `${id(f)}-error` });
    errors.set(f, error);
    const hintId = hint ? `${id(f)}-hint` : null;
    control.setAttribute("aria-describedby", [hintId, `${id(f)}-error`].filter(Boolean).join(" "));
    return h(
      "div",
      { class: "field" },
      h("label", { for: id(f) }, label),
      control,
      hint ? h("p", { class: "hint", id: hintId }, hint) : null,
      error,
    );
  };

  const clearErrors = () => {
    replaceChildren(formError);
    for (const [f, el] of errors) {
      replaceChildren(el);
      controls[f].removeAttribute("aria-invalid");
    }
  };

  /** Shows a message next to its field (and moves there), or for the whole form. */
  const showError = (f: FormField | null, message: string) => {
    const sentence = message.charAt(0).toUpperCase() + message.slice(1);
    const el = f ? errors.get(f) : undefined;
    if (f && el) {
      replaceChildren(el, h("span", { role: "alert" }, sentence));
      controls[f].setAttribute("aria-invalid", "true");
      controls[f].focus();
    } else {
      replaceChildren(formError, errorAlert(message, t("requests.form.not_added")));
    }
  };

  const form = h(
    "form",
    { class: "panel request-form", "data-testid": "request-form", novalidate: true, "aria-labelledby": "request-form-heading" },
    h("h2", { id: "request-form-heading" }, t("requests.form.heading")),
    h("p", { class: "hint" }, t("requests.form.hint")),
    h(
      "div",
      { class: "form-grid" },
      field("type", t("requests.form.type"), type),
      field("email", t("requests.form.email"), email),
      field("name", t("requests.form.name"), name),
      field("merchant", t("requests.form.merchant"), merchant, t("requests.form.merchant_hint")),
      field("received_on", t("requests.form.received_on"), received, t("requests.form.received_on_hint")),
      field("jurisdiction", t("requests.form.jurisdiction"), jurisdiction, t("requests.form.jurisdiction_hint")),
    ),
    field("note", t("requests.form.note"), note, t("requests.form.note_hint")),
    formError,
    h("div", { class: "dialog-actions" }, cancel, submit),
  );

  const reset = () => {
    form.reset();
    clearErrors();
    received.value = today();
    received.max = today();
    type.focus();
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors();
    if (email.value.trim() === "") return showError("email", t("requests.form.email_missing"));
    if (!/^\d{4}-\d{2}-\d{2}$/.test(received.value)) return showError("received_on", t("requests.form.received_on_missing"));
    const entry: NewRequestForm = {
      type: type.value,
      email: email.value.trim(),
      name: optionalText(name.value),
      merchant: optionalText(merchant.value),
      received_on: received.value,
      jurisdiction: optionalText(jurisdiction.value),
      note: optionalText(note.value),
    };
    submit.disabled = cancel.disabled = true;
    submit.setAttribute("aria-busy", "true");
    try {
      onAdded(await api.addRequest(entry));
    } catch (error) {
      const message = errorMessage(error);
      showError(fieldForError(message), message);
    } finally {
      submit.disabled = cancel.disabled = false;
      submit.removeAttribute("aria-busy");
    }
  });
  cancel.addEventListener("click", () => onCancel());

  received.value = today();
  received.max = today();
  return { element: form, reset };
}
