/** The merchants screens in Traditional Chinese (Hong Kong): catalog words, locale dates and numbers. */
import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../src/i18n";
import { checkRevocation, renderMerchantPage } from "../src/screens/merchant-page";
import { renderMerchants } from "../src/screens/merchants";
import { fakeApi } from "./fixtures";
import { authorizationDetail, authorizationRow, merchantDetail, merchantRow, PLATFORMS } from "./registers-fixtures";

const byTestId = <E extends HTMLElement = HTMLElement>(root: ParentNode, id: string) => root.querySelector<E>(`[data-testid="${id}"]`);

afterEach(() => {
  setLocale("en");
  document.body.replaceChildren();
});

describe("merchants in zh-HK", () => {
  it("renders the overview in Chinese, with locale dates and the pager's total", () => {
    setLocale("zh-HK");
    const root = renderMerchants(
      {
        merchants: { total: 1234, offset: 0, limit: 50, rows: [merchantRow({ id: 1, name: "Shop A", active_authorizations: 1500 })] },
        authorizations: { total: 1, offset: 0, limit: 50, rows: [authorizationRow({ id: 1, granted_at: "2026-01-01" })] },
        platforms: PLATFORMS,
      },
      fakeApi(),
      "2026-06-15",
    );
    expect(root.querySelector("h1")?.textContent).toBe("商戶及授權");
    expect(byTestId(root, "merchants-table")?.querySelector("caption")?.textContent).toBe("商戶");
    expect([...root.querySelectorAll('[data-testid="merchants-table"] th')].map((th) => th.textContent)).toEqual(["商戶", "商店網域", "聯絡人", "狀態", "有效授權"]);
    expect(byTestId(root, "merchant-row")?.textContent).toContain("1,500");
    expect(byTestId(root, "merchant-row")?.textContent).toContain("有效");
    expect(byTestId(root, "merchants-pager")?.querySelector("[role=status]")?.textContent).toBe("顯示第 1–50 項，共 1,234 項");
    expect(byTestId(root, "merchants-pager")?.getAttribute("aria-label")).toBe("商戶分頁");
    expect(root.querySelector('label[for="merchants-search"]')?.textContent).toBe("搜尋商戶");
    const granted = byTestId(root, "authorization-row")?.querySelector("time[datetime='2026-01-01']");
    expect(granted?.textContent).toBe("2026年1月1日");
    expect(byTestId(root, "merchants-add")?.textContent).toBe("新增商戶…");
    expect(byTestId(root, "authorizations-grant")?.textContent).toBe("記錄授權…");
    // No message key leaks through untranslated.
    expect(root.textContent).not.toMatch(/merchants\.[a-z_]+\./);
  });

  it("explains empty registers in Chinese", () => {
    setLocale("zh-HK");
    const root = renderMerchants({ merchants: [], authorizations: [], platforms: [] }, fakeApi());
    expect(byTestId(root, "merchants-table-empty")?.querySelector("h2")?.textContent).toBe("尚未記錄任何商戶");
    expect(byTestId(root, "merchants-empty-import")?.textContent).toBe("匯入商戶試算表…");
    expect(byTestId(root, "authorizations-table-empty")?.textContent).toContain("撤銷後記錄仍會保留");
  });

  it("renders a merchant's page in Chinese, dates included", () => {
    setLocale("zh-HK");
    const revoked = authorizationDetail({ id: 8, status: "revoked", revoked_at: "2026-06-01", revoked_by: "dpo", revoke_channel: "email_request", revoke_reason: "Merchant asked", revoke_request_id: 12, flags: [] });
    const root = renderMerchantPage(merchantDetail([authorizationDetail(), revoked]), PLATFORMS, fakeApi(), "2026-06-15");
    expect(byTestId(root, "merchant-back")?.textContent).toBe("← 所有商戶及授權");
    expect(byTestId(root, "merchant-facts")?.textContent).toContain("2025年1月1日至—");
    expect(root.querySelector("#merchant-authorizations-heading")?.textContent).toBe("授權（2 項中 1 項有效）");
    expect(root.querySelector("h3")?.textContent).toBe("Google授權 7");
    expect(root.querySelector("caption")?.textContent).toBe("獲批的授權範圍（3）");
    expect(byTestId(root, "authorization-revoked")?.textContent).toBe("2026年6月1日，由 dpo 撤銷（經電郵要求）");
    expect(root.querySelector('a[href="#/requests/12"]')?.textContent).toBe("權利要求 12");
    expect([...root.querySelectorAll('[data-testid="flag-badge"]')].map((b) => b.textContent)).toEqual(["不在目錄中", "用途不獲准許", "沒有安全評估"]);
    expect(root.textContent).not.toMatch(/merchants\.[a-z_]+\./);
  });

  it("speaks Chinese in the forms", () => {
    setLocale("zh-HK");
    const root = renderMerchantPage(merchantDetail(), PLATFORMS, fakeApi(), "2026-06-15");
    document.body.appendChild(root);
    byTestId(root, "authorization-revoke")!.click();
    expect(byTestId(root, "revoke-form")?.querySelector("h2")?.textContent).toBe("撤銷Shop A的Google授權");
    expect(root.querySelector('label[for="revoke-field-channel"]')?.textContent).toBe("撤銷方式");
    expect(checkRevocation({ reason: "", request: "x" }).map((e) => e.message)).toEqual(["必須填寫原因：請說明撤回存取的理由。", "「x」不是權利要求編號。"]);
    byTestId(root, "revoke-cancel")!.click();
    byTestId(root, "merchant-edit")!.click();
    expect(byTestId(root, "merchant-form")?.querySelector("h2")?.textContent).toBe("編輯Shop A");
    expect(byTestId(root, "merchant-save")?.textContent).toBe("儲存變更");
    expect(byTestId(root, "merchant-save")?.getAttribute("data-shortcut")).toBe("save");
  });
});
