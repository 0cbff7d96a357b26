/** Fixtures for the register screens: a backend whose register commands answer nothing yet. */
import type { AuthorizationDetail, AuthorizationRow, Merchant, MerchantDetail, Platform, Processor, ProcessorRecord, RegistersApi, RetentionItem, Scope } from "../src/api";

/** The register commands of `fakeApi`: empty lists, and "not in this test" for the rest. */
export function fakeRegistersApi(): RegistersApi {
  const no = async () => Promise.reject("not in this test");
  return {
    getProcessor: no,
    checkProcessor: async () => [],
    saveProcessor: no,
    retireProcessor: no,
    getMerchant: no,
    checkMerchant: async () => [],
    saveMerchant: no,
    getAuthorization: no,
    checkAuthorization: async () => [],
    grantAuthorization: no,
    revokeAuthorization: no,
    listScopes: async () => [],
    retentionItems: async () => [],
    retentionItemsPage: async (limit, offset) => ({ total: 0, offset, limit, rows: [] }),
    recordRetention: no,
    importRegister: async () => null,
    exportRegister: async () => null,
  };
}

export function processorRow(overrides: Partial<Processor> = {}): Processor {
  return { id: 1, name: "Lotus Cloud Hosting Ltd", service: "hosting", country: "SG", confidentiality: "dpa", next_review: "2027-01-15", status: "active", ...overrides };
}

export function processorRecord(overrides: Partial<ProcessorRecord> = {}): ProcessorRecord {
  return {
    id: 1,
    name: "Lotus Cloud Hosting Ltd",
    service: "hosting",
    purpose: "Hosting the TrackTrack service",
    data_categories: ["merchant contact details", "order data"],
    country: "SG",
    transfer_mechanism: null,
    confidentiality: "dpa",
    confidentiality_date: "2026-01-15",
    contract_start: null,
    contract_end: null,
    next_review: "2027-01-15",
    status: "active",
    notes: null,
    created_at: "2026-06-01T00:00:00Z",
    updated_at: "2026-06-01T00:00:00Z",
    ...overrides,
  };
}

export function merchantRow(overrides: Partial<Merchant> = {}): Merchant {
  return { id: 1, name: "Shop A", shop_domain: "a.myshopify.com", contact_email: "owner@a.example", status: "active", active_authorizations: 1, ...overrides };
}

export function authorizationRow(overrides: Partial<AuthorizationRow> = {}): AuthorizationRow {
  return {
    id: 1,
    merchant: "Shop A",
    merchant_id: 1,
    platform: "google",
    scopes: ["https://www.googleapis.com/auth/analytics.readonly"],
    purpose: "analytics",
    granted_at: "2026-01-01",
    granted_by: "officer",
    revoked_at: null,
    revoke_channel: null,
    status: "active",
    flags: [],
    ...overrides,
  };
}

export const PLATFORMS: Platform[] = [
  { code: "google", name: "Google", category: "advertising_and_analytics", scopes: 12 },
  { code: "meta", name: "Meta", category: "advertising_and_analytics", scopes: 11 },
  { code: "shopify", name: "Shopify", category: "commerce", scopes: 5 },
];

export function scope(overrides: Partial<Scope> = {}): Scope {
  return {
    platform: "google",
    scope: "https://www.googleapis.com/auth/analytics.readonly",
    description: "See Google Analytics data",
    sensitivity: "sensitive",
    purposes: ["analytics", "reporting"],
    source: "Google OAuth 2.0 Scopes",
    confirmed: true,
    ...overrides,
  };
}

/** A Google authorization with one catalogued sensitive scope, one restricted, one uncatalogued, and their flags. */
export function authorizationDetail(overrides: Partial<AuthorizationDetail> = {}): AuthorizationDetail {
  return {
    id: 7,
    merchant: "Shop A",
    merchant_id: 1,
    platform: "google",
    scopes: ["https://mail.google.com/", "https://www.googleapis.com/auth/analytics.readonly", "x.custom"],
    purpose: "analytics",
    granted_at: "2026-01-01",
    granted_by: "officer",
    revoked_at: null,
    revoked_by: null,
    revoke_channel: null,
    revoke_reason: null,
    revoke_request_id: null,
    status: "active",
    scope_details: [
      { scope: "https://mail.google.com/", catalogued: true, sensitivity: "restricted", purposes: ["merchant_operation_support"], description: "Read, compose and send e-mail" },
      { scope: "https://www.googleapis.com/auth/analytics.readonly", catalogued: true, sensitivity: "sensitive", purposes: ["analytics", "reporting"], description: "See Google Analytics data" },
      { scope: "x.custom", catalogued: false, sensitivity: null, purposes: [], description: null },
    ],
    flags: [
      { kind: "uncatalogued", scope: "x.custom", message: "x.custom is not in the google scope catalog; add it to the catalog" },
      { kind: "purpose_not_permitted", scope: "https://mail.google.com/", message: "https://mail.google.com/ may serve merchant_operation_support under the catalog, not 'analytics' (policy §4)" },
      { kind: "no_security_assessment", scope: "https://mail.google.com/", message: "https://mail.google.com/ is a restricted Google scope and no security assessment is recorded" },
    ],
    ...overrides,
  };
}

export function merchantDetail(authorizations: AuthorizationDetail[] = [authorizationDetail()]): MerchantDetail {
  return {
    merchant: { id: 1, name: "Shop A", shop_domain: "a.myshopify.com", contact_email: "owner@a.example", contract_start: "2025-01-01", contract_end: null, status: "active", notes: null, created_at: "2025-01-01T00:00:00Z" },
    authorizations,
  };
}

export function retentionItem(overrides: Partial<RetentionItem> = {}): RetentionItem {
  return {
    key: "authorization:3:authorized_platform_data",
    subject: "authorization",
    subject_id: 3,
    subject_label: "Shop A · google authorization 3",
    data_category: "authorized_platform_data",
    description: "Data fetched from a merchant's platform accounts",
    trigger: "authorization_revoked",
    action: "delete",
    period_days: 30,
    event_date: "2026-05-01",
    due_on: "2026-05-31",
    status: "due",
    days_overdue: 5,
    done: null,
    ...overrides,
  };
}
