/**
 * One rights request (`#/requests/<id>`): who asked for what, the deadline with the rule that set it
 * and every rule that applied, the clock (extension, pauses), the timeline, the messages as plain
 * text, and the actions the workflow allows. Every action goes to the backend as one
 * `act_on_request` call and the view is rebuilt from what it returns.
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
import type { ScreenContext } from "../routes";
import { badge, byteSize, calendarDate, errorAlert, instant, optional, screenTitle } from "../view";
import { CLOSED_STATUSES, daysLeftText, optionalText, REQUEST_TYPES, todayIso, urgencyOf, words } from "./request-terms";

// --- words ------------------------------------------------------------------------------

/** The transition buttons' labels. */
const TRANSITION_LABELS: Record<string, string> = {
  identity_check: "Start identity check",
  in_progress: "Start work (in progress)",
  completed: "Complete",
  refused: "Refuse",
  withdrawn: "Mark withdrawn",
};

const TEMPLATE_LABELS: Record<LetterTemplate, string> = {
  acknowledgement: "Acknowledgement",
  identity_check: "Identity check",
  extension_notice: "Extension notice",
  completion: "Completion",
  refusal: "Refusal with reasons",
};

const LANGUAGE_LABELS: Record<LetterLanguage, string> = {
  en: "English",
  "zh-HK": "Traditional Chinese (Hong Kong) \u7e41\u9ad4\u4e2d\u6587",
};

const CHANNEL_LABELS: Record<string, string> = {
  email: "Email",
  shopify_webhook: "Shopify compliance webhook",
  manual: "Entered by hand",
};

/** "2 months", "45 days". */
export function periodText(p: Period): string {
  const [n, unit] = "days" in p ? [p.days, "day"] : [p.months, "month"];
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/** The attachments a message lists, whatever shape the stored JSON has. */
export function attachmentsOf(value: unknown): Attachment[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((a): a is Record<string, unknown> => typeof a === "object" && a !== null)
    .map((a) => ({
      name: typeof a.name === "string" && a.name ? a.name : "(unnamed)",
      content_type: typeof a.content_type === "string" ? a.content_type : "unknown type",
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
  const w = (key: string) => (s(key) ? words(s(key)!) : "?");
  const parts = (...items: Array<string | null | false>) => items.filter(Boolean).join("; ");
  const note = s("note") ? `note: ${s("note")}` : null;
  const due = s("due_date") ? `due date now ${s("due_date")}` : null;
  switch (e.kind) {
    case "received":
      return {
        what: `Received (${CHANNEL_LABELS[s("channel") ?? ""]?.toLowerCase() ?? w("channel")})`,
        details: parts(
          `type ${w("type")}${s("classification") ? ` (${s("classification")})` : ""}`,
          s("jurisdiction") && `jurisdiction ${s("jurisdiction")}`,
          s("due_date") && `due ${s("due_date")}${s("rule") ? ` under ${s("rule")}` : ""}`,
          note,
        ),
      };
    case "reply":
      return { what: "Reply joined the thread", details: parts(s("sender") && `from ${s("sender")}`, s("subject") && `\u201c${s("subject")}\u201d`) };
    case "status":
      return {
        what: `Status: ${w("old")} \u2192 ${w("new")}`,
        details: parts(note, d.pdpo_log_book === true && "entered in the PDPO s.27 refusal log book"),
      };
    case "classified":
      return { what: `Type corrected: ${w("old")} \u2192 ${w("new")}`, details: parts(note, due) };
    case "jurisdiction":
      return { what: `Jurisdiction changed: ${s("old") ?? "?"} \u2192 ${s("new") ?? "?"}`, details: parts(note, due) };
    case "identity_verified":
      return { what: "Identity verified", details: parts(s("method") && `by ${s("method")}`, s("on") && `on ${s("on")}`) };
    case "extension":
      return {
        what: "Deadline extended",
        details: parts(
          s("reason") && `reason: ${s("reason")}`,
          `due ${s("old_due_date") ?? "?"} \u2192 ${s("due_date") ?? "?"}`,
          s("notice_due") && `notice of the extension due by ${s("notice_due")}`,
        ),
      };
    case "pause":
      return { what: "Clock paused", details: parts(s("on") && `on ${s("on")}`, s("reason") && `reason: ${s("reason")}`) };
    case "resume":
      return {
        what: "Clock resumed",
        details: parts(s("paused_days") && `after ${s("paused_days")} ${s("paused_days") === "1" ? "day" : "days"}`, due, note),
      };
    case "letter_drafted":
      return {
        what: "Letter drafted",
        details: parts(s("template") && words(s("template")!), s("lang"), s("file") && `saved to ${s("file")}`),
      };
    case "deadline":
      return { what: "Due date recomputed", details: parts(`${s("old") ?? "?"} \u2192 ${s("new") ?? "?"}`, s("why")) };
    default:
      return {
        what: words(e.kind).replace(/^./, (c) => c.toUpperCase()),
        details: parts(...Object.keys(d).map((k) => (s(k) ? `${words(k)}: ${s(k)}` : null))),
      };
  }
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
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    replaceChildren(errors);
    const action = options.build();
    if (typeof action === "string") {
      replaceChildren(errors, errorAlert(action, "Not changed."));
      return;
    }
    submit.disabled = true;
    submit.setAttribute("aria-busy", "true");
    try {
      await options.act(action, options.done);
    } catch (error) {
      replaceChildren(errors, errorAlert(errorMessage(error), "Not changed."));
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
      TRANSITION_LABELS[status] ?? `Move to ${words(status)}`,
    );
    button.addEventListener("click", async () => {
      replaceChildren(errors);
      const text = optionalText(note.value);
      if (closing && text === null) {
        replaceChildren(
          errors,
          errorAlert(
            status === "refused"
              ? "write the reasons for refusing in the note; they go into the timeline and, for a PDPO access or correction request, the refusal log book."
              : `write the outcome in the note before marking the request ${words(status)}.`,
            "Not changed.",
          ),
        );
        note.focus();
        return;
      }
      for (const b of buttons) b.disabled = true;
      button.setAttribute("aria-busy", "true");
      try {
        await act({ action: "transition", status, note: text }, `Request moved to ${words(status)}.`);
      } catch (error) {
        replaceChildren(errors, errorAlert(errorMessage(error), "Not changed."));
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
    h("legend", null, "Move the request on"),
    h(
      "div",
      { class: "field" },
      h("label", { for: "request-action-note" }, "Note for the timeline"),
      note,
      h("p", { class: "hint", id: "request-action-note-hint" }, "Optional; required to complete, refuse or withdraw (the outcome, or the reasons for refusing)."),
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
      legend: "Verify identity",
      testid: "request-verify",
      submitLabel: "Record verification",
      fields: [
        control("request-verify-method", "Method", method, "How the requester proved who they are, e.g. \u201cmatched order number and billing email\u201d."),
        control("request-verify-on", "Verified on", on),
      ],
      build: () => {
        const m = optionalText(method.value);
        if (m === null) return "say how the identity was verified.";
        if (!/^\d{4}-\d{2}-\d{2}$/.test(on.value)) return "enter the date the identity was verified.";
        return { action: "verify_identity", method: m, on: on.value };
      },
      done: "Identity verification recorded.",
      act,
    }),
  );

  // Extension: once, where the governing rule allows it.
  const extension = d.deadline?.extension ?? null;
  if (!d.extended && extension) {
    const reason = h("textarea", { id: "request-extend-reason", rows: "2", "data-testid": "request-extend-reason" });
    forms.push(
      actionForm({
        legend: `Extend by ${periodText(extension)}`,
        testid: "request-extend",
        submitLabel: `Extend by ${periodText(extension)}`,
        hint: `Allowed once under ${d.deadline!.rule}; the requester must be told, with the reasons, by ${d.deadline!.extension_notice_due ?? "the end of the first period"}.`,
        fields: [control("request-extend-reason", "Reason (required)", reason)],
        build: () => {
          const r = optionalText(reason.value);
          return r === null ? "give the reason for the extension; it goes into the notice and the timeline." : { action: "extend", reason: r };
        },
        done: "Deadline extended.",
        act,
      }),
    );
  }

  // Pause or resume the clock.
  if (d.paused_since) {
    const resumeNote = h("input", { id: "request-resume-note", type: "text", autocomplete: "off", "data-testid": "request-resume-note" });
    forms.push(
      actionForm({
        legend: "Resume the clock",
        testid: "request-resume",
        submitLabel: "Resume",
        hint: `Paused since ${d.paused_since}; the paused days push the due date.`,
        fields: [control("request-resume-note", "Note (optional)", resumeNote)],
        build: () => ({ action: "resume", note: optionalText(resumeNote.value) }),
        done: "Clock resumed.",
        act,
      }),
    );
  } else {
    const pauseReason = h("input", { id: "request-pause-reason", type: "text", autocomplete: "off", "data-testid": "request-pause-reason" });
    forms.push(
      actionForm({
        legend: "Pause the clock",
        testid: "request-pause",
        submitLabel: "Pause",
        hint: "For example while waiting for the requester to prove their identity.",
        fields: [control("request-pause-reason", "Reason (required)", pauseReason)],
        build: () => {
          const r = optionalText(pauseReason.value);
          return r === null ? "give the reason for pausing the clock." : { action: "pause", reason: r };
        },
        done: "Clock paused.",
        act,
      }),
    );
  }

  // Correct the type.
  const typeSelect = h(
    "select",
    { id: "request-classify-type", "data-testid": "request-classify-type" },
    REQUEST_TYPES.map((t) => h("option", { value: t, selected: t === d.type }, words(t))),
  );
  const typeNote = h("input", { id: "request-classify-note", type: "text", autocomplete: "off", "data-testid": "request-classify-note" });
  forms.push(
    actionForm({
      legend: "Correct the type",
      testid: "request-classify",
      submitLabel: "Correct type",
      hint: "The correction is audited and the due date recomputed.",
      fields: [control("request-classify-type", "Type", typeSelect), control("request-classify-note", "Why (optional)", typeNote)],
      build: () =>
        typeSelect.value === d.type
          ? `the request is already of type ${words(d.type)}; choose another type.`
          : { action: "classify", type: typeSelect.value, note: optionalText(typeNote.value) },
      done: "Type corrected.",
      act,
    }),
  );

  // Change the jurisdiction (not after an extension taken under the old one).
  if (d.extended) {
    forms.push(h("p", { class: "note" }, `The jurisdiction can no longer change: the request was extended under ${d.jurisdiction}.`));
  } else {
    const codes = options.jurisdictions.some((j) => j.code === d.jurisdiction)
      ? options.jurisdictions
      : [{ code: d.jurisdiction, name: d.jurisdiction }, ...options.jurisdictions];
    const codeSelect = h(
      "select",
      { id: "request-jurisdiction-code", "data-testid": "request-jurisdiction-code" },
      codes.map((j) => h("option", { value: j.code, selected: j.code === d.jurisdiction }, `${j.code} \u2013 ${j.name}`)),
    );
    const codeNote = h("input", { id: "request-jurisdiction-note", type: "text", autocomplete: "off", "data-testid": "request-jurisdiction-note" });
    forms.push(
      actionForm({
        legend: "Change the jurisdiction",
        testid: "request-set-jurisdiction",
        submitLabel: "Change jurisdiction",
        hint: "The due date is recomputed under the new jurisdiction's rules.",
        fields: [control("request-jurisdiction-code", "Jurisdiction", codeSelect), control("request-jurisdiction-note", "Why (optional)", codeNote)],
        build: () =>
          codeSelect.value === d.jurisdiction
            ? `the request is already handled under ${d.jurisdiction}; choose another jurisdiction.`
            : { action: "set_jurisdiction", code: codeSelect.value, note: optionalText(codeNote.value) },
        done: "Jurisdiction changed.",
        act,
      }),
    );
  }

  return h(
    "section",
    { class: "panel request-actions", "aria-labelledby": "request-actions-heading", "data-testid": "request-actions" },
    h("h2", { id: "request-actions-heading" }, "Actions"),
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
  const template = h(
    "select",
    { id: "request-letter-template", "data-testid": "request-letter-template" },
    LETTER_TEMPLATES.map((t) => h("option", { value: t, selected: t === suggested }, TEMPLATE_LABELS[t])),
  );
  const lang = h(
    "select",
    { id: "request-letter-lang", "data-testid": "request-letter-lang" },
    LETTER_LANGUAGES.map((l) => h("option", { value: l }, LANGUAGE_LABELS[l])),
  );
  const errors = h("div", { class: "form-errors", "data-testid": "request-draft-error" });
  const submit = h("button", { type: "submit", class: "secondary", "data-testid": "request-draft", "aria-haspopup": "dialog" }, "Draft letter\u2026");
  const form = h(
    "form",
    { class: "letters-form", novalidate: true },
    h("div", { class: "inline-fields" }, control("request-letter-template", "Letter", template), control("request-letter-lang", "Language", lang)),
    submit,
    errors,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    replaceChildren(errors);
    submit.disabled = true;
    submit.setAttribute("aria-busy", "true");
    try {
      await draft(template.value as LetterTemplate, lang.value as LetterLanguage);
    } catch (error) {
      replaceChildren(errors, errorAlert(errorMessage(error), "No letter drafted."));
    } finally {
      submit.disabled = false;
      submit.removeAttribute("aria-busy");
    }
  });
  return h(
    "section",
    { class: "panel request-letters", "aria-labelledby": "request-letters-heading", "data-testid": "request-letters" },
    h("h2", { id: "request-letters-heading" }, "Answer"),
    h("p", { class: "hint" }, "Fills a letter from this request into a draft email (.eml) that you check and send from your own mail client. The app sends nothing."),
    form,
  );
}

/** One message: headers, the body as plain text, and the attachments by name only. */
export function renderMessage(m: RequestMessage): HTMLElement {
  const attachments = attachmentsOf(m.attachments);
  return h(
    "article",
    { class: "message", "data-testid": "request-message-item", "data-role": m.role, "aria-labelledby": `message-${m.id}-subject` },
    h("h3", { id: `message-${m.id}-subject` }, m.subject || "(no subject)", " ", badge(m.role)),
    h(
      "dl",
      { class: "facts inline" },
      fact("From", optional(m.sender)),
      fact("Sent", instant(m.sent_at)),
      fact("Received", instant(m.received_at)),
      fact("Message-ID", m.message_id ? h("code", null, m.message_id) : optional(null)),
      m.in_reply_to ? fact("In reply to", h("code", null, m.in_reply_to)) : null,
      fact("SHA-256", h("code", { class: "hash", title: m.sha256 }, m.sha256.slice(0, 16)), "\u2026"),
      m.source_file ? fact("File", h("code", null, m.source_file)) : null,
    ),
    // Text, never markup: the body goes in as a text node.
    h("pre", { class: "message-body", "data-testid": "message-body", tabindex: "0", "aria-label": `Text of ${m.subject || "the message"}` }, m.body ?? ""),
    attachments.length > 0
      ? h(
          "div",
          { class: "attachments" },
          h("h4", null, `Attachments (${attachments.length}), listed only: never opened`),
          h(
            "ul",
            { "data-testid": "message-attachments" },
            attachments.map((a) => h("li", null, h("span", { class: "attachment-name" }, a.name), ` \u2014 ${a.content_type}, ${byteSize(a.size)}`)),
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

  const extensionText = (): Child => {
    if (d.extended) {
      return [
        `Extended${d.extended_at ? ` on ${d.extended_at.slice(0, 10)}` : ""}`,
        d.extension_reason ? `: ${d.extension_reason}` : "",
        d.extension_notice_due ? `. Notice of the extension due by ${d.extension_notice_due}.` : ".",
      ].join("");
    }
    if (deadline?.extension) {
      return `Not taken. The rule allows one extension of ${periodText(deadline.extension)}, with notice and reasons by ${deadline.extension_notice_due ?? "?"}.`;
    }
    return "The governing rule allows no extension.";
  };

  const requester = [d.requester_name, d.requester_email ? `<${d.requester_email}>` : null].filter(Boolean).join(" ");

  return h(
    "div",
    { class: "request-body", "data-status": d.status, "data-urgency": urgency },
    h(
      "section",
      { class: `panel request-deadline urgency-${urgency}`, "aria-labelledby": "request-deadline-heading", "data-testid": "request-deadline" },
      h("h2", { id: "request-deadline-heading" }, "Deadline"),
      h(
        "dl",
        { class: "facts" },
        fact("Status", h("span", { "data-testid": "request-status", "data-status": d.status }, badge(d.status))),
        fact(
          "Due date",
          h("span", { "data-testid": "request-due" }, calendarDate(d.due_date)),
          " ",
          h("span", { class: `days-left days-left-${urgency}`, "data-testid": "request-days-left" }, `(${daysLeftText(d)})`),
        ),
        fact("Set by", governing ? h("span", { "data-testid": "request-rule" }, governing) : optional(null)),
        deadline?.source ? fact("Source", h("span", { class: "source" }, deadline.source)) : null,
        deadline && deadline.candidates.length > 0
          ? fact(
              "Rules that apply",
              h(
                "ul",
                { class: "candidates", "data-testid": "request-candidates" },
                deadline.candidates.map((c) =>
                  h(
                    "li",
                    { "data-rule-id": c.rule_id },
                    `${c.rule}: `,
                    calendarDate(c.due_date),
                    c.rule_id === deadline.rule_id ? h("strong", null, " (earliest: governs)") : null,
                  ),
                ),
              ),
            )
          : null,
        fact("Acknowledge by", h("span", { "data-testid": "request-acknowledge-by" }, calendarDate(d.acknowledge_by ?? deadline?.acknowledge_by))),
        fact("Extension", h("span", { "data-testid": "request-extension" }, extensionText())),
        fact(
          "Clock",
          h(
            "span",
            { "data-testid": "request-clock" },
            d.paused_since ? `Paused since ${d.paused_since}` : open ? "Running" : `Stopped: the request is ${words(d.status)}`,
          ),
          view.pauses.length > 0
            ? h(
                "ul",
                { class: "pauses" },
                view.pauses.map((p) =>
                  h("li", null, `${p.paused_on} \u2013 ${p.resumed_on ?? "now"}: ${p.reason} (by ${p.paused_by})`),
                ),
              )
            : null,
        ),
        d.outcome ? fact("Outcome", h("span", { "data-testid": "request-outcome" }, d.outcome), d.closed_at ? [" (", instant(d.closed_at), ")"] : null) : null,
      ),
      deadline && deadline.notes.length > 0 ? h("ul", { class: "note deadline-notes" }, deadline.notes.map((n) => h("li", null, n))) : null,
    ),
    h(
      "section",
      { class: "panel request-facts", "aria-labelledby": "request-facts-heading" },
      h("h2", { id: "request-facts-heading" }, "Request"),
      h(
        "dl",
        { class: "facts" },
        fact("Requester", h("span", { "data-testid": "request-requester" }, requester || "\u2014")),
        fact("Merchant", optional(d.merchant)),
        fact(
          "Type",
          h("span", { "data-testid": "request-type", "data-type": d.type }, d.type === "needs_triage" ? badge(d.type) : words(d.type)),
          d.classification_note ? h("span", { class: "classification", "data-testid": "request-classification" }, ` \u2014 ${d.classification_note}`) : null,
        ),
        fact(
          "Jurisdiction",
          h("span", { "data-testid": "request-jurisdiction" }, d.jurisdiction),
          jurisdictionName ? ` \u2014 ${jurisdictionName}` : null,
        ),
        fact("Channel", CHANNEL_LABELS[d.channel] ?? words(d.channel)),
        fact("Received", calendarDate(d.received_on), " (", instant(d.received_at), ")"),
        fact(
          "Identity",
          h(
            "span",
            { "data-testid": "request-identity" },
            d.identity_method ? `Verified ${d.identity_verified_on ? `on ${d.identity_verified_on} ` : ""}by ${d.identity_method}` : "Not verified yet",
          ),
        ),
        d.subject ? fact("Subject", d.subject) : null,
        d.message_sha256 ? fact("Original's SHA-256", h("code", { class: "hash", "data-testid": "request-sha256" }, d.message_sha256)) : null,
      ),
    ),
    open
      ? actionsPanel(view, options)
      : h("p", { class: "note", "data-testid": "request-closed-note" }, `This request is ${words(d.status)}; a closed request does not change.`),
    lettersPanel(view, options.draft),
    h(
      "section",
      { class: "panel", "aria-labelledby": "request-timeline-heading" },
      h("h2", { id: "request-timeline-heading" }, "Timeline"),
      view.timeline.length === 0
        ? h("p", { "data-testid": "request-timeline" }, "Nothing recorded yet.")
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
                details ? `: ${details}` : null,
                h("span", { class: "actor" }, ` \u2014 ${e.actor}`),
              );
            }),
          ),
    ),
    h(
      "section",
      { class: "panel", "aria-labelledby": "request-messages-heading", "data-testid": "request-messages" },
      h("h2", { id: "request-messages-heading" }, `Messages (${view.messages.length})`),
      view.messages.length === 0
        ? h("p", null, d.channel === "manual" ? "Entered by hand: no message on file." : "No message on file.")
        : view.messages.map(renderMessage),
    ),
  );
}

// --- the screen -------------------------------------------------------------------------

/** Loads one request and keeps its view in step with every action. */
export async function requestDetailScreen(api: Api, id: number, context?: ScreenContext): Promise<HTMLElement> {
  const [first, jurisdictions] = await Promise.all([api.getRequest(id), api.listJurisdictions().catch((): Jurisdiction[] => [])]);
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
        announce("No letter drafted: the save dialog was cancelled.");
        return;
      }
      // The draft is in the timeline now.
      try {
        show(await api.getRequest(id));
      } catch {
        /* the letter is saved; the timeline catches up on the next visit */
      }
      announce(
        `${TEMPLATE_LABELS[template]} letter (${LANGUAGE_LABELS[lang]}) saved as a draft to `,
        h("code", { "data-testid": "request-draft-path" }, saved.path),
        ". Check it and send it from your own mail client.",
      );
    },
  };
  const show = (view: RequestView) => replaceChildren(body, renderRequestDetail(view, options));
  show(first);

  const root = h(
    "div",
    { class: "screen request-screen", "data-testid": "request-detail", "data-id": id },
    h("p", { class: "back" }, h("a", { href: "#/requests", "data-testid": "request-back" }, "\u2190 All requests")),
    screenTitle(`Request ${id}`, first.detail.subject ?? (first.detail.channel === "manual" ? "Entered by hand." : undefined)),
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
