/** Settings: the register's stored settings, read-only here. */
import type { Api, Setting } from "../api";
import { h } from "../h";
import { dataTable, screenTitle } from "../view";

export function renderSettings(settings: Setting[]): HTMLElement {
  return h(
    "div",
    { class: "screen", "data-testid": "settings" },
    screenTitle("Settings"),
    dataTable({
      caption: "Register settings",
      testid: "settings-table",
      rows: settings,
      empty:
        "No settings stored yet. The register keeps the organisation's name, contact address, default jurisdiction and internal targets here; initialise the register to load the defaults.",
      columns: [
        { header: "Setting", cell: (s) => h("code", null, s.key) },
        { header: "Value", cell: (s) => s.value },
      ],
    }),
  );
}

export async function settingsScreen(api: Api): Promise<HTMLElement> {
  return renderSettings(await api.settings());
}
