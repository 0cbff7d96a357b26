/**
 * The register screens (processors, scope catalog, retention) in both languages, with their
 * keyboard hooks, empty states, dialog focus and the capped retention list.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { RetentionItem } from "../src/api";
import { setLocale } from "../src/i18n";
import { messages as enRegisters } from "../src/locales/en/registers";
import { messages as zhRegisters } from "../src/locales/zh-HK/registers";
import { CONFIDENTIALITY, renderProcessors, reviewFlag } from "../src/screens/processors";
import { fieldMessage } from "../src/screens/register-form";
import { renderExportResult, renderImportResult } from "../src/screens/register-sheets";
import { days, fillNodes, matchCount, noMatches, slot, words } from "../src/screens/register-table";
import { dueText, renderRetention, RETENTION_PAGE } from "../src/screens/retention";
import { PURPOSES, renderScopeCatalog } from "../src/screens/scope-catalog";
import { fakeApi, settle } from "./fixtures";
import { PLATFORMS, processorRecord, processorRow, retentionItem, scope } from "./registers-fixtures";

const byTestId = <E extends HTMLElement = HTMLElement>(root: ParentNode, id: string) => root.querySelector<E>(`[data-testid="${id}"]`);
const all = (root: ParentNode, id: string) => [...root.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];
const TODAY = "2026-06-15";

afterEach(() => {
  setLocale("en");
  document.body.replaceChildren();
});

describe("registers catalogs", () => {
  it("carry the same keys and placeholders in both languages, with full-width punctuation in Chinese", () => {
    expect(Object.keys(zhRegisters).sort()).toEqual(Object.keys(enRegisters).sort());
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join(",");
    for (const [key, text] of Object.entries(enRegisters)) {
      const zh = zhRegisters[key as keyof typeof zhRegisters];
      expect(holes(zh), key).toBe(holes(text));
      expect(key, key).toMatch(/^registers\.[a-z0-9_.]+$/);
      // Chinese sentences end with a full-width stop, never "." (file names and commands aside).
      expect(/[\u3400-\u9fff]\.$/.test(zh), key).toBe(false);
    }
  });
});

describe("processors in Traditional Chinese", () => {
  it("speaks Chinese, with dates, countries and review flags in the locale", () => {
    setLocale("zh-HK");
    const root = renderProcessors(
      [processorRow({ id: 1 }), processorRow({ id: 2, name: "acme mail", next_review: "2026-06-01", confidentiality: "pending" })],
      fakeApi(),
      TODAY,
    );
    document.body.appendChild(root);
    expect(root.querySelector("h1")?.textContent).toBe("資料處理者");
    expect(root.querySelector("caption")?.textContent).toBe("資料處理者");
    expect([...root.querySelectorAll("th")].map((th) => th.textContent?.replace(/\s*[\u2195\u25B2\u25BC]$/, ""))).toEqual(["名稱", "服務", "國家／地區", "保密協議／DPA", "下次覆核", "狀態", "操作"]);
    const first = root.querySelector('[data-testid="processor-row"][data-id="1"]')!;
    expect(first.textContent).toContain("2027年1月15日");
    expect(first.querySelector("time")?.getAttribute("datetime")).toBe("2027-01-15");
    expect(first.textContent).toContain("新加坡（SG）");
    expect(first.textContent).toContain("有效");
    expect(byTestId(root, "review-flag")?.textContent).toBe("覆核已逾期 14 日");
    expect(byTestId(root, "processor-edit")?.getAttribute("aria-label")).toBe("編輯「Lotus Cloud Hosting Ltd」");
    expect(root.querySelector('label[for="processors-search"]')?.textContent).toBe("搜尋");
    expect(root.querySelector(".match-count")?.textContent).toBe("資料處理者：共 2 項");
    expect(byTestId(root, "processors-import")?.textContent).toBe("匯入試算表…");
    const search = byTestId<HTMLInputElement>(root, "processors-search")!;
    search.value = "新加坡";
    search.dispatchEvent(new Event("input"));
    expect(all(root, "processor-row")).toHaveLength(2);
    search.value = "美國";
    search.dispatchEvent(new Event("input"));
    expect(byTestId(root, "processors-no-matches")?.textContent).toBe("沒有資料處理者符合搜尋或篩選條件。已隱藏 2 項記錄；清除搜尋即可查看。");
    expect(root.querySelector(".match-count")?.textContent).toBe("資料處理者：顯示 0 項，共 2 項");
  });

  it("explains an empty register in Chinese and offers both next steps", () => {
    setLocale("zh-HK");
    const root = renderProcessors([], fakeApi(), TODAY);
    const empty = byTestId(root, "processors-empty")!;
    expect(empty.querySelector("h2")?.textContent).toBe("尚未記錄任何資料處理者");
    expect(empty.textContent).toContain("保密協議或資料處理協議（DPA）");
    expect(byTestId(empty, "processors-empty-add")?.textContent).toBe("新增資料處理者…");
    expect(byTestId(empty, "processors-empty-import")?.textContent).toBe("匯入資料處理者試算表…");
  });

  it("labels its form in Chinese, and reads select options in the language chosen when read", () => {
    expect(CONFIDENTIALITY.find(([code]) => code === "dpa")?.[1]).toBe("Data processing agreement (DPA)");
    setLocale("zh-HK");
    expect(CONFIDENTIALITY.map(([, label]) => label)).toEqual(["沒有", "待定（商議中）", "保密協議", "資料處理協議（DPA）"]);
    expect(CONFIDENTIALITY).toHaveLength(4);
    expect([...CONFIDENTIALITY][3]).toEqual(["dpa", "資料處理協議（DPA）"]);
    const root = renderProcessors([], fakeApi(), TODAY);
    document.body.appendChild(root);
    byTestId(root, "processors-add")!.click();
    const form = byTestId(root, "processor-form")!;
    expect(form.querySelector("h2")?.textContent).toBe("新增資料處理者");
    expect(form.querySelector('label[for="processor-field-name"]')?.textContent).toBe("名稱（必填）");
    expect([...byTestId<HTMLSelectElement>(form, "processor-field-confidentiality")!.options].map((o) => o.textContent)).toContain("保密協議");
    expect(byTestId(form, "processor-cancel")?.textContent).toBe("取消");
    expect(reviewFlag({ status: "active", next_review: "2026-06-20" }, TODAY)?.text).toBe("5 日後到期覆核");
  });
});

describe("keyboard hooks", () => {
  it("mark the search boxes and the forms' save buttons for the shell's shortcuts", () => {
    const root = renderProcessors([processorRow()], fakeApi(), TODAY);
    document.body.appendChild(root);
    expect(root.querySelectorAll('[data-shortcut="search"]')).toHaveLength(1);
    expect(root.querySelector('[data-shortcut="search"]')?.getAttribute("data-testid")).toBe("processors-search");
    byTestId(root, "processors-add")!.click();
    const save = root.querySelectorAll<HTMLButtonElement>('[data-shortcut="save"]');
    expect(save).toHaveLength(1);
    expect(save[0]!.getAttribute("data-testid")).toBe("processor-save");
    expect(save[0]!.type).toBe("submit");

    const catalog = renderScopeCatalog(PLATFORMS, [scope()]);
    expect(catalog.querySelector('[data-shortcut="search"]')?.getAttribute("data-testid")).toBe("scope-catalog-search");

    const retention = renderRetention([retentionItem()], fakeApi(), TODAY);
    document.body.appendChild(retention);
    byTestId(retention, "retention-record")!.click();
    expect(retention.querySelector('[data-shortcut="save"]')?.getAttribute("data-testid")).toBe("retention-save");
  });
});

describe("dialogs", () => {
  it("are named by their heading and give focus back to the button that opened them", async () => {
    const root = renderProcessors([processorRow({ id: 4 })], fakeApi({ getProcessor: async (id) => processorRecord({ id }) }), TODAY);
    document.body.appendChild(root);
    const edit = byTestId<HTMLButtonElement>(root, "processor-edit")!;
    edit.focus();
    edit.click();
    await settle();
    const dialog = byTestId(root, "processor-dialog")!;
    const heading = document.getElementById(dialog.getAttribute("aria-labelledby")!);
    expect(heading?.textContent).toBe("Edit Lotus Cloud Hosting Ltd");
    expect(document.activeElement).toBe(byTestId(root, "processor-field-name"));
    byTestId(root, "processor-cancel")!.click();
    expect(byTestId(root, "processor-dialog")).toBeNull();
    expect(document.activeElement).toBe(edit);

    // Escape closes the dialog natively (a "close" event): focus goes back all the same.
    const retire = byTestId<HTMLButtonElement>(root, "processor-retire")!;
    retire.focus();
    retire.click();
    const retireDialog = byTestId<HTMLDialogElement>(root, "processor-retire-dialog")!;
    expect(document.getElementById(retireDialog.getAttribute("aria-labelledby")!)?.textContent).toBe("Retire Lotus Cloud Hosting Ltd?");
    retireDialog.dispatchEvent(new Event("close"));
    expect(byTestId(root, "processor-retire-dialog")).toBeNull();
    expect(document.activeElement).toBe(retire);
  });

  it("read a backend fragment after the field's label in either language", () => {
    setLocale("zh-HK");
    expect(fieldMessage("名稱", "is required")).toBe("名稱：is required.");
    expect(fieldMessage("證據", "必須填寫：證明已完成的資料")).toBe("必須填寫：證明已完成的資料。");
  });
});

describe("scope catalog in Traditional Chinese", () => {
  const scopes = [scope(), scope({ scope: "https://mail.google.com/", sensitivity: "restricted", purposes: ["merchant_operation_support"], confirmed: false })];

  it("translates headers, sensitivity classes and purposes", () => {
    setLocale("zh-HK");
    const root = renderScopeCatalog(PLATFORMS, scopes, "google");
    expect(root.querySelector("h1")?.textContent).toBe("授權範圍目錄");
    expect(root.querySelector("caption")?.textContent).toBe("授權範圍目錄：Google");
    expect(all(root, "scope-sensitivity").map((b) => b.textContent)).toEqual(["敏感", "受限制"]);
    expect(root.textContent).toContain("商戶營運支援");
    expect(all(root, "scope-confirmed").map((b) => b.textContent)).toEqual(["已確認", "未確認"]);
    const picker = byTestId<HTMLSelectElement>(root, "scope-catalog-platform")!;
    expect([...picker.options].map((o) => o.textContent)).toEqual(["所有平台", "Google（12）", "Meta（11）", "Shopify（5）"]);
    expect(byTestId(root, "subnav-catalog")?.textContent).toBe("授權範圍目錄");
  });

  it("gives the purposes exported for forms in the language chosen when they are read", () => {
    expect(PURPOSES.map(([, label]) => label)).toEqual(["Analytics", "Reporting", "Advertising performance review", "Merchant operation support"]);
    setLocale("zh-HK");
    expect(PURPOSES.map(([code, label]) => [code, label])).toEqual([
      ["analytics", "分析"],
      ["reporting", "報告"],
      ["advertising_performance_review", "廣告成效檢討"],
      ["merchant_operation_support", "商戶營運支援"],
    ]);
  });

  it("explains an empty catalog, and a platform it classifies no scope of", () => {
    setLocale("zh-HK");
    const empty = byTestId(renderScopeCatalog(PLATFORMS, []), "scope-catalog-empty")!;
    expect(empty.querySelector("h2")?.textContent).toBe("授權範圍目錄是空的");
    expect(empty.textContent).toContain("workbench scopes load");
    setLocale("en");
    const shopify = renderScopeCatalog(PLATFORMS, scopes, "shopify");
    expect(byTestId(shopify, "scope-catalog-platform-empty")?.textContent).toBe(
      "The catalog classifies no scope of Shopify yet. Load a newer catalog file with `workbench scopes load`, or choose another platform.",
    );
  });
});

describe("retention in Traditional Chinese", () => {
  it("shows the list with dates, rules and due words in the locale", () => {
    setLocale("zh-HK");
    const root = renderRetention([retentionItem({ days_overdue: 15 }), retentionItem({ key: "k2", status: "pending", due_on: "2026-07-01", days_overdue: -16 })], fakeApi(), TODAY);
    expect(root.querySelector("h1")?.textContent).toBe("保留期");
    expect(root.querySelector("caption")?.textContent).toBe("到期須刪除：1 項已到期，1 項待處理");
    const row = root.querySelector('[data-testid="retention-row"]')!;
    expect(row.textContent).toContain("2026年5月31日");
    expect(row.textContent).toContain("逾期 15 日");
    expect(row.textContent).toContain("撤銷授權後 30 日刪除");
    expect(row.textContent).toContain("經授權取得的平台資料");
    expect(byTestId(root, "retention-record")?.textContent).toBe("記錄刪除…");
    expect(root.querySelector('label[for="retention-show-done"]')?.textContent).toBe("顯示已記錄的項目");
    const done = renderRetention(
      [retentionItem({ status: "done", done: { key: "k", action: "delete", evidence: "工單 {date}", done_on: "2026-04-02", recorded_at: "2026-04-02T00:00:00Z", recorded_by: "dpo" } })],
      fakeApi(),
      TODAY,
    );
    const toggle = byTestId<HTMLInputElement>(done, "retention-show-done")!;
    toggle.checked = true;
    toggle.dispatchEvent(new Event("change"));
    expect(byTestId(done, "retention-done")?.textContent).toBe("dpo 於 2026年4月2日 刪除：工單 {date}");
    expect(dueText(retentionItem({ status: "done", done: { key: "k", action: "anonymise", evidence: "x", done_on: "2026-04-02", recorded_at: "2026-04-02T00:00:00Z", recorded_by: "dpo" } }))).toBe("已於 2026年4月2日 匿名化");
  });

  it("says so when nothing is due, and what will appear", () => {
    setLocale("zh-HK");
    const empty = byTestId(renderRetention([], fakeApi(), TODAY), "retention-empty")!;
    expect(empty.querySelector("h2")?.textContent).toBe("沒有到期須刪除的資料");
    expect(empty.textContent).toContain("授權被撤銷");
  });
});

describe("retention at scale", () => {
  /** `n` due items, the first the most overdue. */
  const many = (n: number): RetentionItem[] =>
    Array.from({ length: n }, (_, i) =>
      retentionItem({ key: `authorization:${i}:authorized_platform_data`, subject_id: i, due_on: `2020-01-${String((i % 28) + 1).padStart(2, "0")}`, days_overdue: 2000 - i }),
    );

  it("builds only a page of rows at a time, says how many more there are, and shows more on request", () => {
    const root = renderRetention(many(12), fakeApi(), TODAY, 5);
    document.body.appendChild(root);
    expect(all(root, "retention-row")).toHaveLength(5);
    expect(root.querySelector("caption")?.textContent).toBe("Due for deletion: 12 due, 0 pending");
    expect(byTestId(root, "retention-hidden")?.textContent).toBe("Showing the first 5, the most overdue first; 7 more items are not shown yet.");
    const more = byTestId<HTMLButtonElement>(root, "retention-more")!;
    expect(more.textContent).toBe("Show 5 more");
    more.click();
    expect(all(root, "retention-row")).toHaveLength(10);
    // Focus moves to the first row just shown.
    expect(document.activeElement?.closest("tr")?.getAttribute("data-index")).toBe("5");
    expect(byTestId(root, "retention-more")?.textContent).toBe("Show 2 more");
    byTestId(root, "retention-more")!.click();
    expect(all(root, "retention-row")).toHaveLength(12);
    expect(byTestId(root, "retention-more")).toBeNull();
    expect(byTestId(root, "retention-hidden")).toBeNull();
  });

  it("builds no more than 200 rows of a long list at first, and formats the counts for the locale", () => {
    expect(RETENTION_PAGE).toBe(200);
    setLocale("zh-HK");
    const root = renderRetention(many(1234), fakeApi(), TODAY);
    expect(all(root, "retention-row")).toHaveLength(RETENTION_PAGE);
    expect(byTestId(root, "retention-hidden")?.textContent).toBe("現顯示首 200 項，逾期最久的排在最前；尚有 1,034 項未顯示。");
    expect(byTestId(root, "retention-more")?.textContent).toBe("再顯示 200 項");
  });
});

describe("spreadsheet results and shared helpers", () => {
  it("say what an import and an export did, in either language", () => {
    setLocale("zh-HK");
    const imported = renderImportResult({ what: "processors", file: "/tmp/p.xlsx", format: "xlsx", rows: 3, added: 2, updated: 1, unchanged: 0 });
    expect(imported.textContent).toBe("已從 /tmp/p.xlsx 匯入 3 行：新增 2 項，更新 1 項，0 項不變。");
    expect(imported.querySelector("code")?.textContent).toBe("/tmp/p.xlsx");
    const exported = renderExportResult("merchants", "csv", { what: "merchants", file: "/tmp/m.csv", format: "csv", rows: 1234, bytes: 100 });
    expect(exported.textContent).toBe("已把 1,234 行商戶匯出至 /tmp/m.csv（CSV，100 位元組）。");
  });

  it("explain an import of a file with no rows", () => {
    const empty = renderImportResult({ what: "processors", file: "/tmp/empty.csv", format: "csv", rows: 0, added: 0, updated: 0, unchanged: 0 });
    expect(empty.getAttribute("data-outcome")).toBe("unchanged");
    expect(empty.textContent).toMatch(/^\/tmp\/empty\.csv holds no rows of processors, so nothing was written\. Put one record on each row/);
  });

  it("count, name codes and days in the chosen language", () => {
    expect(noMatches("merchants", 1).textContent).toBe("No merchants match the search or filter. 1 record is hidden; clear the search to see it.");
    expect(days(1)).toBe("1 day");
    expect(words("advertising_performance_review")).toBe("advertising performance review");
    expect(words("some_new_code")).toBe("some new code");
    setLocale("zh-HK");
    const count = matchCount();
    count.update(3, 1200, "商戶");
    expect(count.element.textContent).toBe("商戶：顯示 3 項，共 1,200 項");
    expect(days(40)).toBe("40 日");
    expect(words("advertising_performance_review")).toBe("廣告成效檢討");
    expect(words("some_new_code")).toBe("some new code");
  });

  it("put elements into a translated sentence", () => {
    const code = document.createElement("code");
    code.textContent = "/tmp/x";
    const parts = fillNodes(`Read ${slot("file")} as {file}: ${slot("other")}`, { file: code });
    expect(parts).toEqual(["Read ", code, ` as {file}: ${slot("other")}`]);
    // A sentence without slots has its {name} placeholders filled instead.
    expect(fillNodes("Read {file} twice: {missing}", { file: code })).toEqual(["Read ", code, " twice: {missing}"]);
  });
});
