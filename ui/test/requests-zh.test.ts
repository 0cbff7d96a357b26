/** The requests screens in Traditional Chinese (Hong Kong): words from the catalog, dates in its format. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ImportReport } from "../src/api";
import { setLocale } from "../src/i18n";
import { describeProgress, renderImportReport } from "../src/import-monitor";
import { routeForHash } from "../src/routes";
import { describeEvent, renderRequestDetail } from "../src/screens/request-detail";
import { daysLeftText } from "../src/screens/request-terms";
import { renderInbox, requestsScreen } from "../src/screens/requests";
import { fakeApi } from "./fixtures";
import { byTestId, options, paged, row, view } from "./requests-fixtures";

beforeEach(() => setLocale("zh-HK"));
afterEach(() => {
  setLocale("en");
  document.body.replaceChildren();
  window.location.hash = "";
});

describe("requests in Traditional Chinese", () => {
  it("shows the inbox with Chinese headings, words and dates", async () => {
    const api = fakeApi({ listRequestsPage: async (query) => paged([row({ days_left: -3, overdue: true }), row({ id: 2, days_left: 5 })], query, 120) });
    const route = routeForHash("#/requests");
    const root = await requestsScreen(api, { path: route.path, query: route.query });
    document.body.appendChild(root);
    expect(root.querySelector("h1")?.textContent).toBe("權利要求");
    expect(root.querySelector("caption")?.textContent).toBe("資料當事人權利要求");
    expect(root.querySelector('label[for="requests-search"]')?.textContent).toBe("搜尋要求");
    const first = root.querySelector<HTMLElement>('[data-testid="request-row"]')!;
    expect(first.querySelector("time[datetime='2027-01-05']")?.textContent).toBe("2027年1月5日");
    expect(byTestId(first, "request-days-left")?.textContent).toBe("逾期 3 日");
    expect(first.textContent).toContain("已收到");
    expect(byTestId(root, "requests-pager")?.textContent).toContain("顯示第 1–50 項，共 120 項");
    expect(byTestId(root, "requests-import")?.textContent).toBe("匯入郵件…");
    expect(byTestId(root, "requests-drop-hint")?.textContent).toMatch(/\.eml/);
  });

  it("explains an empty inbox in Chinese", () => {
    const root = renderInbox([], { contactEmail: "contact@wesmond.com" });
    expect(root.textContent).toContain("暫時未有權利要求。寄往 contact@wesmond.com 的要求會記錄在這裏");
    expect(root.textContent).toContain("Shopify 合規 webhook");
  });

  it("shows the detail with Chinese headings, actions and dates", () => {
    const root = renderRequestDetail(view({ paused_since: "2026-11-20" }), options());
    expect(byTestId(root, "request-due")?.textContent).toBe("2027年1月5日");
    expect(byTestId(root, "request-days-left")?.textContent).toBe("（自2026年11月20日起暫停）");
    expect(root.textContent).toContain("限期");
    expect(root.textContent).toContain("時間線");
    expect(byTestId(root, "request-resume")?.textContent).toBe("恢復");
    expect(byTestId(root, "request-action-identity_check")?.textContent).toBe("開始核實身分");
    expect(byTestId(root, "message-attachments")?.textContent).toContain("2,048 位元組");
  });

  it("words days left, timeline events, progress and import results in Chinese", () => {
    expect(daysLeftText(row({ days_left: 1 }))).toBe("1 日後到期");
    expect(describeEvent({ id: 1, at: "2026-11-29T10:00:00Z", actor: "o", kind: "status", detail: { old: "received", new: "identity_check" } }).what).toBe("狀態：已收到 → 核實身分");
    expect(describeProgress({ phase: "writing", done: 120, total: 5000, unit: "messages" })).toBe("寫入中：120／5,000 封郵件");
    const report: ImportReport = { files: 2, messages: 3, created: 1, replies: 1, duplicates: 1, items: [] };
    expect(renderImportReport(report).textContent).toContain("2 個檔案、3 封郵件：1 項新要求，1 封回覆（加入現有要求），1 封重複郵件（已在登記冊內）。");
  });
});
