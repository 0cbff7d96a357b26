/**
 * Settings: the officer's language on this machine (applied at once and remembered), the keyboard
 * shortcuts, and the register's stored settings (read-only here).
 */
import { errorMessage, type Api, type Setting } from "../api";
import { h } from "../h";
import { isLocale, LOCALES, locale, setLocale, t, type Locale } from "../i18n";
import { shortcutTable } from "../keyboard";
import { dataTable, errorAlert, screenTitle } from "../view";

/**
 * Why the last language choice could not be remembered, until a later choice is. Kept here, not in
 * the screen: the switch rebuilds the screen, and the answer may arrive before or after that.
 */
let notRemembered: string | null = null;

/** The notice slot of the settings screen drawn last (shown now, or about to be). */
let noticeSlot: HTMLElement | null = null;

/** Shows (or clears) the "could not be remembered" notice on the settings screen drawn last. */
function showLanguageNotice(): void {
  noticeSlot?.replaceChildren(...(notRemembered ? [errorAlert(notRemembered, t("dashboard.settings.language_not_saved"))] : []));
}

/**
 * Switches the UI to `next` at once (the shell rebuilds what is on screen) and remembers it on
 * this machine. Resolves with the sentence saying why it could not be remembered, or null.
 */
export async function chooseLanguage(api: Pick<Api, "setPreferences">, next: Locale): Promise<string | null> {
  setLocale(next);
  try {
    await api.setPreferences({ language: next });
    notRemembered = null;
  } catch (error) {
    notRemembered = errorMessage(error);
  }
  showLanguageNotice();
  return notRemembered;
}

/** The language choice: a select naming each language in itself. */
function languageSection(api: Pick<Api, "setPreferences"> | null): HTMLElement {
  const select = h(
    "select",
    { id: "settings-language", "aria-describedby": "settings-language-hint", "data-testid": "settings-language" },
    LOCALES.map((l) => h("option", { value: l.id, lang: l.id, selected: l.id === locale() }, l.name)),
  );
  select.value = locale();
  select.addEventListener("change", () => {
    const next = select.value;
    if (!isLocale(next) || next === locale()) return;
    if (api) void chooseLanguage(api, next);
    else setLocale(next);
  });
  const notice = h("div", { "data-testid": "language-notice" });
  noticeSlot = notice;
  showLanguageNotice();
  return h(
    "section",
    { class: "panel settings-language", "aria-labelledby": "settings-language-heading" },
    h("h2", { id: "settings-language-heading" }, t("dashboard.settings.language_heading")),
    h("div", { class: "field" }, h("label", { for: "settings-language" }, t("dashboard.settings.language_label")), select),
    h("p", { id: "settings-language-hint", class: "hint" }, t("dashboard.settings.language_hint")),
    notice,
  );
}

/** The keyboard shortcuts, listed where officers look for them. */
function shortcutsSection(): HTMLElement {
  return h(
    "section",
    { class: "settings-shortcuts", "aria-labelledby": "settings-shortcuts-heading", "data-testid": "settings-shortcuts" },
    h("h2", { id: "settings-shortcuts-heading" }, t("dashboard.settings.shortcuts_heading")),
    h("p", { class: "hint" }, t("common.keys.typing_note")),
    shortcutTable(),
  );
}

/** Renders the settings screen; without `api` the language still switches, but is not remembered. */
export function renderSettings(settings: Setting[], api: Pick<Api, "setPreferences"> | null = null): HTMLElement {
  return h(
    "div",
    { class: "screen", "data-testid": "settings" },
    screenTitle(t("dashboard.settings.title")),
    languageSection(api),
    shortcutsSection(),
    dataTable({
      caption: t("dashboard.settings.table_caption"),
      testid: "settings-table",
      rows: settings,
      empty: t("dashboard.settings.empty"),
      columns: [
        { header: t("dashboard.settings.col_setting"), cell: (s) => h("code", null, s.key) },
        { header: t("dashboard.settings.col_value"), cell: (s) => s.value },
      ],
    }),
  );
}

export async function settingsScreen(api: Api): Promise<HTMLElement> {
  return renderSettings(await api.settings(), api);
}
