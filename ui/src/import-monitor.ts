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
import { formatNumber, onLocaleChange, t, tn, tOptional } from "./i18n";
import { messageParts } from "./screens/message-parts";
import { errorAlert, statusWord } from "./view";

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

/** A byte count, short: "812 bytes", "1.2 MB". */
export function shortBytes(bytes: number): string {
  if (bytes < 1024) return tn("common.bytes", bytes);
  const units = [t("common.units.kb"), t("common.units.mb"), t("common.units.gb")];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${formatNumber(value, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} ${units[unit]}`;
}

/** A progress step in words: "Reading: 1.2 MB of 50.0 MB", "Writing: 120 of 5,000 messages". */
export function describeProgress(p: ImportProgress): string {
  // The backend names its phases (reading, parsing, writing); one it adds later shows as written.
  const phase = tOptional(`requests.import.phase.${p.phase}`) ?? (p.phase ? p.phase.charAt(0).toUpperCase() + p.phase.slice(1) : t("requests.import.phase.importing"));
  if (p.unit === "bytes") return t("requests.import.progress_bytes", { phase, done: shortBytes(p.done), total: shortBytes(p.total) });
  const done = formatNumber(p.done);
  if (p.unit === "messages") return tn("requests.import.progress_messages", p.total, { phase, done });
  return tn("requests.import.progress_items", p.total, { phase, done });
}

/** What happened to one message, in a sentence. */
function describeItem(item: ImportItem): string {
  const id = item.request_id !== null ? String(item.request_id) : "?";
  switch (item.outcome) {
    case "created":
      if (item.request_id === null) return item.type ? t("requests.import.item.created_type_only", { type: statusWord(item.type) }) : t("requests.import.item.created_plain");
      return item.type ? t("requests.import.item.created", { type: statusWord(item.type), id }) : t("requests.import.item.created_untyped", { id });
    case "reply":
      return t("requests.import.item.reply", { id });
    case "duplicate":
      return t("requests.import.item.duplicate");
    default:
      return statusWord(item.outcome);
  }
}

/** Renders what an import did: the counts, then one line per message with its reason. */
export function renderImportReport(report: ImportReport, onDismiss?: () => void): HTMLElement {
  const count = (testid: string, key: string, n: number) => h("span", null, messageParts(tn(key, n), { n: h("strong", { "data-testid": testid }, formatNumber(n)) }));
  return h(
    "section",
    { class: "import-result", "data-testid": "import-result", "data-outcome": "imported", "aria-labelledby": "import-result-heading" },
    h("h2", { id: "import-result-heading" }, t("requests.import.result_heading")),
    h(
      "p",
      { class: "import-counts" },
      messageParts(t("requests.import.counts"), {
        files: count("import-files", "requests.import.count.files", report.files),
        messages: count("import-messages", "requests.import.count.messages", report.messages),
        created: count("import-created", "requests.import.count.created", report.created),
        replies: count("import-replies", "requests.import.count.replies", report.replies),
        duplicates: count("import-duplicates", "requests.import.count.duplicates", report.duplicates),
      }),
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
  return h("button", { type: "button", class: "secondary small", "data-testid": "import-dismiss", onClick: () => onDismiss() }, t("requests.import.dismiss"));
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

  // The last report shown, so a language switch can redraw it in the new language.
  let shownReport: ImportReport | null = null;
  const dismiss = () => {
    shownReport = null;
    replaceChildren(panel);
  };
  onLocaleChange(() => {
    if (shownReport && panel.firstChild) replaceChildren(panel, renderImportReport(shownReport, dismiss));
  });

  const showProgress = (what: string) => {
    shownReport = null;
    // No value: an indeterminate bar until the backend reports its first step.
    bar = h("progress", { id: "import-progress", "data-testid": "import-progress", max: "100" });
    stage = h("span", { class: "stage", "data-testid": "import-stage" }, what);
    replaceChildren(
      panel,
      h("div", { class: "progress import-progress" }, h("label", { for: "import-progress" }, t("requests.import.progress_label")), bar, stage),
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
    shownReport = report;
    replaceChildren(panel, renderImportReport(report, dismiss));
    const said = (key: string, n: number) => tn(key, n, { n });
    announce(
      t("requests.import.announce", {
        created: said("requests.import.count.created", report.created),
        replies: said("requests.import.count.replies", report.replies),
        duplicates: said("requests.import.count.duplicates", report.duplicates),
      }),
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
    shownReport = null;
    bar = stage = null;
    announce(t("requests.import.nothing"));
    replaceChildren(
      panel,
      h(
        "section",
        { class: "import-result failed", "data-testid": "import-result", "data-outcome": "failed", "aria-label": t("requests.import.failed_label") },
        errorAlert(message, t("requests.import.nothing")),
        dismissButton(dismiss),
      ),
    );
  };

  const importFromDialog = async () => {
    if (running) return;
    setRunning(true);
    showProgress(t("requests.import.choosing"));
    try {
      const report = await api.importRequests();
      if (report) {
        finished(report);
      } else {
        setRunning(false);
        announce(t("requests.import.cancelled_short"));
        replaceChildren(
          panel,
          h(
            "p",
            { class: "import-result cancelled", "data-testid": "import-result", "data-outcome": "cancelled" },
            t("requests.import.cancelled"),
            " ",
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
        showProgress(tn("requests.import.dropped_stage", files));
        announce(tn("requests.import.dropped_announce", files));
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
    importButton(testid, label = t("requests.import.button")) {
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
