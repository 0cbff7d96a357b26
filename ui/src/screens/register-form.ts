/**
 * Register forms with inline validation. The backend checks a form as the officer types (after a
 * pause) or leaves a field, and answers with one `FieldError` per bad field; each message shows
 * under its field once the officer has touched that field, and all of them once Save is pressed.
 * Save stays disabled while a shown problem stands, and a rejection on save shows in the form.
 *
 * Test ids, for a form with prefix `p`: `p-form`, `p-field-<name>`, `p-field-error-<name>`,
 * `p-save`, `p-cancel` and `p-form-error`. The save button carries `data-shortcut="save"`, so the
 * shell's save shortcut presses it.
 */
import { errorMessage, type FieldError } from "../api";
import { h, replaceChildren, type Attrs, type Child } from "../h";
import { t } from "../i18n";
import { errorAlert } from "../view";
import { closeDialog, openDialog } from "./register-table";

/** One field of a form. */
export interface FieldSpec {
  /** The backend's field name: the key of the input object and of its `FieldError`s. */
  name: string;
  label: string;
  type?: "text" | "date" | "email" | "number" | "textarea" | "select";
  /** [value, text] pairs of a select. */
  options?: ReadonlyArray<readonly [string, string]>;
  hint?: string;
  /** Marks the label; the backend decides what is really required. */
  required?: boolean;
  /** The value the field starts with. */
  value?: string;
  /** More attributes for the built control (autocomplete, min, list…). */
  attrs?: Attrs;
  /** A control the caller built (e.g. a checklist, labelled by its own legend), and how to read it. */
  custom?: { element: HTMLElement; read: () => string; focus: () => void };
}

/** A form's values by field name, as typed. */
export type Values = Record<string, string>;

/** The open form's handle. */
export interface ValidatedForm {
  element: HTMLFormElement;
  values(): Values;
  /** A field's control by name (null for custom fields and unknown names). */
  control(name: string): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null;
  /** Checks now; true when no problem stands. `all` shows problems of untouched fields too. */
  check(all?: boolean): Promise<boolean>;
  /** Stops a pending check. */
  destroy(): void;
}

/** What a form needs. */
export interface FormOptions {
  /** Names the test ids and element ids: `processor` gives `processor-field-name`. */
  prefix: string;
  heading: string;
  intro?: Child;
  fields: FieldSpec[];
  /** Asks the backend (or a local rule) what is wrong; an empty list means it would save. */
  check: (values: Values) => Promise<FieldError[]>;
  /** Saves; rejects with the backend's sentence, which the form then shows. */
  submit: (values: Values) => Promise<void>;
  submitLabel: string;
  onCancel: () => void;
  /** How long typing must pause before the form is checked. */
  delayMs?: number;
}

/** How long typing must pause before a form is checked. */
export const CHECK_DELAY_MS = 300;

/**
 * A field problem as a sentence under the field. The backend's messages are fragments that follow
 * the field's name ("is required"), or whole clauses ("'Singapore' is not an ISO … code").
 */
export function fieldMessage(label: string, message: string): string {
  const text = message.trim();
  const sentence = /^(is|are|holds|has|differs|must|needs)\b/.test(text)
    ? t("registers.form.field_problem", { label, message: text })
    : text.charAt(0).toUpperCase() + text.slice(1);
  if (/[.!?。！？]$/.test(sentence)) return sentence;
  // The backend writes English; a sentence our catalog gave in Chinese ends with a full-width stop.
  return /[\u3400-\u9fff）」]$/.test(sentence) ? `${sentence}\u3002` : `${sentence}.`;
}

/** Builds a form whose fields are checked inline (see the module comment). */
export function validatedForm(options: FormOptions): ValidatedForm {
  const { prefix, fields } = options;
  const delay = options.delayMs ?? CHECK_DELAY_MS;
  const controls = new Map<string, HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>();
  const slots = new Map<string, { wrapper: HTMLElement; target: HTMLElement; hintId: string | null; error: HTMLElement }>();

  const fieldId = (name: string) => `${prefix}-field-${name}`;
  const errorId = (name: string) => `${prefix}-field-error-${name}`;

  const wrappers = fields.map((spec) => {
    const id = fieldId(spec.name);
    const hintId = spec.hint ? `${id}-hint` : null;
    const error = h("div", { class: "field-error-slot" });
    let target: HTMLElement;
    let wrapper: HTMLElement;
    if (spec.custom) {
      target = spec.custom.element;
      wrapper = h("div", { class: "field", "data-field": spec.name }, target, spec.hint ? h("p", { class: "hint", id: hintId }, spec.hint) : null, error);
    } else {
      const control = buildControl(spec, id, hintId);
      controls.set(spec.name, control);
      target = control;
      wrapper = h(
        "div",
        { class: "field", "data-field": spec.name },
        h("label", { for: id }, spec.label, spec.required ? h("span", { class: "required-mark" }, t("registers.form.required_mark")) : null),
        control,
        spec.hint ? h("p", { class: "hint", id: hintId }, spec.hint) : null,
        error,
      );
    }
    slots.set(spec.name, { wrapper, target, hintId, error });
    return wrapper;
  });

  const general = h("div", { class: "form-errors", "data-testid": `${prefix}-form-error` });
  const save = h("button", { type: "submit", "data-testid": `${prefix}-save`, "data-shortcut": "save" }, options.submitLabel);
  const cancel = h("button", { type: "button", class: "secondary", "data-testid": `${prefix}-cancel` }, t("registers.form.cancel"));
  const headingId = `${prefix}-form-heading`;
  const form = h(
    "form",
    { class: "register-form", novalidate: true, "data-testid": `${prefix}-form`, "aria-labelledby": headingId },
    h("h2", { id: headingId }, options.heading),
    options.intro ?? null,
    wrappers,
    general,
    h("div", { class: "dialog-actions" }, cancel, save),
  );

  const values = (): Values => {
    const out: Values = {};
    for (const spec of fields) out[spec.name] = spec.custom ? spec.custom.read() : (controls.get(spec.name)?.value ?? "");
    return out;
  };

  // --- showing problems ------------------------------------------------------------------
  const touched = new Set<string>();
  let showAll = false;
  let problems: FieldError[] = [];
  let shown = 0;
  let busy = false;

  const updateButtons = () => {
    save.disabled = busy || shown > 0;
    cancel.disabled = busy;
  };

  const render = () => {
    shown = 0;
    const known = new Set(fields.map((f) => f.name));
    for (const spec of fields) {
      const slot = slots.get(spec.name)!;
      const mine = problems.filter((p) => p.field === spec.name);
      const visible = mine.length > 0 && (showAll || touched.has(spec.name));
      if (visible) {
        shown++;
        replaceChildren(
          slot.error,
          h("p", { class: "register-field-error", id: errorId(spec.name), "data-testid": errorId(spec.name) }, mine.map((p) => fieldMessage(spec.label, p.message)).join(" ")),
        );
        slot.target.setAttribute("aria-invalid", "true");
        slot.target.setAttribute("aria-describedby", [slot.hintId, errorId(spec.name)].filter(Boolean).join(" "));
        slot.wrapper.classList.add("invalid");
      } else {
        replaceChildren(slot.error);
        slot.target.removeAttribute("aria-invalid");
        if (slot.hintId) slot.target.setAttribute("aria-describedby", slot.hintId);
        else slot.target.removeAttribute("aria-describedby");
        slot.wrapper.classList.remove("invalid");
      }
    }
    // Problems with no field of their own (the register itself) show once everything does.
    const others = problems.filter((p) => !known.has(p.field));
    if (showAll && others.length > 0) {
      shown += others.length;
      replaceChildren(
        general,
        h("div", { class: "alert", role: "alert" }, h("strong", null, `${t("registers.form.not_saved")} `), h("ul", null, others.map((p) => h("li", null, t("registers.form.other_problem", { field: p.field, message: p.message }))))),
      );
    } else if (general.querySelector("ul")) {
      replaceChildren(general);
    }
    updateButtons();
  };

  // --- checking --------------------------------------------------------------------------
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  let destroyed = false;

  /** Asks for the problems and shows them; true when none stands. Never rejects. */
  const runCheck = async (): Promise<boolean> => {
    clearTimeout(timer);
    const mine = ++generation;
    form.setAttribute("aria-busy", "true");
    try {
      const found = await options.check(values());
      if (mine !== generation || destroyed) return found.length === 0;
      problems = found;
      if (general.querySelector("[data-check-failed]")) replaceChildren(general);
      render();
      return found.length === 0;
    } catch (error) {
      // The save will say the same if it matters; a form that cannot be checked can still be saved.
      if (mine === generation && !destroyed) {
        problems = [];
        render();
        replaceChildren(general, h("p", { class: "hint", "data-check-failed": "" }, t("registers.form.check_failed", { message: errorMessage(error) })));
      }
      return true;
    } finally {
      if (mine === generation) form.removeAttribute("aria-busy");
    }
  };

  const fieldOf = (event: Event): string | null => {
    const el = (event.target as Element | null)?.closest?.("[data-field]");
    return el?.getAttribute("data-field") ?? null;
  };
  form.addEventListener("input", (event) => {
    const name = fieldOf(event);
    if (!name) return;
    touched.add(name);
    // What is being checked has changed: an answer about the old values is stale.
    generation++;
    clearTimeout(timer);
    timer = setTimeout(() => void runCheck(), delay);
  });
  // Leaving a field (or picking from a select) checks at once.
  form.addEventListener("change", (event) => {
    const name = fieldOf(event);
    if (!name) return;
    touched.add(name);
    void runCheck();
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    save.setAttribute("aria-busy", "true");
    updateButtons();
    showAll = true;
    try {
      if (!(await runCheck())) {
        focusFirstInvalid();
        return;
      }
      replaceChildren(general);
      await options.submit(values());
    } catch (error) {
      replaceChildren(general, errorAlert(errorMessage(error), t("registers.form.not_saved")));
    } finally {
      busy = false;
      save.removeAttribute("aria-busy");
      updateButtons();
    }
  });
  cancel.addEventListener("click", () => options.onCancel());

  const focusFirstInvalid = () => {
    for (const spec of fields) {
      if (slots.get(spec.name)!.wrapper.classList.contains("invalid")) {
        if (spec.custom) spec.custom.focus();
        else controls.get(spec.name)?.focus();
        return;
      }
    }
    general.querySelector<HTMLElement>("[role=alert]")?.focus?.();
  };

  updateButtons();
  return {
    element: form,
    values,
    control: (name) => controls.get(name) ?? null,
    check: async (all = false) => {
      if (all) showAll = true;
      return runCheck();
    },
    destroy() {
      destroyed = true;
      clearTimeout(timer);
      generation++;
    },
  };
}

function buildControl(spec: FieldSpec, id: string, hintId: string | null): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement {
  const common: Attrs = {
    id,
    name: spec.name,
    "data-testid": id,
    "aria-describedby": hintId,
    "aria-required": spec.required ? "true" : null,
    ...(spec.attrs ?? {}),
  };
  const value = spec.value ?? "";
  if (spec.type === "select") {
    const select = h("select", common, (spec.options ?? []).map(([v, text]) => h("option", { value: v }, text)));
    select.value = value;
    return select;
  }
  if (spec.type === "textarea") {
    const area = h("textarea", { rows: "3", ...common });
    area.value = value;
    return area;
  }
  const input = h("input", { type: spec.type ?? "text", autocomplete: "off", ...common });
  input.value = value;
  return input;
}

/** A form in a modal dialog; closing it (Cancel, Escape, or `close`) calls `onClose` once. */
export interface FormDialog {
  element: HTMLDialogElement;
  open(): void;
  close(): void;
}

/**
 * Puts `form` in a `<dialog>` with test id `<prefix>-dialog`, named by the form's heading
 * (`<prefix>-form-heading`). Focus moves to the first field on open, and back to the control that
 * opened the dialog when it closes — unless the caller has put it somewhere else meanwhile.
 */
export function formDialog(prefix: string, form: ValidatedForm | HTMLFormElement, onClose: () => void): FormDialog {
  const element = form instanceof HTMLFormElement ? form : form.element;
  const dialog = h("dialog", { class: "register-dialog", "aria-labelledby": `${prefix}-form-heading`, "data-testid": `${prefix}-dialog` }, element);
  let closed = false;
  let opener: HTMLElement | null = null;
  const finish = () => {
    if (closed) return;
    closed = true;
    if (!(form instanceof HTMLFormElement)) form.destroy();
    onClose();
    // Focus left in the (closed, often removed) dialog or dropped on the page goes back to the opener.
    const active = document.activeElement;
    const lost = !active || active === document.body || dialog.contains(active) || !active.isConnected;
    if (lost && opener?.isConnected) opener.focus();
  };
  // Escape closes a modal dialog natively; the officer meant Cancel.
  dialog.addEventListener("close", finish);
  return {
    element: dialog,
    open() {
      const active = document.activeElement;
      opener = active instanceof HTMLElement && active !== document.body && !dialog.contains(active) ? active : null;
      openDialog(dialog);
      // The first field in document order (a selector list's first match may not be).
      const fields = Array.from(element.querySelectorAll<HTMLElement>("*")).filter((el) => /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName) && el.getAttribute("type") !== "hidden");
      fields[0]?.focus();
    },
    close() {
      closeDialog(dialog);
      finish();
    },
  };
}
