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
import { byteSize, errorAlert } from "../view";

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
    const alert = errorAlert(message, "Not imported.");
    alert.setAttribute("data-testid", `${what}-import-problems`);
    return alert;
  }
  const sentence = lead.charAt(0).toUpperCase() + lead.slice(1);
  return h(
    "div",
    { class: "alert", role: "alert", "data-testid": `${what}-import-problems` },
    h("p", null, h("strong", null, "Not imported. "), sentence),
    h("ul", { class: "problem-list" }, rows.map((row) => h("li", null, row))),
  );
}

/** Renders what an import did. */
export function renderImportResult(report: SheetImport): HTMLElement {
  const changed = report.added + report.updated > 0;
  return h(
    "div",
    { class: "export-result", role: "status", "data-testid": `${report.what}-import-result`, "data-outcome": changed ? "imported" : "unchanged" },
    changed
      ? [`Imported ${report.rows} ${report.rows === 1 ? "row" : "rows"} from `, h("code", null, report.file), `: ${report.added} added, ${report.updated} updated, ${report.unchanged} unchanged.`]
      : [`Read ${report.rows} ${report.rows === 1 ? "row" : "rows"} from `, h("code", null, report.file), ": no changes, so nothing was written."],
  );
}

/** Renders what an export wrote. */
export function renderExportResult(what: RegisterSheet, format: SheetFormat, report: SheetExport | null): HTMLElement {
  const attrs = { class: "export-result", role: "status", "data-testid": `${what}-export-result`, "data-format": format };
  if (!report) return h("div", { ...attrs, "data-outcome": "cancelled" }, "Export cancelled; nothing was saved.");
  return h(
    "div",
    { ...attrs, "data-outcome": "saved" },
    `Exported ${report.rows} ${report.rows === 1 ? "row" : "rows"} of ${what} to `,
    h("code", { "data-testid": `${what}-export-path` }, report.file),
    ` (${format.toUpperCase()}, ${byteSize(report.bytes)}).`,
  );
}

/** The controls' handle: buttons for a toolbar, and the region their results show in. */
export interface SheetControls {
  importButton: HTMLButtonElement;
  exportButtons: HTMLButtonElement[];
  results: HTMLElement;
  /** Runs an import (also what the empty state's "Import spreadsheet…" does). */
  runImport(): Promise<void>;
}

/**
 * Import and export buttons for `what`. `noun` names the rows in the officers' words
 * ("processors"); `onImported` reloads the screen after an import that changed something.
 */
export function sheetControls(api: Api, what: RegisterSheet, noun: string, onImported: (report: SheetImport) => void | Promise<void>): SheetControls {
  const results = h("div", { class: "sheet-results", "data-testid": `${what}-sheet-results` });
  const importButton = h("button", { type: "button", class: "secondary", "data-testid": `${what}-import`, title: `Add or update ${noun} from a CSV or Excel file; every row is checked before anything is written` }, "Import spreadsheet\u2026");
  const exportButtons = (["csv", "xlsx"] as const).map((format) =>
    h("button", { type: "button", class: "secondary", "data-testid": `${what}-export-${format}`, "data-format": format }, `Export ${format.toUpperCase()}`),
  );
  const all = [importButton, ...exportButtons];
  const setBusy = (button: HTMLButtonElement | null) => {
    for (const b of all) b.disabled = button !== null;
    if (button) button.setAttribute("aria-busy", "true");
    else for (const b of all) b.removeAttribute("aria-busy");
  };

  const runImport = async () => {
    setBusy(importButton);
    replaceChildren(results, h("p", { class: "loading", role: "status" }, `Importing ${noun}\u2026`));
    try {
      const report = await api.importRegister(what);
      if (!report) {
        replaceChildren(results, h("p", { role: "status", "data-testid": `${what}-import-result`, "data-outcome": "cancelled" }, "Import cancelled; nothing was changed."));
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
      replaceChildren(results, h("p", { class: "loading", role: "status" }, `Exporting ${noun} as ${format.toUpperCase()}\u2026`));
      try {
        replaceChildren(results, renderExportResult(what, format, await api.exportRegister(what, format)));
      } catch (error) {
        const alert = errorAlert(errorMessage(error), "Not exported.");
        replaceChildren(results, h("div", { "data-testid": `${what}-export-result`, "data-format": format, "data-outcome": "failed" }, alert));
      } finally {
        setBusy(null);
      }
    });
  });

  return { importButton, exportButtons, results, runImport };
}
