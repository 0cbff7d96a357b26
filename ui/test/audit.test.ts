/** The audit screen: paging newest first with totals, the empty state, the chain check, and Chinese. */
import { afterEach, describe, expect, it } from "vitest";
import type { AuditEntry, Page } from "../src/api";
import { setLocale } from "../src/i18n";
import { AUDIT_PAGE_SIZE, auditScreen, auditWord, renderAuditTable, renderVerification } from "../src/screens/audit";
import { fakeApi, sampleDashboard, settle } from "./fixtures";

const byTestId = <E extends Element = HTMLElement>(root: ParentNode, id: string) => root.querySelector<E & HTMLElement>(`[data-testid="${id}"]`);

afterEach(() => {
  setLocale("en");
  document.body.replaceChildren();
});

const entry = (seq: number, overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  seq,
  at: "2026-06-01T00:00:00Z",
  actor: "officer",
  action: "create",
  entity: "processor",
  entity_id: String(seq),
  hash: "ab".repeat(32),
  ...overrides,
});

/** A log of `total` entries, listed newest first as the backend does, with the count in the dashboard. */
function log(total: number, counted: number | null = total) {
  const calls: Page[] = [];
  const api = fakeApi({
    listAudit: async (page) => {
      calls.push(page);
      const rows: AuditEntry[] = [];
      for (let i = page.offset; i < Math.min(total, page.offset + page.limit); i++) rows.push(entry(total - i));
      return rows;
    },
    dashboard: async () => {
      if (counted === null) throw "the dashboard is not available";
      return { ...sampleDashboard(), counts: { ...sampleDashboard().counts, audit_entries: counted } };
    },
    verifyAudit: async () => ({ ok: true, entries: total, head: "c".repeat(64), first_broken: null, reason: null }),
  });
  return { api, calls };
}

describe("paging the audit log", () => {
  it("pages newest first with the total, newer and older", async () => {
    const { api, calls } = log(1234);
    const root = await auditScreen(api);
    expect(calls).toEqual([{ limit: AUDIT_PAGE_SIZE, offset: 0 }]);
    const newer = byTestId<HTMLButtonElement>(root, "audit-previous")!;
    const older = byTestId<HTMLButtonElement>(root, "audit-next")!;
    expect(newer.textContent).toBe("Newer entries");
    expect(older.textContent).toBe("Older entries");
    expect(newer.disabled).toBe(true);
    expect(older.disabled).toBe(false);
    expect(byTestId(root, "audit-position")?.textContent).toBe("Entries 1–50 of 1,234, newest first");
    expect(root.querySelector("tbody td")?.textContent).toBe("1,234");

    older.click();
    await settle();
    expect(calls[1]).toEqual({ limit: AUDIT_PAGE_SIZE, offset: 50 });
    expect(byTestId(root, "audit-position")?.textContent).toBe("Entries 51–100 of 1,234, newest first");
    expect(root.querySelector("caption")?.textContent).toBe("Audit log, entries 51–100");
    expect(newer.disabled).toBe(false);
    newer.click();
    await settle();
    expect(calls[2]).toEqual({ limit: AUDIT_PAGE_SIZE, offset: 0 });
    expect(newer.disabled).toBe(true);
  });

  it("stops at the total, even when the last page is full", async () => {
    const { api } = log(100);
    const root = await auditScreen(api);
    byTestId(root, "audit-next")!.click();
    await settle();
    expect(root.querySelectorAll("tbody tr")).toHaveLength(50);
    expect(byTestId<HTMLButtonElement>(root, "audit-next")!.disabled).toBe(true);
    expect(byTestId(root, "audit-position")?.textContent).toBe("Entries 51–100 of 100, newest first");
  });

  it("pages without a total when the counts cannot be had, stopping at a short page", async () => {
    const { api } = log(53, null);
    const root = await auditScreen(api);
    expect(byTestId(root, "audit-position")?.textContent).toBe("Entries 1–50, newest first");
    byTestId(root, "audit-next")!.click();
    await settle();
    expect(root.querySelectorAll("tbody tr")).toHaveLength(3);
    expect(byTestId<HTMLButtonElement>(root, "audit-next")!.disabled).toBe(true);
    // Verifying the chain counts every entry, which gives the total.
    byTestId(root, "verify-chain")!.click();
    await settle();
    expect(byTestId(root, "verify-result")?.textContent).toContain("Audit chain intact: 53 entries");
    expect(byTestId(root, "audit-position")?.textContent).toBe("Entries 51–53 of 53, newest first");
  });

  it("offers the newest entries from a page past the end", () => {
    let went = false;
    const el = renderAuditTable([], 100, () => (went = true));
    expect(el.querySelector("table")).toBeNull();
    expect(el.textContent).toMatch(/No more entries/);
    byTestId(el, "audit-newest")!.click();
    expect(went).toBe(true);
  });
});

describe("an empty audit log", () => {
  it("explains the chain instead of an empty table, with no pager", async () => {
    const root = await auditScreen(log(0).api);
    expect(root.querySelector("table")).toBeNull();
    const empty = byTestId(root, "audit-table-empty")!;
    expect(empty.textContent).toMatch(/The audit log is empty/);
    expect(empty.textContent).toMatch(/hash covers the entry before it/);
    expect(byTestId(root, "audit-pager")?.hidden).toBe(true);
    expect(byTestId(root, "verify-chain")).not.toBeNull();
  });
});

describe("the chain check", () => {
  it("says the chain is intact with the count and the head", () => {
    const el = renderVerification({ ok: true, entries: 1, head: "f".repeat(64), first_broken: null, reason: null });
    expect(el.textContent).toBe(`Audit chain intact: 1 entry. Head ${"f".repeat(12)}`);
  });

  it("raises an alert naming the first broken entry", () => {
    const el = renderVerification({ ok: false, entries: 12, head: null, first_broken: 5, reason: "hash mismatch" });
    expect(el.getAttribute("role")).toBe("alert");
    expect(el.textContent).toMatch(/^Audit chain broken at entry 5: hash mismatch\. Entries after that point cannot be trusted/);
  });
});

describe("the audit screen in Traditional Chinese", () => {
  it("speaks Chinese, with the stored words translated and the times in the locale", async () => {
    setLocale("zh-HK");
    const api = fakeApi({
      listAudit: async () => [entry(2, { action: "publish", entity: "policy_version" }), entry(1, { action: "frobnicate", entity: "widget_thing" })],
      verifyAudit: async () => ({ ok: true, entries: 2, head: "c".repeat(64), first_broken: null, reason: null }),
    });
    const root = await auditScreen(api);
    expect(root.querySelector("h1")?.textContent).toBe("審計記錄");
    expect([...root.querySelectorAll("thead th")].map((th) => th.textContent)).toEqual(["編號", "時間", "執行者", "動作", "記錄類別", "記錄編號", "雜湊值"]);
    const cells = [...root.querySelectorAll("tbody tr:first-child td")].map((td) => td.textContent);
    expect(cells[3]).toBe("發布");
    expect(cells[4]).toBe("私隱政策版本");
    expect(root.querySelector("tbody time")?.textContent).toMatch(/^2026年6月1日/);
    // A word the catalog does not know is shown as stored.
    const second = [...root.querySelectorAll("tbody tr:nth-child(2) td")].map((td) => td.textContent);
    expect(second.slice(3, 5)).toEqual(["frobnicate", "widget thing"]);
    expect(byTestId(root, "audit-next")?.textContent).toBe("較舊的記錄");
    expect(byTestId(root, "audit-position")?.textContent).toBe("第 1–2 項記錄，共 123 項，最新的在前");
    byTestId(root, "verify-chain")!.click();
    await settle();
    expect(byTestId(root, "verify-result")?.textContent).toBe(`審計記錄鏈完整：2 項記錄。鏈首 ${"c".repeat(12)}`);
  });

  it("explains the empty log in Chinese", () => {
    setLocale("zh-HK");
    expect(renderAuditTable([], 0).textContent).toMatch(/審計記錄暫無內容/);
    expect(auditWord("entity", "rights_request")).toBe("資料當事人要求");
  });
});
