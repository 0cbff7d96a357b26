/**
 * Spreadsheet import and export for a register (processors, merchants, authorizations). The
 * backend opens the native dialogs; an import checks every row first and, when any is bad, changes
 * nothing and says which rows, one a line — shown here as a list in an alert.
 *
 * Test ids, for register `r`: `r-import`, `r-export-csv`, `r-export-xlsx`, `r-import-result`,
 * `r-import-problems`, `r-export-result` (with `data-format` and `data-outcome`) and `r-export-path`.
 */
import { errorMessage, type Api, type RegisterSheet, type SheetExport, type SheetFormat, type SheetImport } from "../api";
import { h, replaceChildren } from "../h";
import { t, tn, tOptional } from "../i18n";
import { byteSize, errorAlert } from "../view";
import { fillNodes, slot } from "./register-table";

/** A register's rows in the officers' words and language ("processors", "處理者"). */
function sheetNoun(what: string): string {
  return tOptional(`registers.sheets.what.${what}`) ?? what;
}

/** A rejected import's message split into its lead sentence and its "row N, column C: why" lines. */
export function importProblems(message: string): { lead: string; rows: string[] } {
  const lines = message.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
  const [lead = "", ...rest] = lines;
  return { lead, rows: rest };
}

/** Renders a rejected import: the lead sentence, then every bad row in a list, in one alert. */
export function renderImportFailure(what: RegisterSheet, message: string): HTMLElement {
  const { lead, rows } = importProblems(message);
  if (rows.length === 0) {
    const alert = errorAlert(message, t("registers.sheets.not_imported"));
    alert.setAttribute("data-testid", `${what}-import-problems`);
    return alert;
  }
  const sentence = lead.charAt(0).toUpperCase() + lead.slice(1);
  return h(
    "div",
    { class: "alert", role: "alert", "data-testid": `${what}-import-problems` },
    h("p", null, h("strong", null, `${t("registers.sheets.not_imported")} `), sentence),
    h("ul", { class: "problem-list" }, rows.map((row) => h("li", null, row))),
  );
}

/**
 * Renders what an import did. A file with no rows says what belongs in one, so the officer knows
 * how to fill it (an export gives a file with the right columns).
 */
export function renderImportResult(report: SheetImport): HTMLElement {
  const changed = report.added + report.updated > 0;
  const file = h("code", null, report.file);
  const text =
    report.rows === 0
      ? t("registers.sheets.empty_file", { what: sheetNoun(report.what), file: slot("file") })
      : changed
        ? tn("registers.sheets.imported", report.rows, { added: report.added, updated: report.updated, unchanged: report.unchanged, file: slot("file") })
        : tn("registers.sheets.unchanged", report.rows, { file: slot("file") });
  return h(
    "div",
    { class: "export-result", role: "status", "data-testid": `${report.what}-import-result`, "data-outcome": changed ? "imported" : "unchanged", "data-rows": report.rows },
    fillNodes(text, { file }),
  );
}

/** Renders what an export wrote. */
export function renderExportResult(what: RegisterSheet, format: SheetFormat, report: SheetExport | null): HTMLElement {
  const attrs = { class: "export-result", role: "status", "data-testid": `${what}-export-result`, "data-format": format };
  if (!report) return h("div", { ...attrs, "data-outcome": "cancelled" }, t("registers.sheets.export_cancelled"));
  const file = h("code", { "data-testid": `${what}-export-path` }, report.file);
  const text = tn("registers.sheets.exported", report.rows, { what: sheetNoun(what), format: format.toUpperCase(), size: byteSize(report.bytes), file: slot("file") });
  return h("div", { ...attrs, "data-outcome": "saved" }, fillNodes(text, { file }));
}

/** The controls' handle: buttons for a toolbar, and the region their results show in. */
export interface SheetControls {
  importButton: HTMLButtonElement;
  exportButtons: HTMLButtonElement[];
  results: HTMLElement;
  /** Runs an import (also what the empty state's import button does). */
  runImport(): Promise<void>;
}

/**
 * Import and export buttons for `what`. `noun` names the rows in the officers' words and the
 * chosen language ("processors", "處理者"; the caller translates it); `onImported` reloads the
 * screen after an import that changed something.
 */
export function sheetControls(api: Api, what: RegisterSheet, noun: string, onImported: (report: SheetImport) => void | Promise<void>): SheetControls {
  const results = h("div", { class: "sheet-results", "data-testid": `${what}-sheet-results` });
  const importButton = h("button", { type: "button", class: "secondary", "data-testid": `${what}-import`, title: t("registers.sheets.import_title", { noun }) }, t("registers.sheets.import_button"));
  const exportButtons = (["csv", "xlsx"] as const).map((format) =>
    h("button", { type: "button", class: "secondary", "data-testid": `${what}-export-${format}`, "data-format": format, title: t("registers.sheets.export_title", { noun, format: format.toUpperCase() }) }, t("registers.sheets.export_button", { format: format.toUpperCase() })),
  );
  const all = [importButton, ...exportButtons];
  const setBusy = (button: HTMLButtonElement | null) => {
    for (const b of all) b.disabled = button !== null;
    if (button) button.setAttribute("aria-busy", "true");
    else for (const b of all) b.removeAttribute("aria-busy");
  };

  const runImport = async () => {
    setBusy(importButton);
    replaceChildren(results, h("p", { class: "loading", role: "status" }, t("registers.sheets.importing", { noun })));
    try {
      const report = await api.importRegister(what);
      if (!report) {
        replaceChildren(results, h("p", { role: "status", "data-testid": `${what}-import-result`, "data-outcome": "cancelled" }, t("registers.sheets.import_cancelled")));
        return;
      }
      replaceChildren(results, renderImportResult(report));
      if (report.added + report.updated > 0) await onImported(report);
    } catch (error) {
      replaceChildren(results, renderImportFailure(what, errorMessage(error)));
    } finally {
      setBusy(null);
    }
  };
  importButton.addEventListener("click", () => void runImport());

  exportButtons.forEach((button) => {
    const format = button.getAttribute("data-format") as SheetFormat;
    button.addEventListener("click", async () => {
      setBusy(button);
      replaceChildren(results, h("p", { class: "loading", role: "status" }, t("registers.sheets.exporting", { noun, format: format.toUpperCase() })));
      try {
        replaceChildren(results, renderExportResult(what, format, await api.exportRegister(what, format)));
      } catch (error) {
        const alert = errorAlert(errorMessage(error), t("registers.sheets.not_exported"));
        replaceChildren(results, h("div", { "data-testid": `${what}-export-result`, "data-format": format, "data-outcome": "failed" }, alert));
      } finally {
        setBusy(null);
      }
    });
  });

  return { importButton, exportButtons, results, runImport };
}
