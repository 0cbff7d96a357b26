import { afterEach, describe, expect, it, vi } from "vitest";
import type { Counts, Dashboard } from "../src/api";
import { mountApp } from "../src/app";
import { h } from "../src/h";
import { setLocale } from "../src/i18n";
import { installKeyboard } from "../src/keyboard";
import { dashboardScreen, isNewRegister, renderDashboard } from "../src/screens/dashboard";
import { renderChecks } from "../src/screens/checks";
import { renderCharts } from "../src/screens/charts";
import { fakeApi, sampleDashboard } from "./fixtures";
import { sampleCheckReport } from "./reports-fixtures";

const byTestId = <T extends Element = HTMLElement>(root: ParentNode, id: string) => root.querySelector<T>(`[data-testid="${id}"]`);

/** A register just initialised: the seed policy, the catalog and retention rules, nothing else. */
function newRegister(): Dashboard {
  const counts: Counts = {
    policy_versions: 1, processors: 0, merchants: 0, platforms: 6, scopes: 41, authorizations: 0, active_authorizations: 0,
    requests: 0, open_requests: 0, retention_rules: 8, audit_entries: 3,
  };
  return { ...sampleDashboard(), counts };
}

afterEach(() => {
  setLocale("en");
  window.location.hash = "";
  document.body.replaceChildren();
});

describe("the welcome panel", () => {
  it("greets a new register with the four registers and three next steps", () => {
    const root = renderDashboard(newRegister());
    const welcome = byTestId(root, "welcome")!;
    expect(welcome).not.toBeNull();
    expect(welcome.querySelector("h2")?.textContent).toBe("Getting started");
    expect(welcome.querySelectorAll(".welcome-registers li")).toHaveLength(4);
    expect(welcome.textContent).toContain("arrive by email at contact@wesmond.com");

    const importMail = byTestId<HTMLAnchorElement>(welcome, "welcome-import-mail")!;
    const importProcessors = byTestId<HTMLAnchorElement>(welcome, "welcome-import-processors")!;
    const reviewPolicy = byTestId<HTMLAnchorElement>(welcome, "welcome-review-policy")!;
    expect([importMail, importProcessors, reviewPolicy].map((a) => [a.textContent, a.getAttribute("href")])).toEqual([
      ["Import the mailbox", "#/requests"],
      ["Import the processors spreadsheet", "#/processors"],
      ["Review the policy", "#/policy"],
    ]);
    // Each says what it does, for screen readers too.
    for (const action of [importMail, importProcessors, reviewPolicy]) {
      expect(root.querySelector(`#${action.getAttribute("aria-describedby")}`)?.textContent).toBeTruthy();
    }
  });

  it("is not shown once the register holds records", () => {
    expect(byTestId(renderDashboard(sampleDashboard()), "welcome")).toBeNull();
    expect(isNewRegister({ ...newRegister().counts, requests: 1 })).toBe(false);
    expect(isNewRegister({ ...newRegister().counts, processors: 1 })).toBe(false);
    expect(isNewRegister({ ...newRegister().counts, merchants: 1 })).toBe(false);
    expect(isNewRegister({ ...newRegister().counts, policy_versions: 2 })).toBe(false);
    expect(isNewRegister({ ...newRegister().counts, policy_versions: 0 })).toBe(true);
  });

  it("'Import the mailbox' opens the inbox and starts the import there", async () => {
    const main = h("main", null, renderDashboard(newRegister()));
    document.body.appendChild(main);
    const importMail = vi.fn();
    const navigate = vi.fn(() => setTimeout(() => main.replaceChildren(h("button", { "data-shortcut": "import", onclick: importMail })), 5));
    const keyboard = installKeyboard({ win: window, main, navigate, openPalette: () => undefined, openHelp: () => undefined, announce: () => undefined });
    const link = byTestId<HTMLAnchorElement>(main, "welcome-import-mail")!;
    const click = new MouseEvent("click", { bubbles: true, cancelable: true });
    link.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    expect(navigate).toHaveBeenCalledWith("requests");
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(importMail).toHaveBeenCalledOnce();
    keyboard.destroy();
  });

  it("in the app, 'Import the mailbox' takes the officer to the requests screen", async () => {
    const root = document.createElement("div");
    document.body.appendChild(root);
    const app = mountApp(root, fakeApi({ dashboard: async () => newRegister() }), window);
    await app.show();
    byTestId<HTMLAnchorElement>(root, "welcome-import-mail")!.click();
    expect(window.location.hash).toBe("#/requests");
    await app.show();
    expect(byTestId(root, "nav-requests")?.getAttribute("aria-current")).toBe("page");
  });

  it("loads with the dashboard for an empty register", async () => {
    const root = await dashboardScreen(fakeApi({ dashboard: async () => newRegister(), runChecks: async () => sampleCheckReport({ errors: 0, warnings: 0, infos: 0, results: [] }), dashboardCharts: async () => [] }));
    expect(byTestId(root, "welcome")).not.toBeNull();
    await root.loaded;
    expect(byTestId(root, "checks-empty")?.textContent).toMatch(/No check ran/);
    expect(byTestId(root, "charts-empty")?.textContent).toMatch(/No charts to draw/);
  });
});

describe("empty checks and charts", () => {
  it("explain themselves instead of showing nothing", () => {
    const checks = renderChecks(sampleCheckReport({ errors: 0, warnings: 0, infos: 0, results: [] }));
    expect(byTestId(checks, "checks-empty")?.textContent).toMatch(/compare the register with the policy's promises/);
    expect(checks.querySelector(".check-list")).toBeNull();
    expect(byTestId(renderCharts([]), "charts-empty")?.textContent).toMatch(/appear here once the register holds requests/);
  });

  it("say so when every check passed", () => {
    const pass = { id: "policy.last-updated", title: "t", remedy: "r", status: "pass" as const, findings: [] };
    const checks = renderChecks(sampleCheckReport({ errors: 0, warnings: 0, infos: 0, results: [pass] }));
    expect(byTestId(checks, "checks-all-passed")?.textContent).toBe("Every check passed: nothing needs attention today.");
    expect(byTestId(renderChecks(sampleCheckReport()), "checks-all-passed")).toBeNull();
  });
});

describe("the dashboard in Traditional Chinese", () => {
  it("speaks Chinese and shows dates and numbers the Hong Kong way", () => {
    setLocale("zh-HK");
    const d = sampleDashboard();
    const root = renderDashboard({ ...d, counts: { ...d.counts, audit_entries: 12345 } }, { open: 2, overdue: 1, due_this_week: 0, needs_triage: 0, paused: 1 }, { checks: sampleCheckReport(), charts: [] });
    expect(root.querySelector("#policy-heading")?.textContent).toBe("已發布的私隱政策");
    expect(byTestId(root, "policy-date")?.textContent).toBe("2026年5月31日");
    expect(byTestId(root, "policy-date")?.querySelector("time")?.getAttribute("datetime")).toBe("2026-05-31");
    expect(byTestId(root, "count-audit_entries")?.textContent).toBe("12,345");
    expect(root.textContent).toContain("3 項有效");
    expect(root.textContent).toContain("1 項已暫停");
    expect(root.querySelector("#requests-heading")?.textContent).toBe("資料當事人要求");
    expect(root.querySelector('[data-testid="count-overdue-link"] .card-label')?.textContent).toBe("逾期");
    expect(root.querySelector("#checks-heading")?.textContent).toBe("合規檢查");
    expect(root.querySelector(".checks .lead")?.textContent).toContain("截至2026年11月29日");
    expect(byTestId(root, "check-requests.overdue")?.querySelector(".check-badge")?.textContent).toBe("錯誤");
    expect(byTestId(root, "check-requests.overdue")?.querySelector(".check-count")?.textContent).toBe("（2 項發現）");
    expect(root.querySelector('[data-testid="check-record-link"][data-entity="merchant"]')?.textContent).toBe("商戶 Shop A");
    expect(byTestId(root, "charts-empty")?.querySelector("h2")?.textContent).toBe("沒有可繪製的圖表");
    expect(root.querySelector(".register-footer")?.textContent).toContain("資料結構版本");
  });

  it("greets a new register in Chinese", () => {
    setLocale("zh-HK");
    const welcome = byTestId(renderDashboard(newRegister()), "welcome")!;
    expect(welcome.querySelector("h2")?.textContent).toBe("開始使用");
    expect(byTestId(welcome, "welcome-import-mail")?.textContent).toBe("匯入郵箱");
    expect(welcome.textContent).toContain("以電郵寄往 contact@wesmond.com 的查閱資料要求");
  });
});

