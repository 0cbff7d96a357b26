/**
 * The merchants overview pages both registers through the backend: no screen asks for every row.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AuthorizationQuery, AuthorizationRow, Merchant, MerchantQuery, Paged } from "../src/api";
import { merchantsScreen, renderMerchants } from "../src/screens/merchants";
import { fakeApi, settle } from "./fixtures";
import { authorizationRow, merchantRow, PLATFORMS } from "./registers-fixtures";

const byTestId = <E extends HTMLElement = HTMLElement>(root: ParentNode, id: string) => root.querySelector<E>(`[data-testid="${id}"]`);
const ids = (root: ParentNode, testid: string) => [...root.querySelectorAll(`[data-testid="${testid}"]`)].map((r) => r.getAttribute("data-id"));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** 120 merchants, "Shop 1" to "Shop 120"; every tenth is a "bravo" shop. */
const MERCHANTS: Merchant[] = Array.from({ length: 120 }, (_, i) =>
  merchantRow({ id: i + 1, name: `Shop ${i + 1}`, shop_domain: i % 10 === 0 ? `bravo-${i + 1}.example` : `shop-${i + 1}.example` }),
);

/** A backend that pages and searches MERCHANTS as the real one does. */
function merchantPages() {
  return vi.fn(async (query: MerchantQuery): Promise<Paged<Merchant>> => {
    const matching = MERCHANTS.filter((m) => !query.search || `${m.name} ${m.shop_domain}`.includes(query.search));
    return { total: matching.length, offset: query.offset, limit: query.limit, rows: matching.slice(query.offset, query.offset + query.limit) };
  });
}

const AUTHORIZATIONS: AuthorizationRow[] = Array.from({ length: 75 }, (_, i) => authorizationRow({ id: 75 - i, platform: i % 2 === 0 ? "google" : "meta" }));

function authorizationPages() {
  return vi.fn(async (query: AuthorizationQuery): Promise<Paged<AuthorizationRow>> => {
    if (query.merchant === "nobody") return Promise.reject("no merchant matches 'nobody'");
    const matching = AUTHORIZATIONS.filter((a) => !query.platform || a.platform === query.platform);
    return { total: matching.length, offset: query.offset, limit: query.limit, rows: matching.slice(query.offset, query.offset + query.limit) };
  });
}

async function overview(delay = 20) {
  const listMerchantsPage = merchantPages();
  const listAuthorizationsPage = authorizationPages();
  const listMerchants = vi.fn(async () => MERCHANTS);
  const listAuthorizations = vi.fn(async () => AUTHORIZATIONS);
  const api = fakeApi({ listMerchantsPage, listAuthorizationsPage, listMerchants, listAuthorizations, listPlatforms: async () => PLATFORMS });
  const [merchants, authorizations] = await Promise.all([listMerchantsPage({ search: null, limit: 50, offset: 0 }), listAuthorizationsPage({ limit: 50, offset: 0 })]);
  listMerchantsPage.mockClear();
  listAuthorizationsPage.mockClear();
  const root = renderMerchants({ merchants, authorizations, platforms: PLATFORMS }, api, "2026-06-15", delay);
  document.body.appendChild(root);
  return { root, listMerchantsPage, listAuthorizationsPage, listMerchants, listAuthorizations };
}

afterEach(() => {
  document.body.replaceChildren();
});

describe("merchants paging", () => {
  it("loads the first page of each register, never every row", async () => {
    const listMerchantsPage = merchantPages();
    const listAuthorizationsPage = authorizationPages();
    const listMerchants = vi.fn(async () => MERCHANTS);
    const listAuthorizations = vi.fn(async () => AUTHORIZATIONS);
    const root = await merchantsScreen(fakeApi({ listMerchantsPage, listAuthorizationsPage, listMerchants, listAuthorizations, listPlatforms: async () => PLATFORMS }));
    expect(listMerchantsPage).toHaveBeenCalledWith({ search: null, limit: 50, offset: 0 });
    expect(listAuthorizationsPage).toHaveBeenCalledWith({ merchant: null, platform: null, active: false, limit: 50, offset: 0 });
    expect(listMerchants).not.toHaveBeenCalled();
    expect(listAuthorizations).not.toHaveBeenCalled();
    expect(ids(root, "merchant-row")).toHaveLength(50);
    expect(ids(root, "authorization-row")).toHaveLength(50);
  });

  it("shows the total, and the next page asks for offset 50", async () => {
    const { root, listMerchantsPage } = await overview();
    const status = () => byTestId(root, "merchants-pager")?.querySelector("[role=status]")?.textContent;
    expect(status()).toBe("Showing 1\u201350 of 120");
    expect(byTestId<HTMLButtonElement>(root, "merchants-pager-prev")!.disabled).toBe(true);

    const next = byTestId<HTMLButtonElement>(root, "merchants-pager-next")!;
    next.focus();
    next.click();
    await settle();
    expect(listMerchantsPage).toHaveBeenLastCalledWith({ search: null, limit: 50, offset: 50 });
    expect(status()).toBe("Showing 51\u2013100 of 120");
    expect(ids(root, "merchant-row")[0]).toBe("51");
    // The pager is rebuilt; the keyboard stays on its Next button.
    expect(document.activeElement).toBe(byTestId(root, "merchants-pager-next"));

    byTestId<HTMLButtonElement>(root, "merchants-pager-next")!.click();
    await settle();
    expect(status()).toBe("Showing 101\u2013120 of 120");
    expect(byTestId<HTMLButtonElement>(root, "merchants-pager-next")!.disabled).toBe(true);
    // Next is spent at the last page: focus moves to Previous rather than being lost.
    expect(document.activeElement).toBe(byTestId(root, "merchants-pager-prev"));
  });

  it("searches in the backend after a pause in typing, from the first page", async () => {
    const { root, listMerchantsPage } = await overview(20);
    byTestId<HTMLButtonElement>(root, "merchants-pager-next")!.click();
    await settle();
    expect(listMerchantsPage).toHaveBeenLastCalledWith({ search: null, limit: 50, offset: 50 });

    const search = byTestId<HTMLInputElement>(root, "merchants-search")!;
    expect(search.getAttribute("data-shortcut")).toBe("search");
    expect(root.querySelector(`label[for="${search.id}"]`)?.textContent).toBe("Search merchants");
    search.value = "brav";
    search.dispatchEvent(new Event("input"));
    search.value = "bravo";
    search.dispatchEvent(new Event("input"));
    expect(listMerchantsPage).toHaveBeenCalledTimes(1); // not yet: typing has not paused
    await sleep(60);
    await settle();
    expect(listMerchantsPage).toHaveBeenCalledTimes(2); // once for the pause, not per keystroke
    expect(listMerchantsPage).toHaveBeenLastCalledWith({ search: "bravo", limit: 50, offset: 0 });
    expect(ids(root, "merchant-row")).toEqual(["1", "11", "21", "31", "41", "51", "61", "71", "81", "91", "101", "111"]);
    expect(byTestId(root, "merchants-pager")?.textContent).toContain("Showing 1\u201312 of 12");
  });

  it("searches at once on Enter", async () => {
    const { root, listMerchantsPage } = await overview(10_000);
    const search = byTestId<HTMLInputElement>(root, "merchants-search")!;
    search.value = "Shop 7";
    search.dispatchEvent(new Event("input"));
    search.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    await settle();
    expect(listMerchantsPage).toHaveBeenCalledTimes(1);
    expect(listMerchantsPage).toHaveBeenLastCalledWith({ search: "Shop 7", limit: 50, offset: 0 });
    expect(ids(root, "merchant-row")).toEqual(["7", "70", "71", "72", "73", "74", "75", "76", "77", "78", "79"]);
  });

  it("says so when the search matches nothing, and keeps the search box", async () => {
    const { root } = await overview(10_000);
    const search = byTestId<HTMLInputElement>(root, "merchants-search")!;
    search.value = "zzz";
    search.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
    await settle();
    expect(byTestId(root, "merchants-no-matches")?.textContent).toContain("No merchants match \u201czzz\u201d");
    expect(byTestId(root, "merchants-table")).toBeNull();
    expect(search.isConnected && !search.closest("[hidden]")).toBe(true);
    // The register is not empty: Record an authorization stays available.
    expect(byTestId<HTMLButtonElement>(root, "authorizations-grant")!.disabled).toBe(false);
  });

  it("keeps only the newest answer when searches overlap", async () => {
    const { root, listMerchantsPage } = await overview(10_000);
    const slow = merchantPages();
    listMerchantsPage.mockImplementationOnce(async (query) => {
      await sleep(30);
      return slow(query);
    });
    const search = byTestId<HTMLInputElement>(root, "merchants-search")!;
    search.value = "bravo";
    search.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
    search.value = "Shop 120";
    search.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
    await sleep(60);
    await settle();
    expect(ids(root, "merchant-row")).toEqual(["120"]);
  });

  it("pages authorizations, and a filter starts again from the first page", async () => {
    const { root, listAuthorizationsPage } = await overview();
    expect(byTestId(root, "authorizations-pager")?.querySelector("[role=status]")?.textContent).toBe("Showing 1\u201350 of 75");
    byTestId<HTMLButtonElement>(root, "authorizations-pager-next")!.click();
    await settle();
    expect(listAuthorizationsPage).toHaveBeenLastCalledWith({ merchant: null, platform: null, active: false, limit: 50, offset: 50 });
    expect(ids(root, "authorization-row")).toHaveLength(25);

    const platform = byTestId<HTMLSelectElement>(root, "authorizations-platform-filter")!;
    platform.value = "google";
    platform.dispatchEvent(new Event("change"));
    await settle();
    expect(listAuthorizationsPage).toHaveBeenLastCalledWith({ merchant: null, platform: "google", active: false, limit: 50, offset: 0 });
    expect(byTestId(root, "authorizations-pager")?.querySelector("[role=status]")?.textContent).toBe("Showing 1\u201338 of 38");
  });

  it("filters authorizations by one merchant on Enter, and shows the backend's refusal", async () => {
    const { root, listAuthorizationsPage } = await overview();
    const merchant = byTestId<HTMLInputElement>(root, "authorizations-merchant-filter")!;
    expect(root.querySelector('label[for="authorizations-merchant-filter"]')?.textContent).toBe("Merchant");
    merchant.value = "Shop 3";
    merchant.dispatchEvent(new Event("input"));
    expect(listAuthorizationsPage).not.toHaveBeenCalled();
    merchant.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
    await settle();
    expect(listAuthorizationsPage).toHaveBeenLastCalledWith({ merchant: "Shop 3", platform: null, active: false, limit: 50, offset: 0 });

    merchant.value = "nobody";
    merchant.dispatchEvent(new Event("change"));
    await settle();
    expect(byTestId(root, "authorizations-error")?.textContent).toContain("No merchant matches 'nobody'");
    expect(byTestId(root, "authorizations-pager")).toBeNull();

    merchant.value = "";
    merchant.dispatchEvent(new Event("input"));
    await settle();
    expect(listAuthorizationsPage).toHaveBeenLastCalledWith({ merchant: null, platform: null, active: false, limit: 50, offset: 0 });
    expect(ids(root, "authorization-row")).toHaveLength(50);
  });

  it("reloads the pages shown after an import that changed something", async () => {
    const listMerchantsPage = merchantPages();
    const listAuthorizationsPage = authorizationPages();
    const importRegister = vi.fn(async () => ({ what: "merchants", file: "m.csv", format: "csv" as const, rows: 1, added: 1, updated: 0, unchanged: 0 }));
    const second = await listMerchantsPage({ search: null, limit: 50, offset: 50 });
    const root = renderMerchants({ merchants: second, authorizations: [], platforms: PLATFORMS }, fakeApi({ importRegister, listMerchantsPage, listAuthorizationsPage }), "2026-06-15");
    byTestId<HTMLButtonElement>(root, "merchants-import")!.click();
    await settle();
    expect(importRegister).toHaveBeenCalledWith("merchants");
    expect(listMerchantsPage).toHaveBeenLastCalledWith({ search: null, limit: 50, offset: 50 });
    expect(listAuthorizationsPage).toHaveBeenLastCalledWith({ merchant: null, platform: null, active: false, limit: 50, offset: 0 });
    expect(ids(root, "authorization-row")).toHaveLength(50);
  });
});
