/**
 * Reports: pick a report, a period, a format and a language; the backend builds it from the register, asks
 * where to save it (a native dialog), reports progress through `report-progress` events, and says
 * what it wrote, stamped with the register's fingerprint (the audit chain head). "Open" shows the
 * saved file in the desktop's default application.
 */
import { errorMessage, type Api, type ReportFormat, type ReportKind, type ReportOutcome, type ReportProgress, type ReportRequest, type Unlisten } from "../api";
import { h, replaceChildren } from "../h";
import { formatDate, formatNumber, locale, LOCALES, t, tn, tOptional, type MessageKey } from "../i18n";
import { byteSize, calendarDate, emptyState, errorAlert, screenTitle } from "../view";
import { messageParts } from "./message-parts";
import { localToday } from "./register-table";

/** A report's title in the current language; a kind the catalog does not know keeps the backend's title. */
export function reportTitle(kind: ReportKind): string {
  return tOptional(`reports.kind.${kind.kind}.title`) ?? kind.title;
}

/** What a report holds, in the officers' words and the current language ("" for an unknown kind). */
export function reportDescription(kind: string): string {
  return tOptional(`reports.kind.${kind}.description`) ?? "";
}

/** What a report holds and the formats it comes in: "… As HTML, PDF." */
function kindHint(kind: ReportKind): string {
  const formats = kind.formats.map((f) => FORMAT_SHORT[f] ?? f).join(t("reports.list_separator"));
  const description = reportDescription(kind.kind);
  return description ? t("reports.kind.hint", { description, formats }) : t("reports.kind.formats", { formats });
}

/** A format as the picker names it: "HTML (one self-contained page)". */
export function formatName(format: ReportFormat): string {
  return tOptional(`reports.format.${format}`) ?? FORMAT_SHORT[format] ?? format;
}

/** The formats' short names, the same in every language. */
const FORMAT_SHORT: Record<ReportFormat, string> = { html: "HTML", pdf: "PDF", csv: "CSV", xlsx: "XLSX" };

/** The locale lists follow, as i18n.ts formats dates: Hong Kong English for English. */
const listLocale = (): string => (locale() === "zh-HK" ? "zh-HK" : "en-HK");

/** "HTML or PDF", "HTML或PDF": alternatives joined as the current language joins them. */
function either(items: string[]): string {
  return new Intl.ListFormat(listLocale(), { type: "disjunction" }).format(items);
}

/** The stages the backend reports (src/reports/mod.rs), in the catalog's words. */
const STAGES: Record<string, MessageKey> = {
  "Reading the register": "reports.stage.reading",
  "Typesetting the PDF": "reports.stage.pdf",
  "Writing the HTML": "reports.stage.html",
  "Writing the spreadsheet": "reports.stage.spreadsheet",
  "Saving the file": "reports.stage.saving",
  "Done": "reports.stage.done",
};

/** A stage in the current language; one the catalog does not know shows as the backend said it. */
export function reportStage(stage: string): string {
  const key = STAGES[stage];
  return key ? t(key) : stage;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/**
 * The calendar date `months` months before `date` (YYYY-MM-DD), on the same day of the month or
 * the month's last day when it has none (as the backend counts a default period).
 */
export function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = index - year * 12; // 0-based
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${pad(year, 4)}-${pad(month + 1)}-${pad(Math.min(d, last))}`;
}

/** The period the form starts with: the twelve months to today. */
export function defaultPeriod(today: string): { from: string; to: string } {
  return { from: monthsBefore(today, 12), to: today };
}

/** What the form asks for, or the sentence saying why it cannot be asked. */
export function reportRequest(kind: ReportKind | undefined, format: string, from: string, to: string, language: string = locale()): ReportRequest | string {
  if (!kind) return t("reports.form.choose_report");
  if (!kind.formats.includes(format as ReportFormat)) {
    return t("reports.form.wrong_format", { title: reportTitle(kind), formats: either(kind.formats.map((f) => FORMAT_SHORT[f] ?? f)) });
  }
  if (from && to && from > to) return t("reports.form.bad_period", { from: formatDate(from), to: formatDate(to) });
  return { kind: kind.kind, format: format as ReportFormat, from: from || null, to: to || null, language: language === "zh-HK" ? "zh-HK" : "en" };
}

/** What a report wrote: file, size, hash, period and the register's fingerprint; and "Open". */
export function renderReportResult(outcome: ReportOutcome, title: string, open: () => Promise<void>): HTMLElement {
  const openStatus = h("div", { class: "open-status", "aria-live": "polite", "data-testid": "report-open-status" });
  const openButton = h("button", { type: "button", class: "secondary", "data-testid": "report-open" }, t("reports.result.open"));
  const formatShort = FORMAT_SHORT[outcome.format] ?? outcome.format;
  openButton.addEventListener("click", async () => {
    openButton.disabled = true;
    replaceChildren(openStatus);
    try {
      await open();
      replaceChildren(openStatus, t("reports.result.opening", { format: formatShort }));
    } catch (error) {
      replaceChildren(openStatus, errorAlert(errorMessage(error), t("reports.result.not_opened")));
    } finally {
      openButton.disabled = false;
    }
  });
  return h(
    "div",
    { class: "export-result report-result", "data-testid": "report-result", "data-outcome": "generated", "data-kind": outcome.kind, "data-format": outcome.format },
    h("p", { class: "ok" }, t("reports.result.saved", { title, format: formatShort })),
    h(
      "dl",
      { class: "facts" },
      h("dt", null, t("reports.result.file")),
      h("dd", null, h("code", { "data-testid": "report-path" }, outcome.path)),
      h("dt", null, t("reports.result.size")),
      h("dd", { "data-testid": "report-bytes", "data-bytes": outcome.bytes }, byteSize(outcome.bytes)),
      h("dt", null, t("reports.result.sha256")),
      h("dd", null, h("code", { class: "hash", "data-testid": "report-sha256" }, outcome.sha256)),
      h("dt", null, t("reports.result.period")),
      h("dd", { "data-testid": "report-period" }, messageParts(t("reports.result.period_range"), { from: calendarDate(outcome.period.from), to: calendarDate(outcome.period.to) })),
      h("dt", null, t("reports.result.fingerprint")),
      h("dd", null, h("code", { class: "hash", "data-testid": "report-fingerprint" }, outcome.fingerprint.hash)),
      h("dt", null, t("reports.result.audit_entries")),
      h("dd", { "data-testid": "report-fingerprint-entries", "data-entries": outcome.fingerprint.entries }, formatNumber(outcome.fingerprint.entries)),
    ),
    h(
      "p",
      { class: "hint" },
      messageParts(t("reports.result.fingerprint_hint"), { command: h("code", null, "workbench audit verify") }), // i18n-ignore: a command
    ),
    h("div", { class: "toolbar" }, openButton),
    openStatus,
  );
}

/** Before anything is generated: what the reports are, and what to do to make one. */
function noReportYet(kinds: ReportKind[]): HTMLElement {
  const titles = kinds.map(reportTitle);
  const list = new Intl.ListFormat(listLocale(), { type: "conjunction" }).format(titles);
  return h(
    "div",
    { class: "empty report-none", "data-testid": "report-none" },
    h("p", null, tn("reports.none_yet", kinds.length, { list })),
    h("p", null, t("reports.none_yet_next")),
  );
}

/** The reports screen for the report kinds the backend offers. */
export function renderReports(kinds: ReportKind[], api: Api, today: string = localToday()): HTMLElement {
  const title = screenTitle(t("reports.title"), t("reports.lead"));
  if (kinds.length === 0) {
    return h("div", { class: "screen", "data-testid": "reports" }, title, emptyState(t("reports.no_kinds_title"), t("reports.no_kinds"), "reports"));
  }

  let selected: ReportKind = kinds[0]!;
  const radios = kinds.map((k) => {
    const id = `report-kind-${k.kind}`;
    const radio = h("input", { type: "radio", name: "report-kind", id, value: k.kind, checked: k === selected, "data-testid": id, "aria-describedby": `${id}-hint` });
    radio.addEventListener("change", () => {
      if (!radio.checked) return;
      selected = k;
      fillFormats();
    });
    return h(
      "div",
      { class: "report-kind-option" },
      radio,
      h("label", { for: id }, reportTitle(k)),
      h("p", { class: "hint", id: `${id}-hint` }, kindHint(k)),
    );
  });

  const period = defaultPeriod(today);
  const from = h("input", { type: "date", id: "report-from", value: period.from, "data-testid": "report-from", "aria-describedby": "report-period-hint" });
  const to = h("input", { type: "date", id: "report-to", value: period.to, "data-testid": "report-to", "aria-describedby": "report-period-hint" });
  from.value = period.from;
  to.value = period.to;

  const format = h("select", { id: "report-format", "data-testid": "report-format" });
  const fillFormats = () => {
    const keep = format.value as ReportFormat;
    replaceChildren(format, selected.formats.map((f) => h("option", { value: f }, formatName(f))));
    format.value = selected.formats.includes(keep) ? keep : (selected.formats[0] ?? "");
  };
  fillFormats();

  // The language the report is written in: the UI's language unless the officer picks the other.
  const language = h(
    "select",
    { id: "report-language", "data-testid": "report-language", "aria-describedby": "report-language-hint" },
    LOCALES.map((l) => h("option", { value: l.id, lang: l.id }, l.name)),
  );
  language.value = locale();

  const generate = h("button", { type: "submit", "data-testid": "report-generate" }, t("reports.form.generate"));
  const panel = h("div", { class: "report-panel", "aria-live": "polite", "data-testid": "report-panel" }, noReportYet(kinds));

  const run = async () => {
    const request = reportRequest(selected, format.value, from.value, to.value, language.value);
    const badPeriod = typeof request === "string" && from.value !== "" && to.value !== "" && from.value > to.value;
    for (const input of [from, to]) {
      if (badPeriod) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
    if (typeof request === "string") {
      replaceChildren(panel, errorAlert(request, t("reports.form.not_generated")));
      return;
    }
    const title = reportTitle(selected);
    generate.disabled = true;
    // No value: an indeterminate bar until the backend reports its first stage.
    const bar = h("progress", { id: "report-progress-bar", max: "100", "data-testid": "report-progress" });
    const stage = h("span", { class: "stage", "data-testid": "report-stage" }, t("reports.form.choosing"));
    replaceChildren(panel, h("div", { class: "progress" }, h("label", { for: "report-progress-bar" }, t("reports.form.generating", { title })), bar, stage));
    const show = (p: ReportProgress) => {
      bar.value = Math.max(0, Math.min(100, p.percent));
      stage.textContent = reportStage(p.stage);
    };
    let unlisten: Unlisten | null = null;
    try {
      // Progress is a courtesy: a report is still generated when events cannot be followed.
      unlisten = await api.onReportProgress(show).catch(() => null);
      const outcome = await api.generateReport(request);
      replaceChildren(
        panel,
        outcome
          ? renderReportResult(outcome, title, () => api.openLastReport())
          : h(
              "p",
              { class: "export-result report-result", "data-testid": "report-result", "data-outcome": "cancelled", "data-kind": request.kind, "data-format": request.format },
              t("reports.form.cancelled"),
            ),
      );
    } catch (error) {
      replaceChildren(panel, errorAlert(errorMessage(error), t("reports.form.not_generated")));
    } finally {
      unlisten?.();
      generate.disabled = false;
    }
  };

  const form = h(
    "form",
    { class: "report-form", "data-testid": "report-form", "aria-label": t("reports.form.label") },
    h("fieldset", { class: "report-kinds", "data-testid": "report-kind" }, h("legend", null, t("reports.form.report")), radios),
    h(
      "fieldset",
      { class: "report-period" },
      h("legend", null, t("reports.form.period")),
      h("div", { class: "field" }, h("label", { for: "report-from" }, t("reports.form.from")), from),
      h("div", { class: "field" }, h("label", { for: "report-to" }, t("reports.form.to")), to),
      h("p", { class: "hint", id: "report-period-hint" }, t("reports.form.period_hint")),
    ),
    h("div", { class: "field" }, h("label", { for: "report-format" }, t("reports.form.format")), format),
    h(
      "div",
      { class: "field" },
      h("label", { for: "report-language" }, t("reports.form.language")),
      language,
      h("p", { class: "hint", id: "report-language-hint" }, t("reports.form.language_hint")),
    ),
    h("div", { class: "toolbar" }, generate),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!generate.disabled) void run();
  });

  return h("div", { class: "screen", "data-testid": "reports" }, title, form, panel);
}

export async function reportsScreen(api: Api): Promise<HTMLElement> {
  return renderReports(await api.reportKinds(), api);
}
