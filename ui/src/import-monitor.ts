/**
 * Mail imports, app-wide: the progress bar and the result panel for every import the backend runs,
 * whether the officer chose files in the native dialog ("Import mail…") or dropped .eml/.mbox
 * files anywhere on the window (Rust imports those itself and tells us through events).
 *
 * The shell keeps one monitor above every screen, so an import started on one screen still shows
 * its progress and outcome after the officer moves to another. Screens that show requests ask to
 * be told when an import committed (`afterImport`) and reload what they show.
 */
import { errorMessage, type Api, type ImportItem, type ImportProgress, type ImportReport, type Unlisten } from "./api";
import { h, replaceChildren } from "./h";
import { errorAlert } from "./view";

/** The app-wide import tracker. */
export interface ImportMonitor {
  /** The progress bar and the result panel; empty while nothing was imported. */
  element: HTMLElement;
  /** An "Import mail…" button that opens the native dialog; disabled while an import runs. */
  importButton(testid: string, label?: string): HTMLButtonElement;
  /** Opens the native dialog and imports what the officer chose. */
  importFromDialog(): Promise<void>;
  /**
   * Calls `fn` after every import that committed, for as long as `owner` is in the document
   * (a screen that was replaced is forgotten).
   */
  afterImport(owner: Element, fn: (report: ImportReport) => void): void;
  /** True while an import runs. */
  busy(): boolean;
  /** Stops following the backend's import events. */
  destroy(): void;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

/** A byte count, short: "812 bytes", "1.2 MB". */
export function shortBytes(bytes: number): string {
  if (bytes < 1024) return plural(bytes, "byte");
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** A progress step in words: "Reading: 1.2 MB of 50.0 MB", "Writing: 120 of 5,000 messages". */
export function describeProgress(p: ImportProgress): string {
  const phase = p.phase ? p.phase.charAt(0).toUpperCase() + p.phase.slice(1) : "Importing";
  if (p.unit === "bytes") return `${phase}: ${shortBytes(p.done)} of ${shortBytes(p.total)}`;
  const unit = p.unit || "items";
  const singular = unit.endsWith("s") ? unit.slice(0, -1) : unit;
  return `${phase}: ${p.done.toLocaleString("en")} of ${plural(p.total, singular, unit)}`;
}

/** What happened to one message, in a sentence. */
function describeItem(item: ImportItem): string {
  const type = item.type ? item.type.replace(/_/g, " ") : null;
  switch (item.outcome) {
    case "created":
      return `new ${type ?? ""} request${item.request_id !== null ? ` ${item.request_id}` : ""}`.replace(/\s+/g, " ");
    case "reply":
      return `reply added to request ${item.request_id ?? "?"}`;
    case "duplicate":
      return "already in the register, not imported again";
    default:
      return item.outcome.replace(/_/g, " ");
  }
}

/** Renders what an import did: the counts, then one line per message with its reason. */
export function renderImportReport(report: ImportReport, onDismiss?: () => void): HTMLElement {
  const count = (testid: string, n: number, one: string, many?: string) =>
    h("span", null, h("strong", { "data-testid": testid }, n.toLocaleString("en")), ` ${n === 1 ? one : (many ?? `${one}s`)}`);
  return h(
    "section",
    { class: "import-result", "data-testid": "import-result", "data-outcome": "imported", "aria-labelledby": "import-result-heading" },
    h("h2", { id: "import-result-heading" }, "Mail imported"),
    h(
      "p",
      { class: "import-counts" },
      count("import-files", report.files, "file"),
      ", ",
      count("import-messages", report.messages, "message"),
      ": ",
      count("import-created", report.created, "new request"),
      ", ",
      count("import-replies", report.replies, "reply", "replies"),
      " to existing requests, ",
      count("import-duplicates", report.duplicates, "duplicate"),
      " already in the register.",
    ),
    report.items.length > 0
      ? h(
          "ul",
          { class: "import-items", "data-testid": "import-items" },
          report.items.map((item) =>
            h(
              "li",
              { "data-outcome": item.outcome },
              h("code", null, item.source),
              ": ",
              item.request_id !== null && item.outcome !== "duplicate"
                ? h("a", { href: `#/requests/${item.request_id}` }, describeItem(item))
                : describeItem(item),
              item.reason ? ` (${item.reason})` : null,
            ),
          ),
        )
      : null,
    onDismiss ? dismissButton(onDismiss) : null,
  );
}

function dismissButton(onDismiss: () => void): HTMLButtonElement {
  return h("button", { type: "button", class: "secondary small", "data-testid": "import-dismiss", onClick: () => onDismiss() }, "Dismiss");
}

/** Builds the monitor and starts following the backend's import events. */
export function importMonitor(api: Api): ImportMonitor {
  // The panel shows progress and results; the live region, present from the start, announces
  // each outcome once (announcing every step of the bar would drown everything else).
  const panel = h("div", { class: "import-panel" });
  const live = h("p", { class: "visually-hidden", "aria-live": "polite", "aria-atomic": "true", "data-testid": "import-announcement" });
  const element = h("div", { class: "import-monitor", "data-testid": "import-monitor" }, panel, live);
  const announce = (text: string) => {
    live.textContent = text;
  };
  const buttons = new Set<HTMLButtonElement>();
  const listeners: Array<{ owner: Element; fn: (report: ImportReport) => void; seen: boolean }> = [];
  let running = false;
  let bar: HTMLProgressElement | null = null;
  let stage: HTMLElement | null = null;
  let unlisten: Unlisten | null = null;
  let destroyed = false;

  const setRunning = (value: boolean) => {
    running = value;
    for (const b of buttons) {
      b.disabled = value;
      if (value) b.setAttribute("aria-busy", "true");
      else b.removeAttribute("aria-busy");
    }
  };

  const dismiss = () => replaceChildren(panel);

  const showProgress = (what: string) => {
    // No value: an indeterminate bar until the backend reports its first step.
    bar = h("progress", { id: "import-progress", "data-testid": "import-progress", max: "100" });
    stage = h("span", { class: "stage", "data-testid": "import-stage" }, what);
    replaceChildren(
      panel,
      h("div", { class: "progress import-progress" }, h("label", { for: "import-progress" }, "Importing mail"), bar, stage),
    );
  };

  const progress = (p: ImportProgress) => {
    if (!running) return; // a late event from an import already reported
    if (!bar || !stage || !bar.isConnected) showProgress("");
    if (p.total > 0) {
      bar!.max = p.total;
      bar!.value = Math.max(0, Math.min(p.total, p.done));
    }
    stage!.textContent = describeProgress(p);
  };

  const finished = (report: ImportReport) => {
    setRunning(false);
    bar = stage = null;
    replaceChildren(panel, renderImportReport(report, dismiss));
    announce(
      `Mail imported: ${plural(report.created, "new request")}, ${plural(report.replies, "reply", "replies")}, ${plural(report.duplicates, "duplicate")}.`,
    );
    for (const listener of [...listeners]) {
      if (listener.owner.isConnected) {
        listener.seen = true;
        listener.fn(report);
      } else if (listener.seen) {
        listeners.splice(listeners.indexOf(listener), 1);
      }
    }
  };

  const failed = (message: string) => {
    setRunning(false);
    bar = stage = null;
    announce("Nothing was imported.");
    replaceChildren(
      panel,
      h(
        "section",
        { class: "import-result failed", "data-testid": "import-result", "data-outcome": "failed", "aria-label": "Import failed" },
        errorAlert(message, "Nothing was imported."),
        dismissButton(dismiss),
      ),
    );
  };

  const importFromDialog = async () => {
    if (running) return;
    setRunning(true);
    showProgress("Choosing files…");
    try {
      const report = await api.importRequests();
      if (report) {
        finished(report);
      } else {
        setRunning(false);
        announce("Import cancelled.");
        replaceChildren(
          panel,
          h(
            "p",
            { class: "import-result cancelled", "data-testid": "import-result", "data-outcome": "cancelled" },
            "Import cancelled; nothing was imported. ",
            dismissButton(dismiss),
          ),
        );
      }
    } catch (error) {
      failed(errorMessage(error));
    }
  };

  // Following events is a courtesy: the dialog import still works when they cannot be followed.
  api
    .onImportEvents({
      started: (files) => {
        setRunning(true);
        showProgress(`Importing ${plural(files, "dropped file")}…`);
        announce(`Importing ${plural(files, "dropped file")}.`);
      },
      progress,
      finished,
      failed,
    })
    .then(
      (stop) => {
        if (destroyed) stop();
        else unlisten = stop;
      },
      () => undefined,
    );

  return {
    element,
    importButton(testid, label = "Import mail\u2026") {
      const button = h("button", { type: "button", "data-testid": testid, "aria-haspopup": "dialog", disabled: running }, label);
      button.addEventListener("click", () => void importFromDialog());
      // Forget the buttons of screens that were replaced.
      for (const b of buttons) if (!b.isConnected) buttons.delete(b);
      buttons.add(button);
      return button;
    },
    importFromDialog,
    afterImport(owner, fn) {
      listeners.push({ owner, fn, seen: owner.isConnected });
    },
    busy: () => running,
    destroy() {
      destroyed = true;
      unlisten?.();
      unlisten = null;
    },
  };
}
