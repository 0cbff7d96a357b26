import { describe, expect, it } from "vitest";
import { auditScreen, renderAuditTable, renderVerification } from "../src/screens/audit";
import { renderMerchants } from "../src/screens/merchants";
import { renderVersionsTable } from "../src/screens/policy";
import { renderProcessors } from "../src/screens/processors";
import { renderReports } from "../src/screens/reports";
import { renderInbox, requestsScreen } from "../src/screens/requests";
import { renderSettings } from "../src/screens/settings";
import type { AuditEntry } from "../src/api";
import { fakeApi, sampleDashboard, settle } from "./fixtures";

describe("empty states", () => {
  it("requests: names the contact address and due dates", () => {
    const root = renderInbox([], { contactEmail: "contact@wesmond.com" });
    expect(root.querySelector("table")).toBeNull();
    expect(root.textContent).toContain(
      "No rights requests yet. Requests that arrive at contact@wesmond.com will be logged here with their statutory due dates.",
    );
  });

  it("requests screen: takes the contact address from the dashboard", async () => {
    const root = await requestsScreen(fakeApi({ dashboard: async () => ({ ...sampleDashboard(), contact_email: "dpo@example.com" }) }));
    expect(root.textContent).toContain("arrive at dpo@example.com");
  });

  it.each([
    ["policy", () => renderVersionsTable([], { open() {}, compareWith() {}, newDraftFrom() {} }), /No policy versions yet/],
    ["processors", () => renderProcessors([], fakeApi()), /No processors recorded yet/],
    ["audit", () => renderAuditTable([], 0), /The audit log is empty/],
    ["reports", () => renderReports([], fakeApi()), /offers no report kinds/],
  ])("%s: explains what the register holds instead of an empty table", (_name, render, text) => {
    const root = render();
    expect(root.querySelector("table")).toBeNull();
    expect(root.textContent).toMatch(text);
  });

  it("settings: explains the register settings instead of an empty table, beside the language and shortcuts", () => {
    const root = renderSettings([]);
    expect(root.querySelector('[data-testid="settings-table"]')).toBeNull();
    expect(root.querySelector('[data-testid="settings-table-empty"]')?.textContent).toMatch(/No settings stored yet/);
    expect(root.querySelector('[data-testid="settings-language"]')).not.toBeNull();
    expect(root.querySelector('[data-testid="shortcut-table"] table')).not.toBeNull();
  });

  it("merchants: one empty state for each of the three tables", () => {
    const root = renderMerchants({ merchants: [], authorizations: [], platforms: [] }, fakeApi());
    expect(root.querySelector("table")).toBeNull();
    expect(root.textContent).toMatch(/No merchants recorded yet/);
    expect(root.textContent).toMatch(/No authorizations recorded yet/);
    expect(root.textContent).toMatch(/The scope catalog is empty/);
  });
});

describe("tables", () => {
  it("every table has a caption", () => {
    const root = renderMerchants({
      merchants: [{ id: 1, name: "Shop A", shop_domain: "a.myshopify.com", contact_email: null, status: "active", active_authorizations: 1 }],
      authorizations: [{ id: 1, merchant: "Shop A", platform: "google", scopes: ["analytics.readonly"], purpose: "reporting", granted_at: "2026-01-01", revoked_at: null, merchant_id: 1, granted_by: "officer", revoke_channel: null, status: "active", flags: [] }],
      platforms: [{ code: "google", name: "Google", category: "analytics", scopes: 12 }],
    }, fakeApi());
    const tables = [...root.querySelectorAll("table")];
    expect(tables).toHaveLength(3);
    expect(tables.map((t) => t.querySelector("caption")?.textContent)).toEqual([
      "Merchants",
      "Authorizations",
      "Platforms in the scope catalog",
    ]);
    expect(root.textContent).toContain("analytics.readonly");
  });

  it("requests table shows the due date as stored", () => {
    const root = renderInbox([
      {
        id: 7, type: "access", status: "received", jurisdiction: "HK", received_at: "2026-06-01T02:00:00Z", due_date: "2026-07-11",
        requester_email: "a@b.c", rule: "HK PDPO s.19: 40 days", received_on: "2026-06-01", channel: "email", requester_name: null,
        merchant_id: null, subject: null, paused_since: null, extended: false, days_left: 30, overdue: false,
      },
    ]);
    expect(root.querySelector("caption")?.textContent).toBe("Rights requests");
    expect(root.querySelector("td time[datetime='2026-07-11']")?.textContent).toBe("11 Jul 2026");
  });
});

describe("audit", () => {
  const entry = (seq: number): AuditEntry => ({
    seq, at: "2026-06-01T00:00:00Z", actor: "officer", action: "create", entity: "processor", entity_id: String(seq), hash: "ab".repeat(32),
  });

  it("says the chain is intact with the entry count", () => {
    expect(renderVerification({ ok: true, entries: 12, head: "f".repeat(64), first_broken: null, reason: null }).textContent)
      .toContain("Audit chain intact: 12 entries");
  });

  it("raises an alert naming the first broken entry", () => {
    const el = renderVerification({ ok: false, entries: 12, head: null, first_broken: 5, reason: "hash mismatch" });
    expect(el.getAttribute("role")).toBe("alert");
    expect(el.textContent).toContain("Audit chain broken at entry 5: hash mismatch");
  });

  it("pages by 50 and verifies on request", async () => {
    const calls: Array<{ limit: number; offset: number }> = [];
    const root = await auditScreen(
      fakeApi({
        listAudit: async (page) => {
          calls.push(page);
          const count = page.offset === 0 ? 50 : 3;
          return Array.from({ length: count }, (_, i) => entry(page.offset + i + 1));
        },
        verifyAudit: async () => ({ ok: true, entries: 53, head: "c".repeat(64), first_broken: null, reason: null }),
      }),
    );
    expect(calls).toEqual([{ limit: 50, offset: 0 }]);
    expect(root.querySelectorAll("tbody tr")).toHaveLength(50);
    const next = root.querySelector<HTMLButtonElement>('[data-testid="audit-next"]')!;
    const previous = root.querySelector<HTMLButtonElement>('[data-testid="audit-previous"]')!;
    expect(previous.disabled).toBe(true);
    expect(next.disabled).toBe(false);

    next.click();
    await settle();
    expect(calls[1]).toEqual({ limit: 50, offset: 50 });
    expect(root.querySelectorAll("tbody tr")).toHaveLength(3);
    expect(root.querySelector("caption")?.textContent).toBe("Audit log, entries 51–53");
    expect(next.disabled).toBe(true);
    expect(previous.disabled).toBe(false);

    const verify = root.querySelector<HTMLButtonElement>('[data-testid="verify-chain"]')!;
    expect(verify.textContent).toBe("Verify chain");
    verify.click();
    await settle();
    expect(root.querySelector('[data-testid="verify-result"]')?.textContent).toContain("Audit chain intact: 53 entries");
  });
});
