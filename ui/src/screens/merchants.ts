/** Merchants & authorizations: who granted which platform scopes, and the scope catalog's platforms. */
import type { Api, Authorization, Merchant, Platform } from "../api";
import { h } from "../h";
import { badge, dataTable, instant, optional, screenTitle } from "../view";

export interface MerchantsData {
  merchants: Merchant[];
  authorizations: Authorization[];
  platforms: Platform[];
}

export function renderMerchants({ merchants, authorizations, platforms }: MerchantsData): HTMLElement {
  return h(
    "div",
    { class: "screen", "data-testid": "merchants" },
    screenTitle(
      "Merchants & authorizations",
      "Merchant data is accessed only after OAuth authorization, limited to the approved scopes, and revocable at any time.",
    ),
    dataTable({
      caption: "Merchants",
      testid: "merchants-table",
      rows: merchants,
      empty:
        "No merchants recorded yet. Each merchant that connects a platform is listed here with its active authorizations; record a merchant before logging its first authorization.",
      columns: [
        { header: "Merchant", cell: (m) => m.name },
        { header: "Shop domain", cell: (m) => optional(m.shop_domain) },
        { header: "Contact", cell: (m) => optional(m.contact_email) },
        { header: "Status", cell: (m) => badge(m.status) },
        { header: "Active authorizations", cell: (m) => String(m.active_authorizations), numeric: true },
      ],
    }),
    dataTable({
      caption: "Authorizations",
      testid: "authorizations-table",
      rows: authorizations,
      empty:
        "No authorizations recorded yet. Every OAuth grant a merchant approves is logged here with its scopes, purpose and grant date, and stays on record after it is revoked.",
      columns: [
        { header: "Merchant", cell: (a) => a.merchant },
        { header: "Platform", cell: (a) => a.platform },
        {
          header: "Scopes",
          cell: (a) =>
            a.scopes.length === 0
              ? h("span", { class: "none" }, "none")
              : h("ul", { class: "scopes" }, a.scopes.map((s) => h("li", null, h("code", null, s)))),
        },
        { header: "Purpose", cell: (a) => a.purpose },
        { header: "Granted", cell: (a) => instant(a.granted_at) },
        { header: "Revoked", cell: (a) => (a.revoked_at ? instant(a.revoked_at) : badge("active")) },
      ],
    }),
    dataTable({
      caption: "Platforms in the scope catalog",
      testid: "platforms-table",
      rows: platforms,
      empty:
        "The scope catalog is empty. It classifies each platform's OAuth scopes and the purposes they may serve; initialise the register to load the default catalog.",
      columns: [
        { header: "Code", cell: (p) => h("code", null, p.code) },
        { header: "Platform", cell: (p) => p.name },
        { header: "Category", cell: (p) => p.category },
        { header: "Scopes", cell: (p) => String(p.scopes), numeric: true },
      ],
    }),
  );
}

export async function merchantsScreen(api: Api): Promise<HTMLElement> {
  const [merchants, authorizations, platforms] = await Promise.all([
    api.listMerchants(),
    api.listAuthorizations(),
    api.listPlatforms(),
  ]);
  return renderMerchants({ merchants, authorizations, platforms });
}
