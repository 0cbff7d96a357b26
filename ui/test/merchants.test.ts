import { afterEach, describe, expect, it, vi } from "vitest";
import type { AuthorizationInput, AuthorizationQuery, MerchantQuery, Paged, Revocation } from "../src/api";
import { grantInput, splitScopes } from "../src/screens/merchant-forms";
import { checkRevocation, flagBadges, grantedMessage, renderAuthorization, renderMerchantPage, revocationFrom } from "../src/screens/merchant-page";
import { merchantsScreen, renderMerchants } from "../src/screens/merchants";
import { filterScopes, renderScopeCatalog, scopeName, sensitivityTone } from "../src/screens/scope-catalog";
import { fakeApi, settle } from "./fixtures";
import { authorizationDetail, authorizationRow, merchantDetail, merchantRow, PLATFORMS, scope } from "./registers-fixtures";

const byTestId = <E extends HTMLElement = HTMLElement>(root: ParentNode, id: string) => root.querySelector<E>(`[data-testid="${id}"]`);
const all = (root: ParentNode, id: string) => [...root.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

function type(el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, value: string, leave = false) {
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
  if (leave) el.dispatchEvent(new Event("change", { bubbles: true }));
}

afterEach(() => {
  document.body.replaceChildren();
  vi.useRealTimers();
});

describe("merchant page", () => {
  it("shows each granted scope's sensitivity as a badge, and a scope missing from the catalog", () => {
    const root = renderMerchantPage(merchantDetail(), PLATFORMS, fakeApi(), "2026-06-15");
    expect(byTestId(root, "merchant-name")?.textContent).toBe("Shop A");
    const rows = all(root, "granted-scope");
    const badges = rows.map((r) => {
      const b = byTestId(r, "scope-sensitivity")!;
      return [r.getAttribute("data-scope"), b.textContent, b.getAttribute("data-sensitivity"), b.className];
    });
    expect(badges).toEqual([
      ["https://mail.google.com/", "restricted", "restricted", "badge sensitivity sensitivity-high"],
      ["https://www.googleapis.com/auth/analytics.readonly", "sensitive", "sensitive", "badge sensitivity sensitivity-elevated"],
      ["x.custom", "not in catalog", "uncatalogued", "badge sensitivity sensitivity-unknown"],
    ]);
    expect(rows[1]!.textContent).toContain("analytics");
    expect(rows[2]!.getAttribute("data-catalogued")).toBe("false");
    expect(root.querySelector("caption")?.textContent).toBe("Scopes granted (3)");
  });

  it("lists the flags: uncatalogued, purpose not permitted, no security assessment", () => {
    const root = renderMerchantPage(merchantDetail(), PLATFORMS, fakeApi(), "2026-06-15");
    const flags = all(root, "authorization-flag");
    expect(flags.map((f) => f.getAttribute("data-kind"))).toEqual(["uncatalogued", "purpose_not_permitted", "no_security_assessment"]);
    expect(flags.map((f) => byTestId(f, "flag-badge")?.textContent)).toEqual(["Not in the catalog", "Purpose not permitted", "No security assessment"]);
    expect(flags[2]!.textContent).toContain("no security assessment is recorded");
    expect(byTestId(root, "authorization-flags")?.getAttribute("aria-label")).toBe("Flags on authorization 7");
  });

  it("shows the grant, and for a revoked authorization when, by whom, how, why and the request", () => {
    const revoked = renderAuthorization(
      authorizationDetail({ status: "revoked", revoked_at: "2026-06-01", revoked_by: "dpo", revoke_channel: "email_request", revoke_reason: "Merchant asked", revoke_request_id: 12, flags: [] }),
      "Google",
      () => undefined,
    );
    expect(revoked.getAttribute("data-status")).toBe("revoked");
    expect(byTestId(revoked, "authorization-revoke")).toBeNull();
    expect(byTestId(revoked, "authorization-revoked")?.textContent).toBe("1 Jun 2026 by dpo (by e-mail request)");
    expect(revoked.textContent).toContain("Merchant asked");
    expect(revoked.querySelector('a[href="#/requests/12"]')?.textContent).toBe("rights request 12");
    expect(revoked.textContent).toContain("1 Jan 2026 by officer");
    expect(byTestId(revoked, "authorization-flags")).toBeNull();
  });

  it("explains an empty list of authorizations", () => {
    const root = renderMerchantPage(merchantDetail([]), PLATFORMS, fakeApi(), "2026-06-15");
    expect(byTestId(root, "merchant-authorizations-empty")?.textContent).toMatch(/No authorizations recorded for Shop A yet/);
    document.body.appendChild(root);
    const record = byTestId<HTMLButtonElement>(root, "merchant-empty-grant")!;
    expect(record.textContent).toBe("Record an authorization\u2026");
    record.click();
    expect(byTestId<HTMLSelectElement>(root, "authorization-field-merchant")?.value).toBe("1");
  });

  it("is what #/merchants/<id> shows", async () => {
    const getMerchant = vi.fn(async () => merchantDetail());
    const root = await merchantsScreen(fakeApi({ getMerchant, listPlatforms: async () => PLATFORMS }), { path: ["1"] });
    expect(getMerchant).toHaveBeenCalledWith(1);
    expect(root.getAttribute("data-testid")).toBe("merchant-page");
    expect(root.getAttribute("data-id")).toBe("1");
    expect(root.querySelector("h3")?.textContent).toBe("Google authorization 7");
  });
});

describe("scope names and flags", () => {
  it("lets a long scope wrap at its parts without changing its text", () => {
    const el = scopeName("https://www.googleapis.com/auth/analytics.readonly");
    expect(el.textContent).toBe("https://www.googleapis.com/auth/analytics.readonly");
    expect(el.querySelectorAll("wbr").length).toBeGreaterThan(3);
    expect(scopeName("ads_read").querySelector("wbr")).toBeNull();
  });

  it("shows one badge per kind of flag, with how many", () => {
    const badges = flagBadges(authorizationDetail().flags.concat({ kind: "uncatalogued", scope: "y", message: "y is not in the catalog" }));
    expect(badges.map((b) => [b.getAttribute("data-kind"), b.textContent])).toEqual([
      ["uncatalogued", "Not in the catalog (2)"],
      ["purpose_not_permitted", "Purpose not permitted"],
      ["no_security_assessment", "No security assessment"],
    ]);
  });
});

describe("revoke", () => {
  it("turns the form's values into the revocation the backend reads", () => {
    expect(revocationFrom({ reason: "  Merchant asked  ", channel: "email_request", request: "12", revoked_on: "2026-06-01" })).toEqual({
      reason: "Merchant asked",
      channel: "email_request",
      request: 12,
      revoked_on: "2026-06-01",
    });
    expect(revocationFrom({ reason: "Contract over", channel: "", request: "", revoked_on: "" })).toEqual({ reason: "Contract over", channel: null, request: null, revoked_on: null });
    expect(checkRevocation({ reason: " ", request: "abc" }).map((e) => e.field)).toEqual(["reason", "request"]);
    expect(checkRevocation({ reason: "x", request: "3" })).toEqual([]);
  });

  it("requires a reason, then sends the right object and shows the result", async () => {
    const calls: Array<[number, Revocation]> = [];
    let detail = merchantDetail();
    const api = fakeApi({
      revokeAuthorization: async (id, revocation) => {
        calls.push([id, revocation]);
        const revoked = authorizationDetail({ status: "revoked", revoked_at: "2026-06-10", revoked_by: "officer", revoke_channel: "email_request", revoke_reason: revocation.reason, revoke_request_id: 12, flags: [] });
        detail = merchantDetail([revoked]);
        return revoked;
      },
      getMerchant: async () => detail,
    });
    const root = renderMerchantPage(detail, PLATFORMS, api, "2026-06-15");
    document.body.appendChild(root);
    byTestId(root, "authorization-revoke")!.click();
    const form = byTestId<HTMLFormElement>(root, "revoke-form")!;
    expect(form.querySelector("h2")?.textContent).toBe("Revoke Shop A's Google authorization");
    expect(document.activeElement).toBe(byTestId(form, "revoke-field-reason"));

    byTestId(form, "revoke-save")!.click();
    await settle();
    expect(calls).toEqual([]);
    expect(byTestId(form, "revoke-field-error-reason")?.textContent).toBe("Reason is required: say why access is withdrawn.");
    expect(byTestId<HTMLButtonElement>(form, "revoke-save")!.disabled).toBe(true);

    type(byTestId<HTMLTextAreaElement>(form, "revoke-field-reason")!, "Merchant asked by e-mail", true);
    type(byTestId<HTMLSelectElement>(form, "revoke-field-channel")!, "email_request", true);
    type(byTestId<HTMLInputElement>(form, "revoke-field-request")!, "12", true);
    type(byTestId<HTMLInputElement>(form, "revoke-field-revoked_on")!, "2026-06-10", true);
    await settle();
    expect(byTestId(form, "revoke-field-error-reason")).toBeNull();
    expect(form.querySelector('label[for="revoke-field-channel"]')?.textContent).toBe("How it was revoked");
    byTestId(form, "revoke-save")!.click();
    await settle();
    expect(calls).toEqual([[7, { reason: "Merchant asked by e-mail", channel: "email_request", request: 12, revoked_on: "2026-06-10" }]]);
    expect(byTestId(root, "revoke-dialog")).toBeNull();
    expect(byTestId(root, "merchant-message")?.textContent).toBe("Revoked Google authorization 7 on 10 Jun 2026.");
    expect(byTestId(root, "authorization")?.getAttribute("data-status")).toBe("revoked");
  });

  it("shows the backend's refusal in the revoke form", async () => {
    const root = renderMerchantPage(merchantDetail(), PLATFORMS, fakeApi({ revokeAuthorization: async () => Promise.reject("revoke authorization 7: revoke_request_id: rights request 99 does not exist") }), "2026-06-15");
    document.body.appendChild(root);
    byTestId(root, "authorization-revoke")!.click();
    type(byTestId<HTMLTextAreaElement>(root, "revoke-field-reason")!, "asked");
    byTestId(root, "revoke-save")!.click();
    await settle();
    expect(byTestId(root, "revoke-form-error")?.textContent).toContain("rights request 99 does not exist");
  });
});

describe("grant", () => {
  it("reads ticked and typed scopes once each", () => {
    expect(splitScopes(" a, b;c  d ")).toEqual(["a", "b", "c", "d"]);
    expect(grantInput({ merchant: "1", platform: "google", scopes: "a b", purpose: "analytics", granted_at: "" })).toEqual({ merchant: "1", platform: "google", scopes: "a b", purpose: "analytics", granted_at: "" });
    expect(grantedMessage(3, "Google", ["x.custom"])).toBe("Granted Google authorization 3. Not in the catalog, kept and flagged: x.custom.");
  });

  it("offers the chosen platform's scopes with their sensitivity, checks inline, and grants", async () => {
    const checks: AuthorizationInput[] = [];
    const grants: AuthorizationInput[] = [];
    const listScopes = vi.fn(async (platform: string | null) => [
      scope({ platform: platform ?? "", scope: "https://www.googleapis.com/auth/analytics.readonly" }),
      scope({ platform: platform ?? "", scope: "https://www.googleapis.com/auth/adwords", sensitivity: "non_sensitive" }),
    ]);
    let detail = merchantDetail([]);
    const api = fakeApi({
      listScopes,
      checkAuthorization: async (input) => {
        checks.push(input);
        return input.scopes === "" ? [{ field: "scopes", message: "is required: the scopes the merchant approved, separated by ';'" }] : [];
      },
      grantAuthorization: async (input) => {
        grants.push(input);
        detail = merchantDetail([authorizationDetail()]);
        return { id: 7, uncatalogued: ["x.custom"] };
      },
      getMerchant: async () => detail,
    });
    const root = renderMerchantPage(detail, PLATFORMS, api, "2026-06-15");
    document.body.appendChild(root);
    byTestId(root, "merchant-grant")!.click();
    const form = byTestId<HTMLFormElement>(root, "authorization-form")!;
    const merchant = byTestId<HTMLSelectElement>(form, "authorization-field-merchant")!;
    expect(merchant.value).toBe("1");
    expect([...merchant.options].map((o) => o.textContent)).toEqual(["Shop A"]);
    expect(byTestId(form, "authorization-scope-list")?.textContent).toContain("Choose a platform");

    type(byTestId<HTMLSelectElement>(form, "authorization-field-platform")!, "google", true);
    await settle();
    expect(listScopes).toHaveBeenCalledWith("google");
    const boxes = all(form, "authorization-scope") as HTMLInputElement[];
    expect(boxes.map((b) => b.getAttribute("data-scope"))).toEqual(["https://www.googleapis.com/auth/analytics.readonly", "https://www.googleapis.com/auth/adwords"]);
    expect(all(form, "scope-sensitivity").map((b) => b.textContent)).toEqual(["sensitive", "non sensitive"]);
    expect(form.querySelector(`label[for="${boxes[0]!.id}"]`)?.textContent).toContain("analytics.readonly");

    // Leaving the scopes untouched: the problem shows once Save is pressed, under the scopes.
    byTestId(form, "authorization-save")!.click();
    await settle();
    expect(byTestId(form, "authorization-field-error-scopes")?.textContent).toBe("Scopes is required: the scopes the merchant approved, separated by ';'.");
    expect(byTestId(form, "authorization-field-scopes")?.getAttribute("aria-invalid")).toBe("true");
    expect(grants).toEqual([]);

    boxes[0]!.checked = true;
    boxes[0]!.dispatchEvent(new Event("change", { bubbles: true }));
    type(byTestId<HTMLInputElement>(form, "authorization-field-scopes-other")!, "x.custom, https://www.googleapis.com/auth/analytics.readonly", true);
    type(byTestId<HTMLSelectElement>(form, "authorization-field-purpose")!, "analytics", true);
    type(byTestId<HTMLInputElement>(form, "authorization-field-granted_at")!, "2026-06-01", true);
    await settle();
    expect(byTestId(form, "authorization-field-error-scopes")).toBeNull();
    byTestId(form, "authorization-save")!.click();
    await settle();
    expect(grants).toEqual([{ merchant: "1", platform: "google", scopes: "https://www.googleapis.com/auth/analytics.readonly x.custom", purpose: "analytics", granted_at: "2026-06-01" }]);
    expect(checks[checks.length - 1]).toEqual(grants[0]);
    expect(byTestId(root, "merchant-message")?.textContent).toBe("Granted Google authorization 7. Not in the catalog, kept and flagged: x.custom.");
    expect(all(root, "authorization")).toHaveLength(1);
  });
});

describe("merchants overview", () => {
  const page = <T,>(rows: T[], total = rows.length, offset = 0): Paged<T> => ({ total, offset, limit: 50, rows });
  const data = () => ({
    merchants: page([merchantRow({ id: 1, name: "Shop A" }), merchantRow({ id: 2, name: "bravo store", shop_domain: "bravo.example", contact_email: null, active_authorizations: 0 })]),
    authorizations: page([
      authorizationRow({ id: 1, merchant: "Shop A", platform: "google" }),
      authorizationRow({ id: 2, merchant: "Shop A", platform: "meta", scopes: ["ads_read"], revoked_at: "2026-05-01", status: "revoked" }),
      authorizationRow({ id: 3, merchant: "bravo store", merchant_id: 2, platform: "meta", scopes: ["ads_read"], flags: [{ kind: "uncatalogued", scope: "ads_read", message: "not in the catalog" }] }),
    ]),
    platforms: PLATFORMS,
  });
  const ids = (root: ParentNode, testid: string) => all(root, testid).map((r) => r.getAttribute("data-id"));

  it("asks the backend to filter authorizations by platform and active only, from the first page", async () => {
    const listAuthorizationsPage = vi.fn(async (query: AuthorizationQuery) => page(data().authorizations.rows.filter((a) => (!query.platform || a.platform === query.platform) && (!query.active || a.revoked_at === null)), 2, query.offset));
    const root = renderMerchants(data(), fakeApi({ listAuthorizationsPage }), "2026-06-15");
    const platform = byTestId<HTMLSelectElement>(root, "authorizations-platform-filter")!;
    expect([...platform.options].map((o) => o.textContent)).toEqual(["All platforms", "Google", "Meta", "Shopify"]);
    platform.value = "meta";
    platform.dispatchEvent(new Event("change"));
    await settle();
    expect(listAuthorizationsPage).toHaveBeenLastCalledWith({ merchant: null, platform: "meta", active: false, limit: 50, offset: 0 });
    expect(ids(root, "authorization-row")).toEqual(["2", "3"]);
    const active = byTestId<HTMLInputElement>(root, "authorizations-active-filter")!;
    active.checked = true;
    active.dispatchEvent(new Event("change"));
    await settle();
    expect(listAuthorizationsPage).toHaveBeenLastCalledWith({ merchant: null, platform: "meta", active: true, limit: 50, offset: 0 });
    expect(ids(root, "authorization-row")).toEqual(["3"]);
    expect(root.querySelector('label[for="authorizations-active-filter"]')?.textContent).toBe("Active only");
    expect(byTestId(root, "authorizations-table")?.querySelector("caption")?.textContent).toBe("Authorizations");
    expect(all(root, "flag-badge").map((b) => b.getAttribute("data-kind"))).toEqual(["uncatalogued"]);
  });

  it("shows one page of merchants in the backend's order, each linking to its page, with no misleading sort", () => {
    const root = renderMerchants(data(), fakeApi(), "2026-06-15");
    expect(all(root, "merchant-link").map((a) => a.getAttribute("href"))).toEqual(["#/merchants/1", "#/merchants/2"]);
    expect(ids(root, "merchant-row")).toEqual(["1", "2"]);
    expect(root.querySelector("th button")).toBeNull();
    expect([...root.querySelectorAll('[data-testid="merchants-table"] th')].every((th) => th.getAttribute("scope") === "col")).toBe(true);
    expect(byTestId(root, "merchants-pager")?.textContent).toContain("Showing 1\u20132 of 2");
  });

  it("links each platform to its scope catalog, and offers spreadsheets for both registers", () => {
    const root = renderMerchants(data(), fakeApi(), "2026-06-15");
    expect(root.querySelector('[data-testid="platform-row"][data-code="meta"] a')?.getAttribute("href")).toBe("#/merchants/catalog/meta");
    for (const id of ["merchants-import", "merchants-export-csv", "merchants-export-xlsx", "authorizations-import", "authorizations-export-csv", "authorizations-export-xlsx"]) {
      expect(byTestId(root, id), id).not.toBeNull();
    }
    expect(root.querySelector('nav a[aria-current="page"]')?.textContent).toBe("Merchants & authorizations");
  });

  it("adds a merchant with inline validation; Save carries the save shortcut", async () => {
    const saveMerchant = vi.fn(async () => ({ ...merchantDetail([]), merchant: { ...merchantDetail([]).merchant, id: 5, name: "Charlie" } }));
    const listMerchantsPage = vi.fn(async (query: MerchantQuery) => page(data().merchants.rows, 2, query.offset));
    const root = renderMerchants(
      data(),
      fakeApi({ checkMerchant: async (_id, input) => (input.contact_email === "nope" ? [{ field: "contact_email", message: "'nope' is not an e-mail address" }] : []), saveMerchant, listMerchantsPage }),
      "2026-06-15",
    );
    document.body.appendChild(root);
    byTestId(root, "merchants-add")!.click();
    const form = byTestId(root, "merchant-form")!;
    expect(byTestId(form, "merchant-save")?.getAttribute("data-shortcut")).toBe("save");
    type(byTestId<HTMLInputElement>(form, "merchant-field-contact_email")!, "nope", true);
    await settle();
    expect(byTestId(form, "merchant-field-error-contact_email")?.textContent).toBe("'nope' is not an e-mail address.");
    type(byTestId<HTMLInputElement>(form, "merchant-field-name")!, "Charlie");
    type(byTestId<HTMLInputElement>(form, "merchant-field-contact_email")!, "c@example.com", true);
    await settle();
    byTestId(form, "merchant-save")!.click();
    await settle();
    expect(saveMerchant).toHaveBeenCalledWith(null, expect.objectContaining({ name: "Charlie", contact_email: "c@example.com" }));
    expect(listMerchantsPage).toHaveBeenCalledWith({ search: null, limit: 50, offset: 0 });
    expect(byTestId(root, "merchant-added-link")?.getAttribute("href")).toBe("#/merchants/5");
    expect(byTestId(root, "merchants-message")?.textContent).toBe("Added Charlie. Open its page to record its authorizations.");
  });

  it("records an authorization from the overview: the merchant is typed, with suggestions from the backend", async () => {
    const listMerchantsPage = vi.fn(async (query: MerchantQuery) => page(query.search === "bra" ? [data().merchants.rows[1]!] : data().merchants.rows, 2, query.offset));
    const root = renderMerchants(data(), fakeApi({ listMerchantsPage }), "2026-06-15");
    document.body.appendChild(root);
    byTestId(root, "authorizations-grant")!.click();
    const form = byTestId(root, "authorization-form")!;
    expect(byTestId(form, "authorization-save")?.getAttribute("data-shortcut")).toBe("save");
    const merchant = byTestId<HTMLInputElement>(form, "authorization-field-merchant")!;
    expect(merchant.tagName).toBe("INPUT");
    expect(merchant.getAttribute("list")).toBe("authorization-merchant-suggestions");
    type(merchant, "bra");
    await new Promise((resolve) => setTimeout(resolve, 300));
    await settle();
    expect(listMerchantsPage).toHaveBeenCalledWith({ search: "bra", limit: 10, offset: 0 });
    expect([...form.querySelectorAll("#authorization-merchant-suggestions option")].map((o) => o.getAttribute("value"))).toEqual(["bravo store"]);
  });

  it("cannot record an authorization before a merchant exists, and says what each register holds", () => {
    const root = renderMerchants({ merchants: page([]), authorizations: page([]), platforms: PLATFORMS }, fakeApi(), "2026-06-15");
    expect(byTestId<HTMLButtonElement>(root, "authorizations-grant")!.disabled).toBe(true);
    expect(byTestId(root, "merchants-empty-add")?.textContent).toBe("Add a merchant\u2026");
    expect(byTestId(root, "merchants-empty-import")?.textContent).toBe("Import the merchants spreadsheet\u2026");
    expect(byTestId(root, "merchants-table-empty")?.textContent).toMatch(/shop domain, contact, contract dates/);
    expect(byTestId(root, "authorizations-table-empty")?.textContent).toMatch(/which merchant authorised us on which platform, with exactly which scopes/);
    expect(byTestId(root, "authorizations-table-empty")?.textContent).toMatch(/stays on record after it is revoked/);
    expect(byTestId(root, "authorizations-empty-grant")).toBeNull();
    expect(byTestId(root, "authorizations-empty-needs-merchant")?.textContent).toMatch(/Add a merchant first/);
    expect(byTestId(root, "merchants-search")?.closest("[hidden]")).not.toBeNull();
    expect(byTestId(root, "merchants-pager")).toBeNull();
  });

  it("offers to record the first authorization once merchants exist", () => {
    const root = renderMerchants({ merchants: data().merchants, authorizations: page([]), platforms: PLATFORMS }, fakeApi(), "2026-06-15");
    document.body.appendChild(root);
    const button = byTestId<HTMLButtonElement>(root, "authorizations-empty-grant")!;
    expect(button.textContent).toBe("Record an authorization\u2026");
    expect(byTestId(root, "authorizations-empty-import")?.textContent).toBe("Import the authorizations spreadsheet\u2026");
    button.click();
    expect(byTestId(root, "authorization-dialog")).not.toBeNull();
  });
});

describe("scope catalog", () => {
  const scopes = [
    scope({ platform: "google", scope: "https://mail.google.com/", sensitivity: "restricted", purposes: ["merchant_operation_support"], confirmed: false }),
    scope({ platform: "google", scope: "openid", sensitivity: "non_sensitive" }),
    scope({ platform: "meta", scope: "ads_read", sensitivity: "advanced_access", purposes: ["advertising_performance_review"] }),
  ];

  it("classifies sensitivity into tones", () => {
    expect(["restricted", "sensitive", "advanced_access", "protected_customer_data", "non_sensitive", "standard"].map(sensitivityTone)).toEqual(["high", "elevated", "elevated", "elevated", "standard", "standard"]);
    expect(sensitivityTone(null)).toBe("unknown");
    expect(filterScopes(scopes, { platform: "google", search: "mail", sort: null }).map((s) => s.scope)).toEqual(["https://mail.google.com/"]);
  });

  it("shows one platform's scopes with sensitivity, purposes and whether confirmed", () => {
    const root = renderScopeCatalog(PLATFORMS, scopes, "google");
    const picker = byTestId<HTMLSelectElement>(root, "scope-catalog-platform")!;
    expect(picker.value).toBe("google");
    const rows = all(root, "scope-row");
    expect(rows.map((r) => r.getAttribute("data-scope"))).toEqual(["https://mail.google.com/", "openid"]);
    expect(byTestId(rows[0]!, "scope-sensitivity")?.textContent).toBe("restricted");
    expect(byTestId(rows[0]!, "scope-confirmed")?.textContent).toBe("Not confirmed");
    expect(byTestId(rows[1]!, "scope-confirmed")?.getAttribute("data-confirmed")).toBe("true");
    expect(rows[0]!.textContent).toContain("merchant operation support");
    expect(root.querySelector("caption")?.textContent).toBe("Scope catalog: Google");
    picker.value = "";
    picker.dispatchEvent(new Event("change"));
    expect(all(root, "scope-row")).toHaveLength(3);
    root.querySelector<HTMLButtonElement>('th button[data-sort-key="sensitivity"]')!.click();
    expect(all(root, "scope-row").map((r) => r.getAttribute("data-scope"))).toEqual(["https://mail.google.com/", "ads_read", "openid"]);
  });

  it("is what #/merchants/catalog/<platform> shows, and explains an empty catalog", async () => {
    const listScopes = vi.fn(async () => scopes);
    const root = await merchantsScreen(fakeApi({ listScopes, listPlatforms: async () => PLATFORMS }), { path: ["catalog", "meta"] });
    expect(listScopes).toHaveBeenCalledWith(null);
    expect(all(root, "scope-row").map((r) => r.getAttribute("data-scope"))).toEqual(["ads_read"]);
    expect(root.querySelector('nav a[aria-current="page"]')?.textContent).toBe("Scope catalog");
    expect(byTestId(renderScopeCatalog(PLATFORMS, []), "scope-catalog-empty")?.textContent).toMatch(/The scope catalog is empty/);
  });
});
