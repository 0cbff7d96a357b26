/**
 * The shell: a "skip to main content" link, the navigation and a main area showing the screen the
 * location hash selects. Screens are rebuilt from the backend on every visit, so what is shown is
 * what the register holds. Above every screen sits the import monitor: mail dropped on the window
 * is imported wherever the officer is, and its progress and result stay in view.
 *
 * The shell speaks the language in use: on a switch it rebuilds the navigation and the current
 * screen. It also owns the keyboard: shortcuts, the command palette and the shortcut help.
 */
import { errorMessage, type Api } from "./api";
import { h, replaceChildren } from "./h";
import { isLocale, LOCALES, locale, onLocaleChange, setLocale, t, type Locale } from "./i18n";
import { importMonitor, type ImportMonitor } from "./import-monitor";
import { installKeyboard, SHORTCUTS, TARGET_ACTIONS, type KeyboardController, type ShortcutAction } from "./keyboard";
import { openPalette, openShellDialog, openShortcutHelp, type Command } from "./palette";
import { hashFor, routeForHash, SCREENS } from "./routes";
import { chooseLanguage } from "./screens/settings";
import { unlockIfNeeded } from "./unlock";
import { errorAlert, loading, watchScrollRegions } from "./view";

/** The mounted shell. */
export interface App {
  /** Shows the screen the location hash selects. */
  show: () => Promise<void>;
  imports: ImportMonitor;
  keyboard: KeyboardController;
  /** The palette's commands, in the language in use. */
  commands: () => Command[];
  /** Stops following the hash, the language and the keyboard. */
  destroy: () => void;
}

/** The shell mounted in each root, so mounting again replaces it cleanly. */
const mounted = new WeakMap<HTMLElement, App>();

/** Builds the shell inside `root`, shows the current route and follows hash changes. */
export function mountApp(root: HTMLElement, api: Api, win: Window = window): App {
  mounted.get(root)?.destroy();
  const doc = win.document;

  const links = new Map<string, HTMLAnchorElement>();
  const skip = h("a", { class: "skip-link", href: "#main", "data-testid": "skip-link" });
  const brand = h("p", { class: "brand" });
  const commandsButton = h("button", { type: "button", class: "nav-tool", "data-testid": "open-palette" });
  const shortcutsButton = h("button", { type: "button", class: "nav-tool", "data-testid": "open-shortcuts" });
  const nav = h(
    "nav",
    { class: "sidebar" },
    brand,
    h(
      "ul",
      { class: "nav-links" },
      SCREENS.map((screen) => {
        const link = h("a", { href: hashFor(screen), "data-testid": `nav-${screen.id}` });
        links.set(screen.id, link);
        return h("li", null, link);
      }),
    ),
    h("div", { class: "nav-tools" }, commandsButton, shortcutsButton),
  );
  const imports = importMonitor(api);
  const screenRegion = h("div", { class: "screen-region" });
  const main = h("main", { id: "main", class: "main", tabindex: "-1" }, imports.element, screenRegion);
  const status = h("p", { class: "visually-hidden", role: "status", "aria-live": "polite", "data-testid": "shell-status" });
  replaceChildren(root, skip, h("div", { class: "layout" }, nav, main), status);

  /** Writes every word the shell itself shows, in the language in use. */
  const labelShell = () => {
    skip.textContent = t("common.skip_to_main");
    brand.textContent = t("common.app_name");
    nav.setAttribute("aria-label", t("common.nav.label"));
    for (const screen of SCREENS) {
      const link = links.get(screen.id);
      if (link) link.textContent = screen.label();
    }
    commandsButton.textContent = t("common.keys.palette");
    commandsButton.setAttribute("aria-keyshortcuts", "Control+Shift+P F1"); // i18n-ignore: a key syntax, not words
    shortcutsButton.textContent = t("common.keys.help");
    shortcutsButton.setAttribute("aria-keyshortcuts", "Shift+?"); // i18n-ignore: a key syntax, not words
  };
  labelShell();

  // The skip link moves focus, not the location: the hash is the router's.
  skip.addEventListener("click", (event) => {
    event.preventDefault();
    (main.querySelector<HTMLElement>(".screen-title") ?? main).focus();
  });

  const announce = (text: string) => {
    // Emptied first, so the same sentence twice is still announced.
    status.textContent = "";
    win.setTimeout(() => (status.textContent = text), 50);
  };

  const navigate = (screenId: string) => {
    const target = `#/${screenId}`;
    if (win.location.hash !== target) win.location.hash = target;
  };

  const commands = (): Command[] => {
    const combo = (action: ShortcutAction) => SHORTCUTS.find((s) => s.action === action)?.combos[0];
    const screens: Command[] = SCREENS.map((screen) => ({
      id: `go-${screen.id}`,
      label: t("common.keys.go_to", { screen: screen.label() }),
      keywords: screen.id,
      run: () => navigate(screen.id),
    }));
    const actions: Command[] = [...TARGET_ACTIONS, "help" as const].map((action) => ({
      id: action,
      label: SHORTCUTS.find((s) => s.action === action)!.label(),
      combo: combo(action),
      keywords: action,
      run: () => keyboard.run(action),
    }));
    const languages: Command[] = LOCALES.filter((l) => l.id !== locale()).map((l) => ({
      id: `language-${l.id}`,
      label: t("common.keys.language", { name: l.name }),
      keywords: `${l.id} language`,
      run: () => {
        void chooseLanguage(api, l.id).then((failure) => failure && announce(failure));
      },
    }));
    return [...screens, ...actions, ...languages];
  };

  const keyboard = installKeyboard({
    win,
    main,
    navigate,
    openPalette: () => {
      const open = openShellDialog();
      if (open?.dialog.getAttribute("data-testid") === "palette") open.dialog.querySelector<HTMLElement>("input")?.focus();
      else openPalette(commands(), doc);
    },
    openHelp: () => {
      if (!openShellDialog()) openShortcutHelp(doc);
    },
    announce,
  });
  commandsButton.addEventListener("click", () => keyboard.run("palette"));
  shortcutsButton.addEventListener("click", () => keyboard.run("help"));

  const stopScrollRegions = watchScrollRegions(main);

  // A later navigation wins over an earlier one still loading.
  let generation = 0;
  let first = true;

  /** Shows the current route; `refocus` names the element to give focus back to (after a language switch). */
  const render = async (refocus?: { id: string | null; testid: string | null; inMain: boolean }) => {
    const { screen, path, query } = routeForHash(win.location.hash);
    const mine = ++generation;
    for (const [id, link] of links) {
      if (id === screen.id) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    doc.title = t("common.document_title", { screen: screen.label() });
    replaceChildren(screenRegion, loading(screen.loadingText()));
    let content: HTMLElement;
    try {
      content = await screen.load(api, { path, query, imports });
    } catch (error) {
      content = h("div", { class: "screen" }, h("h1", { class: "screen-title", tabindex: "-1" }, screen.label()), errorAlert(errorMessage(error)));
    }
    if (mine !== generation) return;
    replaceChildren(screenRegion, content);
    if (refocus) {
      // After a language switch: the same control again (the language select), else the title.
      if (!refocus.inMain) return;
      const again =
        (refocus.id ? doc.getElementById(refocus.id) : null) ??
        (refocus.testid ? Array.from(screenRegion.querySelectorAll<HTMLElement>("[data-testid]")).find((el) => el.getAttribute("data-testid") === refocus.testid) : null);
      (again ?? screenRegion.querySelector<HTMLElement>(".screen-title"))?.focus();
      return;
    }
    // Move focus to the new screen's title for keyboard and screen-reader users, but not on
    // start-up, where focus belongs at the top of the page.
    if (!first) screenRegion.querySelector<HTMLElement>(".screen-title")?.focus();
    first = false;
  };
  const show = () => render();

  const onHashChange = () => {
    if (!root.isConnected) return app.destroy();
    void show();
  };
  win.addEventListener("hashchange", onHashChange);

  const stopLocale = onLocaleChange(() => {
    if (!root.isConnected) return app.destroy();
    const active = doc.activeElement;
    const refocus = {
      id: active instanceof HTMLElement && active.id ? active.id : null,
      testid: active instanceof HTMLElement ? active.getAttribute("data-testid") : null,
      inMain: active instanceof Node && screenRegion.contains(active),
    };
    labelShell();
    void render(refocus);
  });

  const app: App = {
    show,
    imports,
    keyboard,
    commands,
    destroy: () => {
      win.removeEventListener("hashchange", onHashChange);
      stopLocale();
      keyboard.destroy();
      stopScrollRegions();
      if (mounted.get(root) === app) mounted.delete(root);
    },
  };
  mounted.set(root, app);
  return app;
}

/**
 * The language the officer chose on this machine, or null when the preferences cannot be read
 * (a locked register, an older backend). Nothing about the failure is logged: it may name paths.
 */
export async function preferredLanguage(api: Pick<Api, "getPreferences">): Promise<Locale | null> {
  try {
    const preferences = await api.getPreferences();
    return isLocale(preferences?.language) ? preferences.language : "en";
  } catch {
    console.warn("workbench: the language preference could not be read; using English"); // i18n-ignore
    return null;
  }
}

/**
 * Start-up: the officer's language first (so even the unlock screen speaks it), then the unlock
 * screen if the register is encrypted, then the shell. English when no language was chosen or
 * the preference cannot be read.
 */
export async function startApp(root: HTMLElement, api: Api, win: Window = window): Promise<App> {
  let language = await preferredLanguage(api);
  setLocale(language ?? "en");
  await unlockIfNeeded(root, api);
  // A locked register may have refused the preferences; they can be read now.
  if (language === null) {
    language = await preferredLanguage(api);
    if (language && language !== locale()) setLocale(language);
  }
  const app = mountApp(root, api, win);
  await app.show();
  // The start-up benchmark waits for this; otherwise the backend ignores it.
  void api.startupDrawn().catch(() => undefined);
  return app;
}
