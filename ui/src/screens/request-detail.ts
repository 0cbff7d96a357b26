/**
 * One rights request (`#/requests/<id>`): who asked for what, the deadline with the rule that set it
 * and every rule that applied, the clock (extension, pauses), the timeline, the messages as plain
 * text, and the actions the workflow allows. Every action goes to the backend as one
 * `act_on_request` call and the view is rebuilt from what it returns. Links lead to the previous
 * and next request of the inbox the officer came from (see request-trail.ts).
 */
import {
  errorMessage,
  LETTER_LANGUAGES,
  LETTER_TEMPLATES,
  type Api,
  type Attachment,
  type Jurisdiction,
  type LetterLanguage,
  type LetterTemplate,
  type Period,
  type RequestAction,
  type RequestEvent,
  type RequestMessage,
  type RequestView,
} from "../api";
import { h, replaceChildren, type Child } from "../h";
import { formatDate, locale, t, tn, tOptional, type Locale, type MessageKey } from "../i18n";
import type { ScreenContext } from "../routes";
import { badge, byteSize, calendarDate, errorAlert, instant, optional, screenTitle, statusWord } from "../view";
import { messageParts } from "./message-parts";
import { CLOSED_STATUSES, daysLeftText, optionalText, REQUEST_TYPES, todayIso, urgencyOf } from "./request-terms";
import { findNeighbours, type Neighbours } from "./request-trail";

// --- words ------------------------------------------------------------------------------
// Looked up when a view is drawn, never at module load: the language can change while the app runs.

/** A transition button's label: "Start identity check", "Complete", … */
function transitionLabel(status: string): string {
  return tOptional(`requests.transition.${status}`) ?? t("requests.transition.other", { status: statusWord(status) });
}

/** A letter template's name: "Acknowledgement", "Refusal with reasons", … */
export function templateLabel(template: string): string {
  return tOptional(`requests.letter.template.${template}`) ?? statusWord(template);
}

/** A letter language's name, in the language of the UI. */
export function languageLabel(lang: string): string {
  return tOptional(`requests.letter.lang.${lang.toLowerCase().replace(/-/g, "_")}`) ?? lang;
}

/** How a request arrived: "Email", "Shopify compliance webhook", "Entered by hand". */
function channelLabel(channel: string): string {
  return tOptional(`requests.channel.${channel}`) ?? statusWord(channel);
}

/** A calendar date in the chosen locale, or "?" when missing (inside a sentence). */
const dateText = (value: string | null | undefined): string => (value ? formatDate(value) : "?");

/** "2 months", "45 days". */
export function periodText(p: Period): string {
  return "days" in p ? tn("requests.period.days", p.days) : tn("requests.period.months", p.months);
}

/** The attachments a message lists, whatever shape the stored JSON has. */
export function attachmentsOf(value: unknown): Attachment[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((a): a is Record<string, unknown> => typeof a === "object" && a !== null)
    .map((a) => ({
      name: typeof a.name === "string" && a.name ? a.name : t("requests.message.unnamed"),
      content_type: typeof a.content_type === "string" ? a.content_type : t("requests.message.unknown_type"),
      size: typeof a.size === "number" ? a.size : 0,
    }));
}

/** A timeline entry in words: what happened, and its details. */
export function describeEvent(e: RequestEvent): { what: string; details: string } {
  const d = (typeof e.detail === "object" && e.detail !== null ? e.detail : {}) as Record<string, unknown>;
  const s = (key: string): string | null => {
    const v = d[key];
    return typeof v === "string" && v !== "" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : null;
  };
  const w = (key: string) => (s(key) ? statusWord(s(key)!) : "?");
  const parts = (...items: Array<string | null | false>) => items.filter(Boolean).join(t("requests.event.separator"));
  const note = s("note") ? t("requests.event.note", { note: s("note")! }) : null;
  const due = s("due_date") ? t("requests.event.due_now", { date: dateText(s("due_date")) }) : null;
  switch (e.kind) {
    case "received":
      return {
        what: t("requests.event.received", { channel: s("channel") ? channelLabel(s("channel")!).toLowerCase() : "?" }),
        details: parts(
          s("classification") ? t("requests.event.type_classified", { type: w("type"), why: s("classification")! }) : t("requests.event.type", { type: w("type") }),
          s("jurisdiction") && t("requests.event.jurisdiction", { code: s("jurisdiction")! }),
          s("due_date") && (s("rule") ? t("requests.event.due_under", { date: dateText(s("due_date")), rule: s("rule")! }) : t("requests.event.due", { date: dateText(s("due_date")) })),
          note,
        ),
      };
    case "reply":
      return {
        what: t("requests.event.reply"),
        details: parts(s("sender") && t("requests.event.from", { sender: s("sender")! }), s("subject") && t("requests.event.subject", { subject: s("subject")! })),
      };
    case "status":
      return {
        what: t("requests.event.status", { old: w("old"), new: w("new") }),
        details: parts(note, d.pdpo_log_book === true && t("requests.event.log_book")),
      };
    case "classified":
      return { what: t("requests.event.classified", { old: w("old"), new: w("new") }), details: parts(note, due) };
    case "jurisdiction":
      return { what: t("requests.event.jurisdiction_changed", { old: s("old") ?? "?", new: s("new") ?? "?" }), details: parts(note, due) };
    case "identity_verified":
      return {
        what: t("requests.event.identity_verified"),
        details: parts(s("method") && t("requests.event.by_method", { method: s("method")! }), s("on") && t("requests.event.on", { date: dateText(s("on")) })),
      };
    case "extension":
      return {
        what: t("requests.event.extension"),
        details: parts(
          s("reason") && t("requests.event.reason", { reason: s("reason")! }),
          t("requests.event.due_moved", { old: dateText(s("old_due_date")), new: dateText(s("due_date")) }),
          s("notice_due") && t("requests.event.notice_due", { date: dateText(s("notice_due")) }),
        ),
      };
    case "pause":
      return {
        what: t("requests.event.pause"),
        details: parts(s("on") && t("requests.event.on", { date: dateText(s("on")) }), s("reason") && t("requests.event.reason", { reason: s("reason")! })),
      };
    case "resume": {
      const days = typeof d.paused_days === "number" ? d.paused_days : s("paused_days") ? Number(s("paused_days")) : null;
      return {
        what: t("requests.event.resume"),
        details: parts(days !== null && Number.isFinite(days) && tn("requests.event.after_days", days), due, note),
      };
    }
    case "letter_drafted":
      return {
        what: t("requests.event.letter_drafted"),
        details: parts(
          s("template") && templateLabel(s("template")!),
          s("lang") && languageLabel(s("lang")!),
          s("file") && t("requests.event.saved_to", { file: s("file")! }),
        ),
      };
    case "deadline":
      return { what: t("requests.event.deadline"), details: parts(t("requests.event.moved", { old: dateText(s("old")), new: dateText(s("new")) }), s("why")) };
    default:
      // A kind this screen does not know yet: its stored name and fields, as they are.
      return {
        what: statusWord(e.kind).replace(/^./, (c) => c.toUpperCase()),
        details: parts(...Object.keys(d).map((k) => (s(k) ? `${statusWord(k)}: ${s(k)}` : null))),
      };
  }
}

/** Han characters, and words in Latin letters: what tells Chinese writing from English. */
const HAN = /[\u3400-\u9fff\uf900-\ufaff]/g;
const LATIN_WORD = /[A-Za-z]{2,}/g;

/** The language a text is written in, when it says enough to tell; null otherwise. */
export function writtenIn(text: string): LetterLanguage | null {
  const han = text.match(HAN)?.length ?? 0;
  const words = text.match(LATIN_WORD)?.length ?? 0;
  if (han + words < 3) return null;
  return han >= words ? "zh-HK" : "en";
}

const isLetterLanguage = (value: unknown): value is LetterLanguage => (LETTER_LANGUAGES as readonly unknown[]).includes(value);

/**
 * The language a letter to this requester starts in: the request's language if the register knows
 * it (a `language` the backend records, else the language of the last letter drafted for it, else
 * the language the requester wrote their email in), otherwise the language the UI speaks.
 */
export function defaultLetterLanguage(view: RequestView, ui: Locale = locale()): LetterLanguage {
  const recorded = (view.detail as { language?: unknown }).language;
  if (isLetterLanguage(recorded)) return recorded;
  for (const e of [...view.timeline].reverse()) {
    const lang = e.kind === "letter_drafted" && typeof e.detail === "object" && e.detail !== null ? (e.detail as { lang?: unknown }).lang : null;
    if (isLetterLanguage(lang)) return lang;
  }
  if (view.detail.channel === "email") {
    const original = view.messages.find((m) => m.role === "original");
    const text = original ? `${original.subject ?? ""}\n${original.body ?? ""}` : `${view.detail.subject ?? ""}\n${view.detail.body ?? ""}`;
    const written = writtenIn(text);
    if (written) return written;
  }
  return isLetterLanguage(ui) ? ui : "en";
}

// --- rendering --------------------------------------------------------------------------

/** What the detail view asks of the screen around it. */
export interface DetailActions {
  /** Sends one action; resolves once the view shows the result, rejects with the backend's refusal. */
  act(action: RequestAction, done: string): Promise<void>;
  /** Drafts a letter; rejects with the backend's refusal. */
  draft(template: LetterTemplate, lang: LetterLanguage): Promise<void>;
}

/** What the detail view needs besides the request. */
export interface DetailOptions extends DetailActions {
  jurisdictions: Jurisdiction[];
  /** Today on this machine, YYYY-MM-DD: the default date of an identity check. */
  today?: string;
}

const fact = (term: string, ...value: Child[]) => [h("dt", null, term), h("dd", null, ...value)];

/**
 * Gives a form's submit button `data-shortcut="save"` while the officer works in that form, so the
 * shell's save shortcut saves the form being edited and never another one on the page.
 */
function saveWhileFocused(form: HTMLFormElement, submit: HTMLButtonElement): void {
  form.addEventListener("focusin", () => {
    for (const other of Array.from(document.querySelectorAll('.request-body [data-shortcut="save"]'))) {
      if (other !== submit) other.removeAttribute("data-shortcut");
    }
    submit.setAttribute("data-shortcut", "save");
  });
  form.addEventListener("focusout", (event: Event) => {
    const to = (event as FocusEvent).relatedTarget as Node | null;
    if (!to || !form.contains(to)) submit.removeAttribute("data-shortcut");
  });
}

/** A small form: its own error slot, and a submit button that sends what `build` makes of it. */
function actionForm(options: {
  legend: string;
  testid: string;
  submitLabel: string;
  fields: Child[];
  hint?: string;
  /** The action, or a sentence saying what is missing. */
  build: () => RequestAction | string;
  /** What the screen says once it is done. */
  done: string;
  act: DetailActions["act"];
}): HTMLFormElement {
  const errors = h("div", { class: "form-errors", "data-testid": `${options.testid}-error` });
  const submit = h("button", { type: "submit", class: "secondary", "data-testid": options.testid }, options.submitLabel);
  const form = h(
    "form",
    { class: "action-form", novalidate: true },
    h(
      "fieldset",
      null,
      h("legend", null, options.legend),
      options.hint ? h("p", { class: "hint" }, options.hint) : null,
      options.fields,
      errors,
      submit,
    ),
  );
  saveWhileFocused(form, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    replaceChildren(errors);
    const action = options.build();
    if (typeof action === "string") {
      replaceChildren(errors, errorAlert(action, t("requests.detail.not_changed")));
      return;
    }
    submit.disabled = true;
    submit.setAttribute("aria-busy", "true");
    try {
      await options.act(action, options.done);
    } catch (error) {
      replaceChildren(errors, errorAlert(errorMessage(error), t("requests.detail.not_changed")));
    } finally {
      submit.disabled = false;
      submit.removeAttribute("aria-busy");
    }
  });
  return form;
}

/** A labelled control inside an action form. */
function control(id: string, label: string, input: HTMLElement, hint?: string): HTMLElement {
  if (hint) input.setAttribute("aria-describedby", `${id}-hint`);
  return h("div", { class: "field" }, h("label", { for: id }, label), input, hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null);
}

/** The workflow: one button per status the request may move to, sharing an optional note. */
function workflowPanel(view: RequestView, act: DetailActions["act"]): HTMLElement {
  const note = h("textarea", { id: "request-action-note", rows: "2", "data-testid": "request-action-note", "aria-describedby": "request-action-note-hint" });
  const errors = h("div", { class: "form-errors", "data-testid": "request-action-error" });
  const buttons = view.allowed_next.map((status) => {
    const closing = CLOSED_STATUSES.includes(status);
    const button = h(
      "button",
      { type: "button", class: closing ? "secondary" : null, "data-testid": `request-action-${status}`, "data-status": status },
      transitionLabel(status),
    );
    button.addEventListener("click", async () => {
      replaceChildren(errors);
      const text = optionalText(note.value);
      if (closing && text === null) {
        replaceChildren(
          errors,
          errorAlert(
            status === "refused" ? t("requests.workflow.refuse_needs_reasons") : t("requests.workflow.close_needs_outcome", { status: statusWord(status) }),
            t("requests.detail.not_changed"),
          ),
        );
        note.focus();
        return;
      }
      for (const b of buttons) b.disabled = true;
      button.setAttribute("aria-busy", "true");
      try {
        await act({ action: "transition", status, note: text }, t("requests.workflow.moved", { status: statusWord(status) }));
      } catch (error) {
        replaceChildren(errors, errorAlert(errorMessage(error), t("requests.detail.not_changed")));
      } finally {
        for (const b of buttons) b.disabled = false;
        button.removeAttribute("aria-busy");
      }
    });
    return button;
  });
  return h(
    "fieldset",
    { class: "workflow", "data-testid": "request-workflow" },
    h("legend", null, t("requests.workflow.legend")),
    h(
      "div",
      { class: "field" },
      h("label", { for: "request-action-note" }, t("requests.workflow.note")),
      note,
      h("p", { class: "hint", id: "request-action-note-hint" }, t("requests.workflow.note_hint")),
    ),
    h("div", { class: "toolbar" }, buttons),
    errors,
  );
}

/** The actions an open request offers. */
function actionsPanel(view: RequestView, options: DetailOptions): HTMLElement {
  const d = view.detail;
  const act = options.act;
  const today = options.today ?? todayIso();
  const forms: HTMLElement[] = [workflowPanel(view, act)];

  // Identity verification.
  const method = h("input", { id: "request-verify-method", type: "text", autocomplete: "off", "data-testid": "request-verify-method" });
  const on = h("input", { id: "request-verify-on", type: "date", value: today, max: today, "data-testid": "request-verify-on" });
  forms.push(
    actionForm({
      legend: t("requests.verify.legend"),
      testid: "request-verify",
      submitLabel: t("requests.verify.submit"),
      fields: [
        control("request-verify-method", t("requests.verify.method"), method, t("requests.verify.method_hint")),
        control("request-verify-on", t("requests.verify.on"), on),
      ],
      build: () => {
        const m = optionalText(method.value);
        if (m === null) return t("requests.verify.method_missing");
        if (!/^\d{4}-\d{2}-\d{2}$/.test(on.value)) return t("requests.verify.on_missing");
        return { action: "verify_identity", method: m, on: on.value };
      },
      done: t("requests.verify.done"),
      act,
    }),
  );

  // Extension: once, where the governing rule allows it.
  const extension = d.deadline?.extension ?? null;
  if (!d.extended && extension) {
    const reason = h("textarea", { id: "request-extend-reason", rows: "2", "data-testid": "request-extend-reason" });
    const period = periodText(extension);
    forms.push(
      actionForm({
        legend: t("requests.extend.legend", { period }),
        testid: "request-extend",
        submitLabel: t("requests.extend.submit", { period }),
        hint: d.deadline!.extension_notice_due
          ? t("requests.extend.hint", { rule: d.deadline!.rule, date: formatDate(d.deadline!.extension_notice_due) })
          : t("requests.extend.hint_undated", { rule: d.deadline!.rule }),
        fields: [control("request-extend-reason", t("requests.extend.reason"), reason)],
        build: () => {
          const r = optionalText(reason.value);
          return r === null ? t("requests.extend.reason_missing") : { action: "extend", reason: r };
        },
        done: t("requests.extend.done"),
        act,
      }),
    );
  }

  // Pause or resume the clock.
  if (d.paused_since) {
    const resumeNote = h("input", { id: "request-resume-note", type: "text", autocomplete: "off", "data-testid": "request-resume-note" });
    forms.push(
      actionForm({
        legend: t("requests.resume.legend"),
        testid: "request-resume",
        submitLabel: t("requests.resume.submit"),
        hint: t("requests.resume.hint", { date: formatDate(d.paused_since) }),
        fields: [control("request-resume-note", t("requests.resume.note"), resumeNote)],
        build: () => ({ action: "resume", note: optionalText(resumeNote.value) }),
        done: t("requests.resume.done"),
        act,
      }),
    );
  } else {
    const pauseReason = h("input", { id: "request-pause-reason", type: "text", autocomplete: "off", "data-testid": "request-pause-reason" });
    forms.push(
      actionForm({
        legend: t("requests.pause.legend"),
        testid: "request-pause",
        submitLabel: t("requests.pause.submit"),
        hint: t("requests.pause.hint"),
        fields: [control("request-pause-reason", t("requests.pause.reason"), pauseReason)],
        build: () => {
          const r = optionalText(pauseReason.value);
          return r === null ? t("requests.pause.reason_missing") : { action: "pause", reason: r };
        },
        done: t("requests.pause.done"),
        act,
      }),
    );
  }

  // Correct the type.
  const typeSelect = h(
    "select",
    { id: "request-classify-type", "data-testid": "request-classify-type" },
    REQUEST_TYPES.map((type) => h("option", { value: type, selected: type === d.type }, statusWord(type))),
  );
  const typeNote = h("input", { id: "request-classify-note", type: "text", autocomplete: "off", "data-testid": "request-classify-note" });
  forms.push(
    actionForm({
      legend: t("requests.classify.legend"),
      testid: "request-classify",
      submitLabel: t("requests.classify.submit"),
      hint: t("requests.classify.hint"),
      fields: [control("request-classify-type", t("requests.classify.type"), typeSelect), control("request-classify-note", t("requests.classify.note"), typeNote)],
      build: () =>
        typeSelect.value === d.type
          ? t("requests.classify.same", { type: statusWord(d.type) })
          : { action: "classify", type: typeSelect.value, note: optionalText(typeNote.value) },
      done: t("requests.classify.done"),
      act,
    }),
  );

  // Change the jurisdiction (not after an extension taken under the old one).
  if (d.extended) {
    forms.push(h("p", { class: "note" }, t("requests.jurisdiction.locked", { code: d.jurisdiction })));
  } else {
    const codes = options.jurisdictions.some((j) => j.code === d.jurisdiction)
      ? options.jurisdictions
      : [{ code: d.jurisdiction, name: d.jurisdiction }, ...options.jurisdictions];
    const codeSelect = h(
      "select",
      { id: "request-jurisdiction-code", "data-testid": "request-jurisdiction-code" },
      codes.map((j) => h("option", { value: j.code, selected: j.code === d.jurisdiction }, t("requests.jurisdiction.option", { code: j.code, name: j.name }))),
    );
    const codeNote = h("input", { id: "request-jurisdiction-note", type: "text", autocomplete: "off", "data-testid": "request-jurisdiction-note" });
    forms.push(
      actionForm({
        legend: t("requests.jurisdiction.legend"),
        testid: "request-set-jurisdiction",
        submitLabel: t("requests.jurisdiction.submit"),
        hint: t("requests.jurisdiction.hint"),
        fields: [
          control("request-jurisdiction-code", t("requests.jurisdiction.code"), codeSelect),
          control("request-jurisdiction-note", t("requests.jurisdiction.note"), codeNote),
        ],
        build: () =>
          codeSelect.value === d.jurisdiction
            ? t("requests.jurisdiction.same", { code: d.jurisdiction })
            : { action: "set_jurisdiction", code: codeSelect.value, note: optionalText(codeNote.value) },
        done: t("requests.jurisdiction.done"),
        act,
      }),
    );
  }

  return h(
    "section",
    { class: "panel request-actions", "aria-labelledby": "request-actions-heading", "data-testid": "request-actions" },
    h("h2", { id: "request-actions-heading" }, t("requests.detail.actions")),
    h("div", { class: "action-grid" }, forms),
  );
}

/** Drafting a letter: template and language, saved as a draft .eml the officer sends. */
function lettersPanel(view: RequestView, draft: DetailActions["draft"]): HTMLElement {
  const suggested: LetterTemplate =
    view.detail.status === "refused"
      ? "refusal"
      : view.detail.status === "completed"
        ? "completion"
        : view.detail.status === "identity_check"
          ? "identity_check"
          : "acknowledgement";
  const language = defaultLetterLanguage(view);
  const template = h(
    "select",
    { id: "request-letter-template", "data-testid": "request-letter-template" },
    LETTER_TEMPLATES.map((l) => h("option", { value: l, selected: l === suggested }, templateLabel(l))),
  );
  const lang = h(
    "select",
    { id: "request-letter-lang", "data-testid": "request-letter-lang" },
    LETTER_LANGUAGES.map((l) => h("option", { value: l, selected: l === language }, languageLabel(l))),
  );
  const errors = h("div", { class: "form-errors", "data-testid": "request-draft-error" });
  const submit = h("button", { type: "submit", class: "secondary", "data-testid": "request-draft", "aria-haspopup": "dialog" }, t("requests.letter.submit"));
  const form = h(
    "form",
    { class: "letters-form", novalidate: true },
    h(
      "div",
      { class: "inline-fields" },
      control("request-letter-template", t("requests.letter.template_label"), template),
      control("request-letter-lang", t("requests.letter.lang_label"), lang),
    ),
    submit,
    errors,
  );
  saveWhileFocused(form, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    replaceChildren(errors);
    submit.disabled = true;
    submit.setAttribute("aria-busy", "true");
    try {
      await draft(template.value as LetterTemplate, lang.value as LetterLanguage);
    } catch (error) {
      replaceChildren(errors, errorAlert(errorMessage(error), t("requests.letter.not_drafted")));
    } finally {
      submit.disabled = false;
      submit.removeAttribute("aria-busy");
    }
  });
  return h(
    "section",
    { class: "panel request-letters", "aria-labelledby": "request-letters-heading", "data-testid": "request-letters" },
    h("h2", { id: "request-letters-heading" }, t("requests.letter.heading")),
    h("p", { class: "hint" }, t("requests.letter.hint")),
    form,
  );
}

/** One message: headers, the body as plain text, and the attachments by name only. */
export function renderMessage(m: RequestMessage): HTMLElement {
  const attachments = attachmentsOf(m.attachments);
  return h(
    "article",
    { class: "message", "data-testid": "request-message-item", "data-role": m.role, "aria-labelledby": `message-${m.id}-subject` },
    h("h3", { id: `message-${m.id}-subject` }, m.subject || t("requests.message.no_subject"), " ", badge(m.role)),
    h(
      "dl",
      { class: "facts inline" },
      fact(t("requests.message.from"), optional(m.sender)),
      fact(t("requests.message.sent"), instant(m.sent_at)),
      fact(t("requests.message.received"), instant(m.received_at)),
      fact(t("requests.message.message_id"), m.message_id ? h("code", null, m.message_id) : optional(null)),
      m.in_reply_to ? fact(t("requests.message.in_reply_to"), h("code", null, m.in_reply_to)) : null,
      fact(t("requests.message.sha256"), h("code", { class: "hash", title: m.sha256 }, m.sha256.slice(0, 16)), "\u2026"),
      m.source_file ? fact(t("requests.message.file"), h("code", null, m.source_file)) : null,
    ),
    // Text, never markup: the body goes in as a text node.
    h(
      "pre",
      {
        class: "message-body",
        "data-testid": "message-body",
        tabindex: "0",
        "aria-label": m.subject ? t("requests.message.body_label", { subject: m.subject }) : t("requests.message.body_label_untitled"),
      },
      m.body ?? "",
    ),
    attachments.length > 0
      ? h(
          "div",
          { class: "attachments" },
          h("h4", null, tn("requests.message.attachments", attachments.length)),
          h(
            "ul",
            { "data-testid": "message-attachments" },
            attachments.map((a) =>
              h("li", null, h("span", { class: "attachment-name" }, a.name), t("requests.message.attachment", { type: a.content_type, size: byteSize(a.size) })),
            ),
          ),
        )
      : null,
  );
}

/** Renders one request. Pure: the actions are callbacks. */
export function renderRequestDetail(view: RequestView, options: DetailOptions): HTMLElement {
  const d = view.detail;
  const deadline = d.deadline;
  const open = !CLOSED_STATUSES.includes(d.status);
  const urgency = urgencyOf(d);
  const jurisdictionName = options.jurisdictions.find((j) => j.code === d.jurisdiction)?.name;
  const governing = deadline?.rule ?? d.rule;

  const extensionText = (): string => {
    if (d.extended) {
      const when = d.extended_at ? t("requests.detail.extended_on", { date: formatDate(d.extended_at.slice(0, 10)) }) : t("requests.detail.extended");
      const reason = d.extension_reason ? t("requests.detail.extended_reason", { reason: d.extension_reason }) : "";
      const notice = d.extension_notice_due ? t("requests.detail.extended_notice", { date: formatDate(d.extension_notice_due) }) : t("requests.detail.extended_end");
      return `${when}${reason}${notice}`;
    }
    if (deadline?.extension) {
      return t("requests.detail.extension_available", { period: periodText(deadline.extension), date: dateText(deadline.extension_notice_due) });
    }
    return t("requests.detail.extension_none");
  };

  const requester = [d.requester_name, d.requester_email ? `<${d.requester_email}>` : null].filter(Boolean).join(" ");
  const clock = d.paused_since
    ? t("requests.detail.clock_paused", { date: formatDate(d.paused_since) })
    : open
      ? t("requests.detail.clock_running")
      : t("requests.detail.clock_stopped", { status: statusWord(d.status) });

  return h(
    "div",
    { class: "request-body", "data-status": d.status, "data-urgency": urgency },
    h(
      "section",
      { class: `panel request-deadline urgency-${urgency}`, "aria-labelledby": "request-deadline-heading", "data-testid": "request-deadline" },
      h("h2", { id: "request-deadline-heading" }, t("requests.detail.deadline")),
      h(
        "dl",
        { class: "facts" },
        fact(t("requests.detail.status"), h("span", { "data-testid": "request-status", "data-status": d.status }, badge(d.status))),
        fact(
          t("requests.detail.due_date"),
          h("span", { "data-testid": "request-due" }, calendarDate(d.due_date)),
          " ",
          h("span", { class: `days-left days-left-${urgency}`, "data-testid": "request-days-left" }, t("requests.detail.days_left", { text: daysLeftText(d) })),
        ),
        fact(t("requests.detail.set_by"), governing ? h("span", { "data-testid": "request-rule" }, governing) : optional(null)),
        deadline?.source ? fact(t("requests.detail.source"), h("span", { class: "source" }, deadline.source)) : null,
        deadline && deadline.candidates.length > 0
          ? fact(
              t("requests.detail.candidates"),
              h(
                "ul",
                { class: "candidates", "data-testid": "request-candidates" },
                deadline.candidates.map((c) =>
                  h(
                    "li",
                    { "data-rule-id": c.rule_id },
                    messageParts(t("requests.detail.candidate", { rule: c.rule }), { date: calendarDate(c.due_date) }),
                    c.rule_id === deadline.rule_id ? h("strong", null, t("requests.detail.governs")) : null,
                  ),
                ),
              ),
            )
          : null,
        fact(t("requests.detail.acknowledge_by"), h("span", { "data-testid": "request-acknowledge-by" }, calendarDate(d.acknowledge_by ?? deadline?.acknowledge_by))),
        fact(t("requests.detail.extension"), h("span", { "data-testid": "request-extension" }, extensionText())),
        fact(
          t("requests.detail.clock"),
          h("span", { "data-testid": "request-clock" }, clock),
          view.pauses.length > 0
            ? h(
                "ul",
                { class: "pauses" },
                view.pauses.map((p) =>
                  h(
                    "li",
                    null,
                    t("requests.detail.pause_item", {
                      from: formatDate(p.paused_on),
                      to: p.resumed_on ? formatDate(p.resumed_on) : t("requests.detail.pause_now"),
                      reason: p.reason,
                      by: p.paused_by,
                    }),
                  ),
                ),
              )
            : null,
        ),
        d.outcome
          ? fact(t("requests.detail.outcome"), h("span", { "data-testid": "request-outcome" }, d.outcome), d.closed_at ? messageParts(t("requests.detail.closed_at"), { when: instant(d.closed_at) }) : null)
          : null,
      ),
      deadline && deadline.notes.length > 0 ? h("ul", { class: "note deadline-notes" }, deadline.notes.map((n) => h("li", null, n))) : null,
    ),
    h(
      "section",
      { class: "panel request-facts", "aria-labelledby": "request-facts-heading" },
      h("h2", { id: "request-facts-heading" }, t("requests.detail.request")),
      h(
        "dl",
        { class: "facts" },
        fact(t("requests.detail.requester"), h("span", { "data-testid": "request-requester" }, requester || "\u2014")),
        fact(t("requests.detail.merchant"), optional(d.merchant)),
        fact(
          t("requests.detail.type"),
          h("span", { "data-testid": "request-type", "data-type": d.type }, d.type === "needs_triage" ? badge(d.type) : statusWord(d.type)),
          d.classification_note ? h("span", { class: "classification", "data-testid": "request-classification" }, ` \u2014 ${d.classification_note}`) : null,
        ),
        fact(
          t("requests.detail.jurisdiction"),
          h("span", { "data-testid": "request-jurisdiction" }, d.jurisdiction),
          jurisdictionName ? ` \u2014 ${jurisdictionName}` : null,
        ),
        fact(t("requests.detail.channel"), channelLabel(d.channel)),
        fact(t("requests.detail.received"), messageParts(t("requests.detail.received_value"), { date: calendarDate(d.received_on), when: instant(d.received_at) })),
        fact(
          t("requests.detail.identity"),
          h(
            "span",
            { "data-testid": "request-identity" },
            d.identity_method
              ? d.identity_verified_on
                ? t("requests.detail.identity_verified_on", { date: formatDate(d.identity_verified_on), method: d.identity_method })
                : t("requests.detail.identity_verified", { method: d.identity_method })
              : t("requests.detail.identity_not_verified"),
          ),
        ),
        d.subject ? fact(t("requests.detail.subject"), d.subject) : null,
        d.message_sha256 ? fact(t("requests.detail.original_sha256"), h("code", { class: "hash", "data-testid": "request-sha256" }, d.message_sha256)) : null,
      ),
    ),
    open
      ? actionsPanel(view, options)
      : h("p", { class: "note", "data-testid": "request-closed-note" }, t("requests.detail.closed_note", { status: statusWord(d.status) })),
    lettersPanel(view, options.draft),
    h(
      "section",
      { class: "panel", "aria-labelledby": "request-timeline-heading" },
      h("h2", { id: "request-timeline-heading" }, t("requests.detail.timeline")),
      view.timeline.length === 0
        ? h("p", { "data-testid": "request-timeline" }, t("requests.detail.timeline_empty"))
        : h(
            "ol",
            { class: "timeline", "data-testid": "request-timeline" },
            view.timeline.map((e) => {
              const { what, details } = describeEvent(e);
              return h(
                "li",
                { "data-kind": e.kind, "data-testid": "request-event" },
                h("span", { class: "when" }, instant(e.at)),
                " ",
                h("strong", null, what),
                details ? t("requests.event.details", { details }) : null,
                h("span", { class: "actor" }, ` \u2014 ${e.actor}`),
              );
            }),
          ),
    ),
    h(
      "section",
      { class: "panel", "aria-labelledby": "request-messages-heading", "data-testid": "request-messages" },
      h("h2", { id: "request-messages-heading" }, t("requests.detail.messages", { count: view.messages.length })),
      view.messages.length === 0
        ? h("p", null, d.channel === "manual" ? t("requests.detail.no_message_manual") : t("requests.detail.no_message"))
        : view.messages.map(renderMessage),
    ),
  );
}

// --- the screen -------------------------------------------------------------------------

/** The links at the top: back to the inbox, and the previous and next request in its order. */
export function requestNav(id: number, around: Neighbours): HTMLElement {
  const order: MessageKey = around.order === "inbox" ? "requests.detail.order_inbox" : "requests.detail.order_number";
  const link = (target: number | null, which: "prev" | "next") =>
    target === null
      ? null
      : h(
          "a",
          {
            href: `#/requests/${target}`,
            rel: which,
            class: `request-${which}`,
            title: t(order),
            "data-testid": `request-${which}`,
            "data-shortcut": which,
          },
          t(which === "prev" ? "requests.detail.prev" : "requests.detail.next", { id: String(target) }),
        );
  return h(
    "nav",
    { class: "back request-nav", "aria-label": t("requests.detail.nav_label", { id: String(id) }) },
    h("a", { href: around.back, "data-testid": "request-back" }, t("requests.detail.back")),
    link(around.prev, "prev"),
    link(around.next, "next"),
  );
}

/** Loads one request and keeps its view in step with every action. */
export async function requestDetailScreen(api: Api, id: number, context?: ScreenContext): Promise<HTMLElement> {
  const alone: Neighbours = { prev: null, next: null, order: "number", back: "#/requests" };
  const [first, jurisdictions, around] = await Promise.all([
    api.getRequest(id),
    api.listJurisdictions().catch((): Jurisdiction[] => []),
    // The links are a convenience: without them the request still shows.
    findNeighbours(api, id).catch(() => alone),
  ]);
  const messages = h("div", { class: "screen-messages", role: "status", tabindex: "-1", "data-testid": "request-message" });
  const body = h("div", { class: "request-body-region" });

  const announce = (...content: Child[]) => {
    replaceChildren(messages, h("p", { class: "ok" }, ...content));
    messages.focus();
  };
  const options: DetailOptions = {
    jurisdictions,
    act: async (action, done) => {
      show(await api.actOnRequest(id, action));
      announce(done);
    },
    draft: async (template, lang) => {
      const saved = await api.draftLetter(id, template, lang);
      if (!saved) {
        announce(t("requests.letter.cancelled"));
        return;
      }
      // The draft is in the timeline now.
      try {
        show(await api.getRequest(id));
      } catch {
        /* the letter is saved; the timeline catches up on the next visit */
      }
      announce(
        messageParts(t("requests.letter.saved", { template: templateLabel(template), lang: languageLabel(lang) }), {
          path: h("code", { "data-testid": "request-draft-path" }, saved.path),
        }),
      );
    },
  };
  const show = (view: RequestView) => replaceChildren(body, renderRequestDetail(view, options));
  show(first);

  const root = h(
    "div",
    { class: "screen request-screen", "data-testid": "request-detail", "data-id": id },
    requestNav(id, around),
    screenTitle(t("requests.detail.title", { id: String(id) }), first.detail.subject ?? (first.detail.channel === "manual" ? t("requests.detail.entered_by_hand") : undefined)),
    messages,
    body,
  );
  // A reply imported into this request's thread shows up here.
  context?.imports?.afterImport(root, (report) => {
    if (!report.items.some((item) => item.request_id === id)) return;
    api.getRequest(id).then(show, () => undefined);
  });
  return root;
}
