import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../src/i18n";
import { mountApp } from "../src/app";
import { DEFAULT_SCREEN, SCREENS, screenForHash } from "../src/routes";
import { fakeApi } from "./fixtures";

describe("screenForHash", () => {
  it.each([
    ["", "dashboard"],
    ["#", "dashboard"],
    ["#/", "dashboard"],
    ["#/dashboard", "dashboard"],
    ["#/policy", "policy"],
    ["#/requests", "requests"],
    ["#/processors", "processors"],
    ["#/merchants", "merchants"],
    ["#/merchants/12", "merchants"],
    ["#/retention", "retention"],
    ["#/reports", "reports"],
    ["#/audit", "audit"],
    ["#/settings", "settings"],
    ["#audit", "audit"],
    ["#/Audit/", "audit"],
    ["#/requests?id=3", "requests"],
    ["#/nowhere", "dashboard"],
  ])("%j shows %s", (hash, id) => {
    expect(screenForHash(hash).id).toBe(id);
  });

  it("dashboard is the default and every navigation label is unique", () => {
    expect(DEFAULT_SCREEN.id).toBe("dashboard");
    expect(new Set(SCREENS.map((s) => s.label())).size).toBe(SCREENS.length);
  });
});

describe("mountApp", () => {
  afterEach(() => {
    window.location.hash = "";
    document.body.replaceChildren();
  });

  it("shows the screen the hash selects and marks its navigation link", async () => {
    const root = document.createElement("div");
    document.body.appendChild(root);
    window.location.hash = "#/processors";
    await mountApp(root, fakeApi(), window).show();
    expect(root.querySelector("main h1")?.textContent).toBe("Processors");
    expect(root.querySelector("nav a[aria-current='page']")?.getAttribute("href")).toBe("#/processors");
    expect(root.querySelectorAll("nav a")).toHaveLength(9);

    window.location.hash = "#/audit";
    const app = mountApp(root, fakeApi(), window);
    await app.show();
    expect(root.querySelector("[data-testid='audit']")).not.toBeNull();
    expect(root.querySelector("[data-testid='verify-chain']")?.textContent).toBe("Verify chain");
  });

  it("starts on the dashboard, marked loaded only once data arrives", async () => {
    const root = document.createElement("div");
    document.body.appendChild(root);
    const app = mountApp(root, fakeApi(), window);
    const shown = app.show();
    expect(root.querySelector("[data-testid='dashboard']")).toBeNull();
    expect(root.querySelector("[role='status']")?.textContent).toMatch(/Loading/);
    await shown;
    expect(root.querySelector("[data-testid='dashboard']")).not.toBeNull();
    expect(root.querySelector("[data-testid='count-processors']")?.textContent).toBe("4");
  });

  it("opens with a skip link that moves focus to the screen, not the route", async () => {
    const root = document.createElement("div");
    document.body.appendChild(root);
    window.location.hash = "#/settings";
    await mountApp(root, fakeApi(), window).show();
    const focusable = [...root.querySelectorAll<HTMLElement>("a[href], button, input, select, textarea, [tabindex='0']")];
    expect(focusable[0]?.getAttribute("data-testid")).toBe("skip-link");
    expect(focusable[0]?.textContent).toBe("Skip to main content");
    // Navigation comes before the main area in the tab order.
    const firstInMain = focusable.findIndex((el) => el.closest("main"));
    const lastInNav = focusable.map((el) => Boolean(el.closest("nav"))).lastIndexOf(true);
    expect(lastInNav).toBeLessThan(firstInMain);
    expect(root.querySelectorAll("[tabindex]:not([tabindex='0']):not([tabindex='-1'])")).toHaveLength(0);
    focusable[0]!.click();
    expect(window.location.hash).toBe("#/settings");
    expect(document.activeElement?.textContent).toBe("Settings");
  });

  it("titles the document with the screen, in the language in use", async () => {
    const root = document.createElement("div");
    document.body.appendChild(root);
    window.location.hash = "#/audit";
    await mountApp(root, fakeApi(), window).show();
    expect(document.title).toBe("Audit · Compliance Workbench");
  });

  it("installs the keyboard: Ctrl+Shift+P opens the palette of screens and actions", async () => {
    const root = document.createElement("div");
    document.body.appendChild(root);
    const app = mountApp(root, fakeApi(), window);
    // A second mount replaces the first: one palette, not two.
    const again = mountApp(root, fakeApi(), window);
    await again.show();
    expect(app).not.toBe(again);
    const title = root.querySelector<HTMLElement>("main h1")!;
    title.focus();
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "P", ctrlKey: true, shiftKey: true, cancelable: true }));
    expect(document.querySelectorAll('[data-testid="palette"]')).toHaveLength(1);
    const labels = [...document.querySelectorAll('[data-testid="palette-option"]')].map((o) => o.textContent);
    expect(labels).toContain("Go to Requests");
    expect(labels).toContain("Go to Merchants & authorizations");
    expect(labels).toContain("New policy draftCtrl+Shift+N");
    const input = document.querySelector<HTMLInputElement>('[data-testid="palette-filter"]')!;
    input.value = "audit";
    input.dispatchEvent(new Event("input"));
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
    expect(document.querySelector('[data-testid="palette"]')).toBeNull();
    expect(window.location.hash).toBe("#/audit");

    const shortcuts = root.querySelector<HTMLButtonElement>('[data-testid="open-shortcuts"]')!;
    shortcuts.focus();
    shortcuts.click();
    const help = document.querySelector<HTMLElement>('[data-testid="shortcut-help"]')!;
    expect(help.querySelectorAll("tbody tr")).toHaveLength(8);
    help.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true, cancelable: true }));
    expect(document.querySelector('[data-testid="shortcut-help"]')).toBeNull();
    expect(document.activeElement?.getAttribute("data-testid")).toBe("open-shortcuts");
    again.destroy();
  });

  it("labels the navigation in Chinese when the language is Chinese", async () => {
    setLocale("zh-HK");
    try {
      const root = document.createElement("div");
      document.body.appendChild(root);
      await mountApp(root, fakeApi(), window).show();
      expect([...root.querySelectorAll("nav a")].map((a) => a.textContent)).toEqual([
        "總覽", "私隱政策", "資料當事人要求", "資料處理者", "商戶及授權", "保留期", "報告", "審計記錄", "設定",
      ]);
    } finally {
      setLocale("en");
    }
  });

  it("shows a backend failure in a visible alert", async () => {
    const root = document.createElement("div");
    document.body.appendChild(root);
    const api = fakeApi({ dashboard: () => Promise.reject("The register at /x is locked by another program.") });
    await mountApp(root, api, window).show();
    expect(root.querySelector("[data-testid='dashboard']")).toBeNull();
    expect(root.querySelector("[role='alert']")?.textContent).toContain("The register at /x is locked by another program.");
  });
});
