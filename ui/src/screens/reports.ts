/**
 * Reports: pick a report, a period and a format; the backend builds it from the register, asks
 * where to save it (a native dialog), reports progress through `report-progress` events, and says
 * what it wrote, stamped with the register's fingerprint (the audit chain head). "Open" shows the
 * saved file in the desktop's default application.
 */
import { errorMessage, type Api, type ReportFormat, type ReportKind, type ReportOutcome, type ReportProgress, type ReportRequest, type Unlisten } from "../api";
import { h, replaceChildren } from "../h";
import { byteSize, calendarDate, emptyState, errorAlert, screenTitle } from "../view";
import { localToday } from "./register-table";

/** What each report holds, in the officers' words. */
export const REPORT_DESCRIPTIONS: Record<string, string> = {
  rights:
    "Rights requests received and closed per type and month, the on-time rate, median and 90th-percentile days to close, open and overdue requests, extensions, and the PDPO log-book extract.",
  processors:
    "The service providers in a record-of-processing layout: what each does, the data it handles, where, under which transfer mechanism and agreement, and when it is next reviewed.",
  authorizations:
    "Active authorizations by platform, granted scopes by sensitivity, and the grants and revocations in the period.",
  policy: "Every privacy policy version: its dates, material changes and the SHA-256 of each snapshot handed out.",
  pack:
    "All of the above in one document with a table of contents, plus the check results and the policy in force, stamped with the register's fingerprint.",
};

/** Each format as the picker names it. */
export const FORMAT_NAMES: Record<ReportFormat, string> = {
  html: "HTML (one self-contained page)",
  pdf: "PDF",
  csv: "CSV (the report's main table)",
  xlsx: "Excel workbook (XLSX, a sheet per table)",
};

const FORMAT_SHORT: Record<ReportFormat, string> = { html: "HTML", pdf: "PDF", csv: "CSV", xlsx: "XLSX" };

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
export function reportRequest(kind: ReportKind | undefined, format: string, from: string, to: string): ReportRequest | string {
  if (!kind) return "Choose a report.";
  if (!kind.formats.includes(format as ReportFormat)) {
    return `The ${kind.title} comes as ${kind.formats.map((f) => FORMAT_SHORT[f] ?? f).join(" or ")}; choose one of those formats.`;
  }
  if (from && to && from > to) return `The period starts on ${from}, after it ends on ${to}; choose a start on or before the end.`;
  return { kind: kind.kind, format: format as ReportFormat, from: from || null, to: to || null };
}

/** What a report wrote: file, size, hash, period and the register's fingerprint; and "Open". */
export function renderReportResult(outcome: ReportOutcome, title: string, open: () => Promise<void>): HTMLElement {
  const openStatus = h("div", { class: "open-status", "aria-live": "polite", "data-testid": "report-open-status" });
  const openButton = h("button", { type: "button", class: "secondary", "data-testid": "report-open" }, "Open");
  openButton.addEventListener("click", async () => {
    openButton.disabled = true;
    replaceChildren(openStatus);
    try {
      await open();
      replaceChildren(openStatus, "Opening it in the application your desktop uses for ", FORMAT_SHORT[outcome.format] ?? outcome.format, " files.");
    } catch (error) {
      replaceChildren(openStatus, errorAlert(errorMessage(error), "Not opened."));
    } finally {
      openButton.disabled = false;
    }
  });
  return h(
    "div",
    { class: "export-result report-result", "data-testid": "report-result", "data-outcome": "generated", "data-kind": outcome.kind, "data-format": outcome.format },
    h("p", { class: "ok" }, `Saved the ${title} as ${FORMAT_SHORT[outcome.format] ?? outcome.format}.`),
    h(
      "dl",
      { class: "facts" },
      h("dt", null, "File"),
      h("dd", null, h("code", { "data-testid": "report-path" }, outcome.path)),
      h("dt", null, "Size"),
      h("dd", { "data-testid": "report-bytes", "data-bytes": outcome.bytes }, byteSize(outcome.bytes)),
      h("dt", null, "SHA-256"),
      h("dd", null, h("code", { class: "hash", "data-testid": "report-sha256" }, outcome.sha256)),
      h("dt", null, "Period"),
      h("dd", { "data-testid": "report-period" }, calendarDate(outcome.period.from), " to ", calendarDate(outcome.period.to)),
      h("dt", null, "Register fingerprint"),
      h("dd", null, h("code", { class: "hash", "data-testid": "report-fingerprint" }, outcome.fingerprint.hash)),
      h("dt", null, "Audit entries"),
      h("dd", { "data-testid": "report-fingerprint-entries" }, String(outcome.fingerprint.entries)),
    ),
    h(
      "p",
      { class: "hint" },
      "The fingerprint is the audit chain head of the register the report was made from; ",
      h("code", null, "workbench audit verify"),
      " shows the same head while nothing has changed since.",
    ),
    h("div", { class: "toolbar" }, openButton),
    openStatus,
  );
}

/** The reports screen for the report kinds the backend offers. */
export function renderReports(kinds: ReportKind[], api: Api, today: string = localToday()): HTMLElement {
  const title = screenTitle(
    "Reports",
    "What the register shows for a period, as a self-contained HTML page, a PDF, or a spreadsheet where the report is a table. Every report is stamped with the register's fingerprint.",
  );
  if (kinds.length === 0) {
    return h(
      "div",
      { class: "screen", "data-testid": "reports" },
      title,
      emptyState("No reports offered", "This version of the workbench offers no report kinds. The command-line tool (workbench report) makes the same reports.", "reports"),
    );
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
      h("label", { for: id }, k.title),
      h(
        "p",
        { class: "hint", id: `${id}-hint` },
        REPORT_DESCRIPTIONS[k.kind] ?? "",
        REPORT_DESCRIPTIONS[k.kind] ? " " : "",
        `As ${k.formats.map((f) => FORMAT_SHORT[f] ?? f).join(", ")}.`,
      ),
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
    replaceChildren(format, selected.formats.map((f) => h("option", { value: f }, FORMAT_NAMES[f] ?? f)));
    format.value = selected.formats.includes(keep) ? keep : (selected.formats[0] ?? "");
  };
  fillFormats();

  const generate = h("button", { type: "submit", "data-testid": "report-generate" }, "Generate\u2026");
  const panel = h("div", { class: "report-panel", "aria-live": "polite", "data-testid": "report-panel" });

  const run = async () => {
    const request = reportRequest(selected, format.value, from.value, to.value);
    const badPeriod = typeof request === "string" && from.value !== "" && to.value !== "" && from.value > to.value;
    for (const input of [from, to]) {
      if (badPeriod) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
    if (typeof request === "string") {
      replaceChildren(panel, errorAlert(request, "Not generated."));
      return;
    }
    const reportTitle = selected.title;
    generate.disabled = true;
    // No value: an indeterminate bar until the backend reports its first stage.
    const bar = h("progress", { id: "report-progress-bar", max: "100", "data-testid": "report-progress" });
    const stage = h("span", { class: "stage", "data-testid": "report-stage" }, "Choosing where to save\u2026");
    replaceChildren(panel, h("div", { class: "progress" }, h("label", { for: "report-progress-bar" }, `Generating the ${reportTitle}`), bar, stage));
    const show = (p: ReportProgress) => {
      bar.value = Math.max(0, Math.min(100, p.percent));
      stage.textContent = p.stage;
    };
    let unlisten: Unlisten | null = null;
    try {
      // Progress is a courtesy: a report is still generated when events cannot be followed.
      unlisten = await api.onReportProgress(show).catch(() => null);
      const outcome = await api.generateReport(request);
      replaceChildren(
        panel,
        outcome
          ? renderReportResult(outcome, reportTitle, () => api.openLastReport())
          : h(
              "p",
              { class: "export-result report-result", "data-testid": "report-result", "data-outcome": "cancelled", "data-kind": request.kind, "data-format": request.format },
              "Not saved: the save dialog was closed without choosing a file, so nothing was written.",
            ),
      );
    } catch (error) {
      replaceChildren(panel, errorAlert(errorMessage(error), "Not generated."));
    } finally {
      unlisten?.();
      generate.disabled = false;
    }
  };

  const form = h(
    "form",
    { class: "report-form", "data-testid": "report-form", "aria-label": "Generate a report" },
    h("fieldset", { class: "report-kinds", "data-testid": "report-kind" }, h("legend", null, "Report"), radios),
    h(
      "fieldset",
      { class: "report-period" },
      h("legend", null, "Period"),
      h("div", { class: "field" }, h("label", { for: "report-from" }, "From"), from),
      h("div", { class: "field" }, h("label", { for: "report-to" }, "To"), to),
      h(
        "p",
        { class: "hint", id: "report-period-hint" },
        "Both days are included. Left empty, the period ends today and starts twelve months before its end.",
      ),
    ),
    h("div", { class: "field" }, h("label", { for: "report-format" }, "Format"), format),
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
