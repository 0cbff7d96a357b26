import { afterEach, describe, expect, it, vi } from "vitest";
import type { NewRetentionAction } from "../src/api";
import { checkRetentionAction, dueText, renderRetention, retentionActionFrom, retentionList, retentionScreen } from "../src/screens/retention";
import { fakeApi, settle } from "./fixtures";
import { retentionItem } from "./registers-fixtures";

const byTestId = <E extends HTMLElement = HTMLElement>(root: ParentNode, id: string) => root.querySelector<E>(`[data-testid="${id}"]`);
const keys = (root: ParentNode) => [...root.querySelectorAll('[data-testid="retention-row"]')].map((r) => r.getAttribute("data-key"));

const ITEMS = [
  retentionItem({ key: "merchant:2:merchant_records", subject: "merchant", subject_id: 2, subject_label: "Shop B", status: "pending", due_on: "2026-07-01", days_overdue: -16 }),
  retentionItem({ key: "authorization:3:authorized_platform_data", status: "due", due_on: "2026-05-31", days_overdue: 15 }),
  retentionItem({
    key: "request:4:request_records",
    subject: "request",
    subject_id: 4,
    subject_label: "rights request 4 (deletion, completed)",
    status: "done",
    due_on: "2026-04-01",
    days_overdue: 75,
    done: { key: "request:4:request_records", action: "delete", evidence: "Ticket OPS-12", done_on: "2026-04-02", recorded_at: "2026-04-02T03:00:00Z", recorded_by: "dpo" },
  }),
  retentionItem({ key: "authorization:1:authorized_platform_data", status: "due", due_on: "2026-06-10", days_overdue: 5 }),
];

afterEach(() => document.body.replaceChildren());

describe("due-for-deletion list", () => {
  it("puts due items first (longest overdue first), then pending, and hides done ones unless asked", () => {
    expect(retentionList(ITEMS, false).map((i) => i.key)).toEqual(["authorization:3:authorized_platform_data", "authorization:1:authorized_platform_data", "merchant:2:merchant_records"]);
    expect(retentionList(ITEMS, true).map((i) => i.key).pop()).toBe("request:4:request_records");
  });

  it("says how due each item is", () => {
    expect(dueText(ITEMS[1]!)).toBe("15 days overdue");
    expect(dueText(retentionItem({ days_overdue: 0 }))).toBe("due today");
    expect(dueText(ITEMS[0]!)).toBe("due in 16 days");
    expect(dueText(ITEMS[2]!)).toBe("deleted on 2 Apr 2026");
  });

  it("shows the list with a toggle for recorded items", () => {
    const root = renderRetention(ITEMS, fakeApi(), "2026-06-15");
    expect(keys(root)).toEqual(["authorization:3:authorized_platform_data", "authorization:1:authorized_platform_data", "merchant:2:merchant_records"]);
    expect(root.querySelector("caption")?.textContent).toBe("Due for deletion: 2 due, 1 pending");
    expect(root.querySelector('[data-key="merchant:2:merchant_records"] a')?.getAttribute("href")).toBe("#/merchants/2");
    const toggle = byTestId<HTMLInputElement>(root, "retention-show-done")!;
    expect(root.querySelector(`label[for="${toggle.id}"]`)?.textContent).toBe("Show recorded items");
    toggle.checked = true;
    toggle.dispatchEvent(new Event("change"));
    expect(keys(root).pop()).toBe("request:4:request_records");
    expect(byTestId(root, "retention-done")?.textContent).toBe("Deleted on 2 Apr 2026 by dpo: Ticket OPS-12");
    expect(byTestId(root, "retention-done")?.querySelector("time")?.getAttribute("datetime")).toBe("2026-04-02");
  });

  it("explains an empty list, and a list whose items are all recorded", () => {
    expect(byTestId(renderRetention([], fakeApi()), "retention-empty")?.textContent).toMatch(/Nothing is due for deletion.*authorization is revoked/);
    expect(byTestId(renderRetention([ITEMS[2]!], fakeApi()), "retention-all-done")?.textContent).toMatch(/1 recorded item is hidden/);
  });

  it("turns the record form into the action the backend reads", () => {
    expect(retentionActionFrom("k", { action: "anonymise", evidence: " log line ", done_on: "" })).toEqual({ key: "k", action: "anonymise", evidence: "log line", done_on: null });
    expect(checkRetentionAction({ evidence: "  " })[0]?.field).toBe("evidence");
  });

  it("records a deletion with its evidence, which is required", async () => {
    const calls: NewRetentionAction[] = [];
    let items = ITEMS;
    const api = fakeApi({
      retentionItemsPage: async (limit, offset) => ({ total: items.length, offset, limit, rows: items.slice(offset, offset + limit) }),
      recordRetention: async (action) => {
        calls.push(action);
        const done = retentionItem({ status: "done", done: { key: action.key, action: action.action, evidence: action.evidence, done_on: "2026-06-15", recorded_at: "2026-06-15T01:00:00Z", recorded_by: "officer" } });
        items = items.map((i) => (i.key === action.key ? done : i));
        return done;
      },
    });
    const root = await retentionScreen(api);
    document.body.appendChild(root);
    const record = byTestId(root, "retention-record")!;
    expect(record.getAttribute("data-key")).toBe("authorization:3:authorized_platform_data");
    record.click();
    const form = byTestId(root, "retention-form")!;
    expect(byTestId<HTMLSelectElement>(form, "retention-field-action")!.value).toBe("delete");
    byTestId(form, "retention-save")!.click();
    await settle();
    expect(calls).toEqual([]);
    expect(byTestId(form, "retention-field-error-evidence")?.textContent).toMatch(/^Evidence is required/);
    const evidence = byTestId<HTMLTextAreaElement>(form, "retention-field-evidence")!;
    evidence.value = "Ticket OPS-44: bucket purged";
    evidence.dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
    byTestId(form, "retention-save")!.click();
    await settle();
    expect(calls).toEqual([{ key: "authorization:3:authorized_platform_data", action: "delete", evidence: "Ticket OPS-44: bucket purged", done_on: null }]);
    expect(byTestId(root, "retention-dialog")).toBeNull();
    expect(byTestId(root, "retention-message")?.textContent).toBe("Recorded: Shop A · google authorization 3, authorized platform data deleted on 15 Jun 2026.");
    expect(keys(root)).not.toContain("authorization:3:authorized_platform_data");
  });

  it("shows the backend's refusal in the form", async () => {
    const recordRetention = vi.fn(async () => Promise.reject("authorization:3:authorized_platform_data: --done: 2026-01-01 is before the authorization revoked on 2026-05-01"));
    const root = renderRetention(ITEMS, fakeApi({ recordRetention }), "2026-06-15");
    document.body.appendChild(root);
    byTestId(root, "retention-record")!.click();
    const evidence = byTestId<HTMLTextAreaElement>(root, "retention-field-evidence")!;
    evidence.value = "x";
    byTestId(root, "retention-save")!.click();
    await settle();
    expect(byTestId(root, "retention-form-error")?.textContent).toContain("is before the authorization revoked");
  });
});
