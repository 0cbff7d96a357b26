/**
 * Keyboard shortcuts for the officers' frequent actions, app-wide.
 *
 * Screens do not handle shortcuts themselves: they mark the element an action should activate
 * with `data-shortcut="<action>"` (ui/CONVENTIONS.md), and the shell's handler here clicks the
 * visible one (or focuses and selects it, for a text field). When the current screen has none, the
 * handler opens the screen that has it and activates it once that screen is drawn.
 *
 * Single-key shortcuts (J, K, /, ?) never fire while the officer is typing in a field.
 */
import { h } from "./h";
import { t } from "./i18n";

/** What a shortcut does. The first six are `data-shortcut` values screens put on their elements. */
export type ShortcutAction = "new-draft" | "import" | "search" | "next" | "prev" | "save" | "palette" | "help";

/** Actions carried out by activating an element a screen marked with `data-shortcut`. */
export const TARGET_ACTIONS = ["new-draft", "import", "search", "next", "prev", "save"] as const;
export type TargetAction = (typeof TARGET_ACTIONS)[number];

/** One key combination. `key` is a lower-case letter, a symbol ("/", "?") or a key name ("F1", "ArrowDown"). */
export interface Combo {
  key: string;
  ctrl?: boolean;
  shift?: boolean;
  alt?: boolean;
}

/** A shortcut: its action, the combinations that trigger it, and its name in the language in use. */
export interface Shortcut {
  action: ShortcutAction;
  combos: readonly Combo[];
  label: () => string;
}

/**
 * Every shortcut, in the order the help lists them. Ctrl+N is left alone (a new window in some
 * webviews); Ctrl+Alt+N is ignored when it is really AltGr+N, which types a letter on some layouts.
 */
export const SHORTCUTS: readonly Shortcut[] = [
  { action: "new-draft", combos: [{ key: "n", ctrl: true, shift: true }, { key: "n", ctrl: true, alt: true }], label: () => t("common.keys.new_draft") },
  { action: "import", combos: [{ key: "i", ctrl: true }], label: () => t("common.keys.import") },
  { action: "search", combos: [{ key: "k", ctrl: true }, { key: "/" }], label: () => t("common.keys.search") },
  { action: "next", combos: [{ key: "j" }, { key: "ArrowDown", alt: true }], label: () => t("common.keys.next") },
  { action: "prev", combos: [{ key: "k" }, { key: "ArrowUp", alt: true }], label: () => t("common.keys.prev") },
  { action: "save", combos: [{ key: "s", ctrl: true }], label: () => t("common.keys.save") },
  { action: "palette", combos: [{ key: "p", ctrl: true, shift: true }, { key: "F1" }], label: () => t("common.keys.palette") },
  { action: "help", combos: [{ key: "?" }], label: () => t("common.keys.help") },
];

/** The screen that holds an action's element, opened when the current screen has none. */
export const ACTION_SCREENS: Partial<Record<TargetAction, string>> = {
  "new-draft": "policy",
  import: "requests",
  search: "requests",
};

/** The name of a shortcut's action, in the language in use. */
export function actionLabel(action: ShortcutAction): string {
  return SHORTCUTS.find((s) => s.action === action)?.label() ?? action;
}

/** A combination as the keys to press, each as shown on the keyboard: ["Ctrl", "Shift", "N"]. */
export function comboKeys(combo: Combo): string[] {
  const keys: string[] = [];
  if (combo.ctrl) keys.push(t("common.keys.ctrl"));
  if (combo.shift) keys.push("Shift");
  if (combo.alt) keys.push("Alt");
  const names: Record<string, string> = { ArrowDown: "↓", ArrowUp: "↑" };
  keys.push(names[combo.key] ?? (combo.key.length === 1 ? combo.key.toUpperCase() : combo.key));
  return keys;
}

/** A combination as one `<kbd>` of `<kbd>`s, the way HTML marks keys to press. */
export function comboElement(combo: Combo): HTMLElement {
  const keys = comboKeys(combo);
  return h(
    "kbd",
    { class: "combo" },
    keys.map((key, i) => [i > 0 ? t("common.keys.then") : null, h("kbd", null, key)]),
  );
}

/** A shortcut's combinations, "Ctrl+K or /". */
export function combosElement(shortcut: Shortcut): HTMLElement {
  return h(
    "span",
    { class: "combos" },
    shortcut.combos.map((combo, i) => [i > 0 ? ` ${t("common.keys.or")} ` : null, comboElement(combo)]),
  );
}

/** The shortcuts as a table: the settings screen and the help dialog show it. */
export function shortcutTable(testid = "shortcut-table"): HTMLElement {
  return h(
    "div",
    { class: "table-wrap shortcut-table", "data-testid": testid },
    h(
      "table",
      null,
      // Named for screen readers; where it is shown, a heading above already says what it is.
      h("caption", { class: "visually-hidden" }, t("common.keys.caption")),
      h("thead", null, h("tr", null, h("th", { scope: "col" }, t("common.keys.col_action")), h("th", { scope: "col" }, t("common.keys.col_keys")))),
      h(
        "tbody",
        null,
        SHORTCUTS.map((shortcut) => h("tr", { "data-action": shortcut.action }, h("th", { scope: "row" }, shortcut.label()), h("td", null, combosElement(shortcut)))),
      ),
    ),
  );
}

/** Input types that take no typing: a letter pressed there is a shortcut, not text. */
const NOT_TEXT_INPUTS = new Set(["button", "submit", "reset", "checkbox", "radio", "file", "color", "range", "image"]);

/** Whether `target` is a place the officer types in: a text field, a text area, a select or editable content. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !NOT_TEXT_INPUTS.has(target.type.toLowerCase());
  if (target instanceof HTMLElement && target.isContentEditable) return true;
  const editable = target.closest("[contenteditable]");
  return editable !== null && editable.getAttribute("contenteditable") !== "false";
}

/** The letter a key event stands for: `key` on Latin layouts, the key's position (`code`) on others. */
function keyOf(event: KeyboardEvent): string {
  if (/^[a-z]$/i.test(event.key)) return event.key.toLowerCase();
  if (event.key.length === 1 && /^Key[A-Z]$/.test(event.code ?? "") && !/^[\x20-\x7e]$/.test(event.key)) {
    return event.code.slice(3).toLowerCase();
  }
  return event.key;
}

/** Whether an event matches a combination. Symbols ("/", "?") ignore Shift, which some layouts need to type them. */
function matches(event: KeyboardEvent, combo: Combo, key: string): boolean {
  if (key !== combo.key) return false;
  const ctrl = event.ctrlKey || event.metaKey;
  if (ctrl !== Boolean(combo.ctrl) || event.altKey !== Boolean(combo.alt)) return false;
  const symbol = combo.key.length === 1 && !/[a-z]/.test(combo.key);
  if (!symbol && event.shiftKey !== Boolean(combo.shift)) return false;
  // AltGr arrives as Ctrl+Alt on Windows and some Linux layouts: it types a character there.
  if (combo.ctrl && combo.alt && typeof event.getModifierState === "function" && event.getModifierState("AltGraph")) return false;
  return true;
}

/** A combination that is pressed without Ctrl or Alt: it would type a character in a field. */
function isSingleKey(combo: Combo): boolean {
  return !combo.ctrl && !combo.alt && combo.key.length === 1;
}

/**
 * The action a key event asks for, or null. Single keys are ignored while typing; Alt+arrows are
 * ignored in a select (they open it); nothing fires while an input method is composing.
 */
export function shortcutFor(event: KeyboardEvent): ShortcutAction | null {
  if (event.isComposing || event.keyCode === 229) return null;
  const key = keyOf(event);
  const typing = isTyping(event.target);
  for (const shortcut of SHORTCUTS) {
    for (const combo of shortcut.combos) {
      if (!matches(event, combo, key)) continue;
      if (typing && isSingleKey(combo)) return null;
      if (combo.alt && event.target instanceof HTMLSelectElement) return null;
      if (event.repeat && shortcut.action !== "next" && shortcut.action !== "prev") return null;
      return shortcut.action;
    }
  }
  return null;
}

/** Whether an element is shown: in the document, not hidden, not in a closed dialog or disclosure. */
export function isShown(el: HTMLElement): boolean {
  if (!el.isConnected) return false;
  if (el.closest("[hidden], [inert], [aria-hidden='true']")) return false;
  for (let node: Element | null = el; node; node = node.parentElement) {
    if (node instanceof HTMLDialogElement && !node.open) return false;
    if (node instanceof HTMLDetailsElement && !node.open && el.closest("summary")?.parentElement !== node) return false;
  }
  // Layout says the rest (display: none, collapsed); a document without layout reports a box anyway.
  return el.getClientRects().length > 0;
}

/** The open dialog on top (a screen's form or confirmation), which owns the keyboard while it is open. */
export function openDialog(doc: Document): HTMLDialogElement | null {
  const open = Array.from(doc.querySelectorAll<HTMLDialogElement>("dialog[open]"));
  return open[open.length - 1] ?? null;
}

/** The visible element marked for `action` within `scope`, or null. */
export function findTarget(scope: ParentNode, action: TargetAction): HTMLElement | null {
  const marked = Array.from(scope.querySelectorAll<HTMLElement>(`[data-shortcut="${action}"]`));
  return marked.find(isShown) ?? null;
}

/** Whether a marked element is switched off (a save with nothing to save, a draft with nothing to copy). */
function isDisabled(el: HTMLElement): boolean {
  return (el as HTMLButtonElement).disabled === true || el.getAttribute("aria-disabled") === "true";
}

/** Activates a marked element: a text field is focused with its text selected; anything else is clicked. */
export function activate(el: HTMLElement): void {
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
    el.focus();
    if (el instanceof HTMLTextAreaElement || !NOT_TEXT_INPUTS.has(el.type)) el.select();
    return;
  }
  if (el instanceof HTMLSelectElement) {
    el.focus();
    return;
  }
  el.click();
}

/** What the shell gives the keyboard handler. */
export interface KeyboardOptions {
  win: Window;
  /** Where the screens' marked elements live. */
  main: HTMLElement;
  /** Opens a screen by id (sets the location hash). */
  navigate: (screenId: string) => void;
  openPalette: () => void;
  openHelp: () => void;
  /** Says something to screen-reader users (a polite live region). */
  announce: (text: string) => void;
  /** How long to wait for a screen opened for a shortcut to show its element. */
  waitMs?: number;
}

/** The installed handler. */
export interface KeyboardController {
  /** Carries out an action as its shortcut would. */
  run: (action: ShortcutAction) => void;
  /** Removes the handler. */
  destroy: () => void;
}

/** The event a screen dispatches on the window to ask the shell for an action (the welcome panel's buttons). */
export const ACTION_EVENT = "workbench:action";

/**
 * Asks the shell to carry out an action as its shortcut would (open the inbox and start an import,
 * say). Returns false when no shell is listening, so the caller can fall back to a plain link.
 */
export function requestAction(action: ShortcutAction, win: Window = window): boolean {
  const event = new CustomEvent(ACTION_EVENT, { detail: { action }, cancelable: true });
  win.dispatchEvent(event);
  return event.defaultPrevented;
}

/** Installs the app-wide shortcuts. Call `destroy` when the shell goes. */
export function installKeyboard(options: KeyboardOptions): KeyboardController {
  const { win, main, navigate, openPalette, openHelp, announce } = options;
  const doc = win.document;
  const waitMs = options.waitMs ?? 8000;
  let pending: { stop: () => void } | null = null;

  const cancelPending = () => {
    pending?.stop();
    pending = null;
  };

  /** Says why an action did nothing: the switched-off element's own explanation, if it has one. */
  const explain = (action: TargetAction, target: HTMLElement | null) => {
    const label = actionLabel(action);
    if (target && isDisabled(target)) announce(target.title || t("common.keys.disabled", { action: label }));
    else announce(t("common.keys.unavailable", { action: label }));
  };

  /** Activates the element once it appears, enabled (the screen opened for it is drawn), or gives up. */
  const whenShown = (action: TargetAction) => {
    cancelPending();
    const observer = new MutationObserver(() => {
      const target = findTarget(openDialog(doc) ?? main, action);
      if (!target || isDisabled(target)) return;
      cancelPending();
      activate(target);
    });
    const timer = win.setTimeout(() => {
      cancelPending();
      explain(action, findTarget(openDialog(doc) ?? main, action));
    }, waitMs);
    observer.observe(main, { childList: true, subtree: true, attributes: true, attributeFilter: ["hidden", "disabled", "data-shortcut"] });
    pending = {
      stop: () => {
        observer.disconnect();
        win.clearTimeout(timer);
      },
    };
  };

  const runTarget = (action: TargetAction) => {
    const dialog = openDialog(doc);
    const target = findTarget(dialog ?? main, action);
    if (target) {
      cancelPending();
      if (isDisabled(target)) explain(action, target);
      else activate(target);
      return;
    }
    const screen = ACTION_SCREENS[action];
    // A dialog open on a screen owns the keyboard: never navigate away from under it.
    if (!screen || dialog) {
      explain(action, null);
      return;
    }
    whenShown(action);
    navigate(screen);
  };

  const run = (action: ShortcutAction) => {
    if (action === "palette") openPalette();
    else if (action === "help") openHelp();
    else runTarget(action);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented) return;
    // The palette and the help handle their own keys.
    if (event.target instanceof Element && event.target.closest("[data-shell-dialog]")) return;
    const action = shortcutFor(event);
    if (!action) return;
    event.preventDefault();
    run(action);
  };

  const onAction = (event: Event) => {
    const action = (event as CustomEvent<{ action?: ShortcutAction }>).detail?.action;
    if (!action || !SHORTCUTS.some((s) => s.action === action)) return;
    event.preventDefault();
    run(action);
  };

  win.addEventListener("keydown", onKeyDown);
  win.addEventListener(ACTION_EVENT, onAction);
  return {
    run,
    destroy: () => {
      cancelPending();
      win.removeEventListener("keydown", onKeyDown);
      win.removeEventListener(ACTION_EVENT, onAction);
    },
  };
}
