/**
 * Exporting a policy version as HTML or PDF: the backend opens the native save dialog, renders,
 * and reports progress through `export-progress` events; published versions leave a snapshot
 * (the file's SHA-256) in the register.
 */
import { errorMessage, type Api, type ExportFormat, type ExportProgress, type PolicyExport, type Unlisten } from "../api";
import { h, replaceChildren } from "../h";
import { formatNumber, t, type MessageKey } from "../i18n";
import { byteSize, errorAlert } from "../view";

/** The formats by their names, which are the same in every language. */
const FORMAT_NAMES: Record<ExportFormat, string> = { html: "HTML", pdf: "PDF" };

/** The stages the backend reports (src-tauri/src/policy.rs), in the catalog's words. */
const STAGES: Record<string, MessageKey> = {
  "Rendering the HTML…": "policy.export.stage_html",
  "Typesetting the PDF…": "policy.export.stage_pdf",
  "Saved": "policy.export.stage_saved",
};

/** A stage in the current language; one the catalog does not know shows as the backend said it. */
export function exportStage(stage: string): string {
  const key = STAGES[stage];
  return key ? t(key) : stage;
}

/** Renders what an export wrote: path, size, SHA-256 and whether a snapshot was recorded. */
export function renderExportResult(e: PolicyExport): HTMLElement {
  return h(
    "div",
    { class: "export-result", "data-testid": "export-result", "data-outcome": "exported", "data-format": e.format },
    h(
      "p",
      { class: "ok" },
      e.snapshot
        ? t("policy.export.done_snapshot", { version: e.version, format: FORMAT_NAMES[e.format] })
        : t("policy.export.done_no_snapshot", { version: e.version, format: FORMAT_NAMES[e.format] }),
    ),
    h(
      "dl",
      { class: "facts" },
      h("dt", null, t("policy.export.file")),
      h("dd", null, h("code", { "data-testid": "export-path" }, e.path)),
      h("dt", null, t("policy.export.size")),
      h("dd", null, byteSize(e.bytes)),
      h("dt", null, t("policy.export.sha256")),
      h("dd", null, h("code", { class: "hash", "data-testid": "export-sha256" }, e.sha256)),
      e.snapshot
        ? [h("dt", null, t("policy.export.snapshot")), h("dd", null, t("policy.export.snapshot_detail", { id: formatNumber(e.snapshot.id), name: e.snapshot.created_by }))]
        : null,
    ),
  );
}

/** The export buttons and the panel showing progress and then the result. */
export interface ExportControls {
  buttons: HTMLButtonElement[];
  panel: HTMLElement;
}

/**
 * Export buttons for one version. `ready` runs first and may refuse (e.g. unsaved changes the
 * officer chose to keep editing), in which case nothing is exported.
 */
export function exportControls(api: Api, version: string, ready: () => Promise<boolean> = async () => true): ExportControls {
  const panel = h("div", { class: "export-panel", "aria-live": "polite" });
  const buttons = (["html", "pdf"] as const).map((format) =>
    h("button", { type: "button", class: "secondary", "data-testid": `policy-export-${format}` }, t("policy.export.button", { format: FORMAT_NAMES[format] })),
  );

  const run = async (format: ExportFormat) => {
    if (!(await ready())) return;
    for (const b of buttons) b.disabled = true;
    // No value: an indeterminate bar until the backend reports its first stage.
    const bar = h("progress", { id: "export-progress", max: "100", "data-testid": "export-progress" });
    const stage = h("span", { class: "stage" }, t("policy.export.choosing"));
    replaceChildren(
      panel,
      h("div", { class: "progress" }, h("label", { for: "export-progress" }, t("policy.export.exporting", { format: FORMAT_NAMES[format] })), bar, stage),
    );
    const show = (p: ExportProgress) => {
      bar.value = Math.max(0, Math.min(100, p.percent));
      stage.textContent = exportStage(p.stage);
    };
    let unlisten: Unlisten | null = null;
    try {
      // Progress is a courtesy: an export still runs when events cannot be followed.
      unlisten = await api.onExportProgress(show).catch(() => null);
      const result = await api.exportPolicy(version, format);
      replaceChildren(
        panel,
        result
          ? renderExportResult(result)
          : h("p", { class: "export-result", "data-testid": "export-result", "data-outcome": "cancelled", "data-format": format }, t("policy.export.cancelled")),
      );
    } catch (error) {
      replaceChildren(panel, errorAlert(errorMessage(error), t("policy.export.not_exported")));
    } finally {
      unlisten?.();
      for (const b of buttons) b.disabled = false;
    }
  };

  buttons[0]!.addEventListener("click", () => void run("html"));
  buttons[1]!.addEventListener("click", () => void run("pdf"));
  return { buttons, panel };
}
