import { afterEach, describe, expect, it, vi } from "vitest";
import type { Api, Preferences } from "../src/api";
import { mountApp, preferredLanguage, startApp } from "../src/app";
import { locale, setLocale } from "../src/i18n";
import { LOCKED } from "../src/unlock";
import { renderSettings } from "../src/screens/settings";
import { fakeApi, settle } from "./fixtures";

const byTestId = <T extends Element = HTMLElement>(root: ParentNode, id: string) => root.querySelector<T>(`[data-testid="${id}"]`);

function mountRoot(): HTMLElement {
  const root = document.createElement("div");
  document.body.appendChild(root);
  return root;
}

/** Chooses a language in the settings screen's select, as the officer would. */
function choose(root: ParentNode, language: string): void {
  const select = byTestId<HTMLSelectElement>(root, "settings-language")!;
  select.focus();
  select.value = language;
  select.dispatchEvent(new Event("change", { bubbles: true }));
}

afterEach(() => {
  setLocale("en");
  window.location.hash = "";
  document.body.replaceChildren();
});

describe("the settings screen", () => {
  it("offers each language named in itself, the one in use selected", () => {
    const root = renderSettings([]);
    const select = byTestId<HTMLSelectElement>(root, "settings-language")!;
    expect([...select.options].map((o) => [o.value, o.textContent, o.lang])).toEqual([
      ["en", "English", "en"],
      ["zh-HK", "繁體中文（香港）", "zh-HK"],
    ]);
    expect(select.value).toBe("en");
    expect(root.querySelector(`label[for="${select.id}"]`)?.textContent).toBe("Language");
  });

  it("lists the keyboard shortcuts", () => {
    const root = renderSettings([]);
    const rows = [...root.querySelectorAll('[data-testid="shortcut-table"] tbody tr')];
    expect(rows.map((r) => r.querySelector("th")?.textContent)).toEqual([
      "New policy draft", "Import mail", "Search", "Next request", "Previous request", "Save", "Command palette", "Keyboard shortcuts",
    ]);
    expect(root.querySelector('tr[data-action="save"] td')?.textContent).toBe("Ctrl+S");
  });

  it("shows the register's settings in a captioned table", () => {
    const root = renderSettings([{ key: "organisation", value: "Wesmond International Limited" }]);
    expect(root.querySelector('[data-testid="settings-table"] caption')?.textContent).toBe("Register settings");
    expect(root.querySelector('[data-testid="settings-table"] td code')?.textContent).toBe("organisation");
  });
});

describe("switching language", () => {
  it("applies at once, is remembered through setPreferences, and rebuilds the navigation and screen in Chinese", async () => {
    const setPreferences = vi.fn(async (p: Preferences) => p);
    const root = mountRoot();
    window.location.hash = "#/settings";
    await mountApp(root, fakeApi({ setPreferences }), window).show();
    expect(byTestId(root, "nav-requests")?.textContent).toBe("Requests");

    choose(root, "zh-HK");
    expect(locale()).toBe("zh-HK");
    await settle();

    expect(setPreferences).toHaveBeenCalledWith({ language: "zh-HK" });
    expect(byTestId(root, "nav-dashboard")?.textContent).toBe("總覽");
    expect(byTestId(root, "nav-requests")?.textContent).toBe("資料當事人要求");
    expect(byTestId(root, "nav-settings")?.getAttribute("aria-current")).toBe("page");
    expect(root.querySelector("nav")?.getAttribute("aria-label")).toBe("主要導覽");
    expect(byTestId(root, "skip-link")?.textContent).toBe("跳至主要內容");
    expect(root.querySelector("main h1")?.textContent).toBe("設定");
    expect(document.title).toBe("設定 · 合規工作台");
    expect(document.documentElement.lang).toBe("zh-HK");
    // The rebuilt select shows the choice, and keeps the focus.
    const select = byTestId<HTMLSelectElement>(root, "settings-language")!;
    expect(select.value).toBe("zh-HK");
    expect(document.activeElement).toBe(select);

    choose(root, "en");
    await settle();
    expect(setPreferences).toHaveBeenLastCalledWith({ language: "en" });
    expect(byTestId(root, "nav-requests")?.textContent).toBe("Requests");
  });

  it("keeps the language for now and says so when it cannot be remembered", async () => {
    const root = mountRoot();
    window.location.hash = "#/settings";
    await mountApp(root, fakeApi({ setPreferences: () => Promise.reject("cannot write /home/officer/.config/prefs.json") }), window).show();
    choose(root, "zh-HK");
    await settle();
    expect(locale()).toBe("zh-HK");
    const notice = byTestId(root, "language-notice");
    expect(notice?.querySelector('[role="alert"]')?.textContent).toContain("介面語言已更改，但未能記住供下次使用。");
  });

  it("the palette offers the other language", async () => {
    const setPreferences = vi.fn(async (p: Preferences) => p);
    const root = mountRoot();
    const app = mountApp(root, fakeApi({ setPreferences }), window);
    await app.show();
    const command = app.commands().find((c) => c.id === "language-zh-HK")!;
    expect(command.label).toBe("Language: 繁體中文（香港）");
    expect(app.commands().map((c) => c.label)).toContain("Go to Requests");
    command.run();
    await settle();
    expect(setPreferences).toHaveBeenCalledWith({ language: "zh-HK" });
    expect(app.commands().map((c) => c.label)).toContain("前往「資料當事人要求」");
  });
});

describe("start-up", () => {
  it("reads the officer's language before the first screen is drawn", async () => {
    const root = mountRoot();
    let drawnIn: string | null = null;
    const api = fakeApi({
      getPreferences: async () => ({ language: "zh-HK" }),
      dashboard: async () => {
        drawnIn ??= locale();
        return (await import("./fixtures")).sampleDashboard();
      },
    });
    await startApp(root, api, window);
    expect(drawnIn).toBe("zh-HK");
    expect(byTestId(root, "nav-policy")?.textContent).toBe("私隱政策");
    expect(root.querySelector("#counts-heading")?.textContent).toBe("登記冊");
  });

  it("speaks English when no language was chosen yet", async () => {
    setLocale("zh-HK");
    const root = mountRoot();
    await startApp(root, fakeApi({ getPreferences: async () => ({ language: null }) }), window);
    expect(locale()).toBe("en");
    expect(byTestId(root, "nav-policy")?.textContent).toBe("Policy");
  });

  it("speaks English, logging nothing of the failure, when the preferences cannot be read", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const secret = "cannot open /home/officer/secret-register.db: key abc123";
    expect(await preferredLanguage({ getPreferences: () => Promise.reject(secret) })).toBeNull();
    const root = mountRoot();
    await startApp(root, fakeApi({ getPreferences: () => Promise.reject(secret) }), window);
    expect(locale()).toBe("en");
    expect(byTestId(root, "dashboard")).not.toBeNull();
    for (const call of warn.mock.calls) expect(call.join(" ")).not.toContain("secret");
    warn.mockRestore();
  });

  it("asks again once a locked register is open", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    let unlocked = false;
    const api: Api = fakeApi({
      getPreferences: async () => (unlocked ? { language: "zh-HK" } : Promise.reject(LOCKED)),
      dashboard: async () => (unlocked ? (await import("./fixtures")).sampleDashboard() : Promise.reject(LOCKED)),
      unlockRegister: async () => {
        unlocked = true;
      },
    });
    const root = mountRoot();
    const started = startApp(root, api, window);
    await settle();
    expect(byTestId(root, "unlock-submit")?.textContent).toBe("Unlock");
    byTestId<HTMLInputElement>(root, "unlock-passphrase")!.value = "right";
    root.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
    await started;
    expect(locale()).toBe("zh-HK");
    expect(byTestId(root, "nav-dashboard")?.textContent).toBe("總覽");
    vi.restoreAllMocks();
  });
});
