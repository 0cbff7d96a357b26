/**
 * The command palette (Ctrl+Shift+P, F1) and the shortcut help ("?"): modal dialogs over the shell.
 *
 * The palette lists every screen ("Go to Requests") and every action with its shortcut; typing
 * filters the list, the arrow keys choose, Enter runs, Escape closes. Both dialogs give focus back
 * to where it was when they close, or to the screen's title when that element is gone.
 */
import { h } from "./h";
import { t } from "./i18n";
import { comboElement, shortcutTable, type Combo } from "./keyboard";

/** One thing the palette can do. */
export interface Command {
  id: string;
  /** What the palette shows, in the language in use. */
  label: string;
  /** The shortcut that does the same, shown beside it. */
  combo?: Combo;
  /** Other words that find it (the English name, the screen id). */
  keywords?: string;
  run: () => void;
}

/** An open shell dialog. */
export interface ShellDialog {
  dialog: HTMLDialogElement;
  /** Closes the dialog and gives focus back. */
  close: () => void;
}

/** The shell dialog open now (only one at a time). */
let current: ShellDialog | null = null;

/** The shell dialog open now, if any. */
export function openShellDialog(): ShellDialog | null {
  return current && current.dialog.open ? current : null;
}

/** Where focus goes back: the element that had it, or the screen's title, or the main area. */
function restoreFocus(previous: Element | null, doc: Document): void {
  if (previous instanceof HTMLElement && previous.isConnected && previous !== doc.body) {
    previous.focus();
    return;
  }
  const fallback = doc.querySelector<HTMLElement>("main .screen-title") ?? doc.querySelector<HTMLElement>("main");
  fallback?.focus();
}

/**
 * Shows `content` in a modal dialog labelled by `title`. Escape (and the browser's cancel) closes
 * it; closing gives focus back. `onKeyDown` sees keys first.
 */
function shellDialog(options: { testid: string; title: string; className: string; content: HTMLElement[]; doc?: Document; initialFocus: (dialog: HTMLDialogElement) => HTMLElement | null }): ShellDialog {
  const doc = options.doc ?? document;
  openShellDialog()?.close();
  const previous = doc.activeElement;
  const titleId = `${options.testid}-title`;
  const dialog = h(
    "dialog",
    { class: `shell-dialog ${options.className}`, role: "dialog", "aria-modal": "true", "aria-labelledby": titleId, "data-testid": options.testid, "data-shell-dialog": "" },
    h("h2", { id: titleId }, options.title),
    options.content,
  );
  let closed = false;
  const handle: ShellDialog = {
    dialog,
    close: () => {
      if (closed) return;
      closed = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      if (current === handle) current = null;
      restoreFocus(previous, doc);
    },
  };
  dialog.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      handle.close();
    }
  });
  // The browser's own Escape handling: close our way, so focus goes back.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    handle.close();
  });
  dialog.addEventListener("close", () => handle.close());
  doc.body.appendChild(dialog);
  if (typeof dialog.showModal === "function") dialog.showModal();
  else dialog.setAttribute("open", "");
  current = handle;
  options.initialFocus(dialog)?.focus();
  return handle;
}

/** Whether a command matches what was typed: every word found in its label or keywords. */
export function commandMatches(command: Command, query: string): boolean {
  const haystack = `${command.label} ${command.keywords ?? ""}`.toLocaleLowerCase();
  return query
    .toLocaleLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

/** Opens the command palette over the app. */
export function openPalette(commands: readonly Command[], doc: Document = document): ShellDialog {
  const listId = "palette-list";
  const input = h("input", {
    id: "palette-filter",
    type: "text",
    class: "palette-filter",
    role: "combobox",
    "aria-expanded": "true",
    "aria-controls": listId,
    "aria-autocomplete": "list",
    "aria-describedby": "palette-hint",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: t("common.keys.palette_placeholder"),
    "data-testid": "palette-filter",
  });
  const list = h("ul", { id: listId, class: "palette-list", role: "listbox", "aria-label": t("common.keys.palette_list"), "data-testid": "palette-list" });
  const status = h("p", { class: "palette-empty", role: "status", "aria-live": "polite", "data-testid": "palette-empty" });
  let shown: Command[] = [];
  let active = 0;
  let handle: ShellDialog;

  const runCommand = (command: Command) => {
    // Close first, so the command's own focus move (a search field, a new screen) wins.
    handle.close();
    command.run();
  };

  const highlight = () => {
    Array.from(list.children).forEach((option, i) => {
      const selected = i === active;
      option.setAttribute("aria-selected", selected ? "true" : "false");
      if (selected && typeof (option as HTMLElement).scrollIntoView === "function") (option as HTMLElement).scrollIntoView({ block: "nearest" });
    });
    const option = list.children[active];
    if (option) input.setAttribute("aria-activedescendant", option.id);
    else input.removeAttribute("aria-activedescendant");
  };

  const render = () => {
    const query = input.value.trim();
    shown = commands.filter((command) => commandMatches(command, query));
    active = Math.min(active, Math.max(0, shown.length - 1));
    list.replaceChildren(
      ...shown.map((command, i) =>
        h(
          "li",
          {
            id: `palette-option-${i}`,
            class: "palette-option",
            role: "option",
            "aria-selected": "false",
            "data-command": command.id,
            "data-testid": "palette-option",
            onclick: () => runCommand(command),
            onmousemove: () => {
              if (active !== i) {
                active = i;
                highlight();
              }
            },
          },
          h("span", { class: "palette-label" }, command.label),
          command.combo ? comboElement(command.combo) : null,
        ),
      ),
    );
    status.textContent = shown.length === 0 ? t("common.keys.palette_empty", { query }) : "";
    highlight();
  };

  input.addEventListener("input", () => {
    active = 0;
    render();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (shown.length === 0) return;
      active = (active + (event.key === "ArrowDown" ? 1 : shown.length - 1)) % shown.length;
      highlight();
    } else if (event.key === "Home" || event.key === "End") {
      if (shown.length === 0 || input.value !== "") return;
      event.preventDefault();
      active = event.key === "Home" ? 0 : shown.length - 1;
      highlight();
    } else if (event.key === "Enter") {
      event.preventDefault();
      const command = shown[active];
      if (command) runCommand(command);
    }
  });

  handle = shellDialog({
    testid: "palette",
    title: t("common.keys.palette"),
    className: "palette",
    doc,
    content: [
      h("label", { for: "palette-filter", class: "visually-hidden" }, t("common.keys.palette_filter")),
      input,
      h("p", { id: "palette-hint", class: "hint" }, t("common.keys.palette_hint")),
      list,
      status,
    ],
    initialFocus: () => input,
  });
  render();
  return handle;
}

/** Opens the list of keyboard shortcuts ("?"). */
export function openShortcutHelp(doc: Document = document): ShellDialog {
  const close = h("button", { type: "button", class: "secondary", "data-testid": "shortcut-help-close" }, t("common.keys.close"));
  const handle = shellDialog({
    testid: "shortcut-help",
    title: t("common.keys.help"),
    className: "shortcut-help",
    doc,
    content: [h("p", { class: "hint" }, t("common.keys.typing_note")), shortcutTable("shortcut-help-table"), h("div", { class: "dialog-actions" }, close)],
    initialFocus: () => close,
  });
  close.addEventListener("click", () => handle.close());
  return handle;
}
