import { afterEach, describe, expect, it, vi } from "vitest";
import { h } from "../src/h";
import { setLocale } from "../src/i18n";
import { installKeyboard, isTyping, requestAction, shortcutFor, shortcutTable, type KeyboardController } from "../src/keyboard";
import { commandMatches, openPalette, openShortcutHelp, type Command } from "../src/palette";
import { settle } from "./fixtures";

/** Presses a key on `target` (the focused element), as the browser would: the event bubbles to the window. */
function press(target: EventTarget, key: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}

let controller: KeyboardController | null = null;

/** A shell stand-in: a main area holding `children`, the keyboard installed over it. */
function shell(children: HTMLElement[] = [], overrides: { navigate?: (id: string) => void; waitMs?: number } = {}) {
  const main = h("main", null, children);
  document.body.appendChild(main);
  const calls = { navigate: [] as string[], palette: 0, help: 0, announced: [] as string[] };
  controller = installKeyboard({
    win: window,
    main,
    navigate: (id) => {
      calls.navigate.push(id);
      overrides.navigate?.(id);
    },
    openPalette: () => calls.palette++,
    openHelp: () => calls.help++,
    announce: (text) => calls.announced.push(text),
    waitMs: overrides.waitMs ?? 500,
  });
  return { main, calls };
}

afterEach(() => {
  controller?.destroy();
  controller = null;
  document.body.replaceChildren();
  setLocale("en");
});

describe("shortcutFor", () => {
  const key = (k: string, init: KeyboardEventInit = {}, target: EventTarget = document.body) => {
    const event = new KeyboardEvent("keydown", { key: k, bubbles: true, ...init });
    Object.defineProperty(event, "target", { value: target });
    return shortcutFor(event);
  };

  it("knows each action's keys", () => {
    expect(key("N", { ctrlKey: true, shiftKey: true })).toBe("new-draft");
    expect(key("n", { ctrlKey: true, altKey: true })).toBe("new-draft");
    expect(key("n", { ctrlKey: true })).toBeNull(); // Ctrl+N is left to the system
    expect(key("i", { ctrlKey: true })).toBe("import");
    expect(key("k", { ctrlKey: true })).toBe("search");
    expect(key("/")).toBe("search");
    expect(key("j")).toBe("next");
    expect(key("k")).toBe("prev");
    expect(key("ArrowDown", { altKey: true })).toBe("next");
    expect(key("ArrowUp", { altKey: true })).toBe("prev");
    expect(key("s", { ctrlKey: true })).toBe("save");
    expect(key("s", { metaKey: true })).toBe("save");
    expect(key("P", { ctrlKey: true, shiftKey: true })).toBe("palette");
    expect(key("F1")).toBe("palette");
    expect(key("?", { shiftKey: true })).toBe("help");
    expect(key("x")).toBeNull();
    expect(key("ArrowDown")).toBeNull();
  });

  it("leaves single keys to fields being typed in, but not Ctrl shortcuts", () => {
    for (const field of [h("input", { type: "text" }), h("input", { type: "search" }), h("textarea"), h("select"), h("div", { contenteditable: "true" })]) {
      expect(key("j", {}, field), field.outerHTML).toBeNull();
      expect(key("/", {}, field), field.outerHTML).toBeNull();
      expect(key("?", { shiftKey: true }, field), field.outerHTML).toBeNull();
      expect(key("s", { ctrlKey: true }, field), field.outerHTML).toBe("save");
    }
    expect(key("j", {}, h("input", { type: "checkbox" }))).toBe("next");
    expect(key("ArrowDown", { altKey: true }, h("select"))).toBeNull();
    expect(key("ArrowDown", { altKey: true }, h("textarea"))).toBe("next");
  });

  it("ignores keys while an input method composes, and AltGr typing a letter", () => {
    expect(key("j", { isComposing: true })).toBeNull();
    const altGr = new KeyboardEvent("keydown", { key: "n", ctrlKey: true, altKey: true, modifierAltGraph: true } as KeyboardEventInit);
    Object.defineProperty(altGr, "target", { value: document.body });
    Object.defineProperty(altGr, "getModifierState", { value: (k: string) => k === "AltGraph" });
    expect(shortcutFor(altGr)).toBeNull();
  });

  it("finds letters by position on a non-Latin layout", () => {
    expect(key("о", { code: "KeyJ" })).toBe("next"); // Cyrillic о sits on J
  });

  it("knows where the officer types", () => {
    expect(isTyping(h("input"))).toBe(true);
    expect(isTyping(h("button"))).toBe(false);
    expect(isTyping(h("a", { href: "#/x" }))).toBe(false);
    expect(isTyping(null)).toBe(false);
  });
});

describe("the shortcut handler", () => {
  it("clicks the visible element the screen marked", () => {
    const clicked = vi.fn();
    const { calls } = shell([
      h("button", { "data-shortcut": "new-draft", hidden: true, onclick: () => clicked("hidden") }),
      h("button", { "data-shortcut": "new-draft", onclick: () => clicked("shown") }),
    ]);
    const event = press(document.body, "N", { ctrlKey: true, shiftKey: true });
    expect(event.defaultPrevented).toBe(true);
    expect(clicked.mock.calls).toEqual([["shown"]]);
    expect(calls.navigate).toEqual([]);
  });

  it("focuses and selects a marked search field", () => {
    const search = h("input", { type: "search", "data-shortcut": "search" });
    search.value = "chan";
    shell([h("button", null, "x"), search]);
    press(document.body, "/");
    expect(document.activeElement).toBe(search);
    expect(search.selectionStart).toBe(0);
    expect(search.selectionEnd).toBe(4);
  });

  it("does not fire single-key shortcuts while typing", () => {
    const next = vi.fn();
    const note = h("textarea");
    shell([note, h("a", { href: "#/requests/13", "data-shortcut": "next", onclick: (e) => (e.preventDefault(), next()) })]);
    note.focus();
    const typed = press(note, "j");
    expect(typed.defaultPrevented).toBe(false);
    expect(next).not.toHaveBeenCalled();
    press(document.body, "j");
    expect(next).toHaveBeenCalledOnce();
  });

  it("saves with Ctrl+S from inside the editor", () => {
    const save = vi.fn();
    const editor = h("textarea");
    shell([editor, h("button", { "data-shortcut": "save", onclick: save })]);
    editor.focus();
    const event = press(editor, "s", { ctrlKey: true });
    expect(event.defaultPrevented).toBe(true); // no browser "save page"
    expect(save).toHaveBeenCalledOnce();
  });

  it("opens the screen that holds the element, then activates it once drawn", async () => {
    const imported = vi.fn();
    const { main, calls } = shell([h("h1", null, "Dashboard")], {
      navigate: () => setTimeout(() => main.replaceChildren(h("button", { "data-shortcut": "import", onclick: imported })), 10),
    });
    press(document.body, "i", { ctrlKey: true });
    expect(calls.navigate).toEqual(["requests"]);
    expect(imported).not.toHaveBeenCalled();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(imported).toHaveBeenCalledOnce();
  });

  it("goes to the policy screen for a new draft, and says so when nothing appears", async () => {
    const { calls } = shell([], { waitMs: 20 });
    press(document.body, "N", { ctrlKey: true, shiftKey: true });
    expect(calls.navigate).toEqual(["policy"]);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(calls.announced).toEqual(["“New policy draft” is not available on this screen."]);
  });

  it("says so when next/previous has nowhere to go", () => {
    const { calls } = shell();
    press(document.body, "k");
    expect(calls.navigate).toEqual([]);
    expect(calls.announced).toEqual(["“Previous request” is not available on this screen."]);
  });

  it("keeps to an open dialog: its save, never navigating from under it", () => {
    const pageSave = vi.fn();
    const dialogSave = vi.fn();
    const dialog = h("dialog", null, h("input", { type: "text" }), h("button", { "data-shortcut": "save", onclick: dialogSave }));
    const { calls } = shell([h("button", { "data-shortcut": "save", onclick: pageSave }), dialog]);
    dialog.showModal();
    press(dialog.querySelector("input")!, "s", { ctrlKey: true });
    expect(dialogSave).toHaveBeenCalledOnce();
    expect(pageSave).not.toHaveBeenCalled();
    press(dialog.querySelector("input")!, "i", { ctrlKey: true });
    expect(calls.navigate).toEqual([]);
  });

  it("opens the palette and the help", () => {
    const { calls } = shell();
    press(document.body, "P", { ctrlKey: true, shiftKey: true });
    press(document.body, "F1");
    press(document.body, "?", { shiftKey: true });
    expect(calls.palette).toBe(2);
    expect(calls.help).toBe(1);
  });

  it("carries out actions screens ask for", () => {
    const clicked = vi.fn();
    shell([h("button", { "data-shortcut": "import", onclick: clicked })]);
    expect(requestAction("import")).toBe(true);
    expect(clicked).toHaveBeenCalledOnce();
    controller?.destroy();
    controller = null;
    expect(requestAction("import")).toBe(false);
  });
});

describe("the command palette", () => {
  const commands = (ran: string[]): Command[] => [
    { id: "go-dashboard", label: "Go to Dashboard", keywords: "dashboard", run: () => ran.push("dashboard") },
    { id: "go-requests", label: "Go to Requests", keywords: "requests", run: () => ran.push("requests") },
    { id: "import", label: "Import mail", combo: { key: "i", ctrl: true }, run: () => ran.push("import") },
  ];

  it("is a labelled modal dialog with a filter field", () => {
    const palette = openPalette(commands([]));
    const dialog = palette.dialog;
    expect(dialog.getAttribute("role")).toBe("dialog");
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect(document.getElementById(dialog.getAttribute("aria-labelledby")!)?.textContent).toBe("Command palette");
    const input = dialog.querySelector<HTMLInputElement>('[data-testid="palette-filter"]')!;
    expect(document.activeElement).toBe(input);
    expect(dialog.querySelector(`label[for="${input.id}"]`)?.textContent).toBe("Filter commands");
    expect(dialog.querySelectorAll('[role="option"]')).toHaveLength(3);
    expect(dialog.querySelector('[data-command="import"] kbd')?.textContent).toBe("Ctrl+I");
    palette.close();
  });

  it("filters as the officer types; Enter runs the chosen command and closes", () => {
    const ran: string[] = [];
    const palette = openPalette(commands(ran));
    const input = palette.dialog.querySelector<HTMLInputElement>("input")!;
    input.value = "go req";
    input.dispatchEvent(new Event("input"));
    const options = () => [...palette.dialog.querySelectorAll<HTMLElement>('[role="option"]')].map((o) => o.dataset.command);
    expect(options()).toEqual(["go-requests"]);
    expect(input.getAttribute("aria-activedescendant")).toBe(palette.dialog.querySelector('[role="option"]')!.id);
    press(input, "Enter");
    expect(ran).toEqual(["requests"]);
    expect(palette.dialog.isConnected).toBe(false);
  });

  it("moves with the arrow keys", () => {
    const ran: string[] = [];
    const palette = openPalette(commands(ran));
    const input = palette.dialog.querySelector<HTMLInputElement>("input")!;
    press(input, "ArrowDown");
    press(input, "ArrowDown");
    expect(palette.dialog.querySelector('[aria-selected="true"]')?.getAttribute("data-command")).toBe("import");
    press(input, "ArrowDown"); // wraps
    press(input, "ArrowUp");
    press(input, "Enter");
    expect(ran).toEqual(["import"]);
  });

  it("says when nothing matches", () => {
    const palette = openPalette(commands([]));
    const input = palette.dialog.querySelector<HTMLInputElement>("input")!;
    input.value = "zzz";
    input.dispatchEvent(new Event("input"));
    expect(palette.dialog.querySelectorAll('[role="option"]')).toHaveLength(0);
    expect(palette.dialog.querySelector('[data-testid="palette-empty"]')?.textContent).toBe("No command matches “zzz”.");
    palette.close();
  });

  it("closes on Escape and gives focus back", () => {
    const opener = h("button", null, "Commands");
    document.body.appendChild(opener);
    opener.focus();
    const palette = openPalette(commands([]));
    expect(document.activeElement).not.toBe(opener);
    press(palette.dialog.querySelector("input")!, "Escape");
    expect(palette.dialog.isConnected).toBe(false);
    expect(document.activeElement).toBe(opener);
  });

  it("matches every word, in any language", () => {
    expect(commandMatches({ id: "x", label: "前往「資料當事人要求」", keywords: "requests", run: () => undefined }, "要求")).toBe(true);
    expect(commandMatches({ id: "x", label: "前往「資料當事人要求」", keywords: "requests", run: () => undefined }, "req")).toBe(true);
    expect(commandMatches({ id: "x", label: "Go to Audit", run: () => undefined }, "go requests")).toBe(false);
  });
});

describe("the shortcut help", () => {
  it("lists every shortcut in a table and gives focus back on close", async () => {
    const opener = h("a", { href: "#/x" }, "x");
    document.body.appendChild(opener);
    opener.focus();
    const help = openShortcutHelp();
    const rows = [...help.dialog.querySelectorAll("tbody tr")].map((tr) => tr.getAttribute("data-action"));
    expect(rows).toEqual(["new-draft", "import", "search", "next", "prev", "save", "palette", "help"]);
    expect(help.dialog.querySelector('tr[data-action="search"] td')?.textContent).toBe("Ctrl+K or /");
    help.dialog.querySelector<HTMLButtonElement>('[data-testid="shortcut-help-close"]')!.click();
    await settle();
    expect(help.dialog.isConnected).toBe(false);
    expect(document.activeElement).toBe(opener);
  });

  it("speaks Chinese", () => {
    setLocale("zh-HK");
    const table = shortcutTable();
    expect(table.querySelector("caption")?.textContent).toBe("鍵盤快捷鍵");
    expect(table.querySelector('tr[data-action="search"] td')?.textContent).toBe("Ctrl+K 或 /");
  });
});

describe("a switched-off target", () => {
  it("is not clicked; its own explanation is read out", async () => {
    const clicked = vi.fn();
    const { calls } = shell([h("button", { "data-shortcut": "new-draft", disabled: true, title: "Publish a version first.", onclick: clicked })]);
    press(document.body, "N", { ctrlKey: true, shiftKey: true });
    expect(clicked).not.toHaveBeenCalled();
    expect(calls.navigate).toEqual([]);
    expect(calls.announced).toEqual(["Publish a version first."]);
  });

  it("on a screen opened for it, is clicked once it is switched on", async () => {
    const clicked = vi.fn();
    const button = h("button", { "data-shortcut": "import", disabled: true, onclick: clicked });
    const { main } = shell([], { navigate: () => setTimeout(() => main.append(button), 5) });
    press(document.body, "i", { ctrlKey: true });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(clicked).not.toHaveBeenCalled();
    button.disabled = false;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(clicked).toHaveBeenCalledOnce();
  });
});
