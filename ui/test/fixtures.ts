import type { Api, Dashboard, PolicySummary, PolicyVersion } from "../src/api";
import { fakeRegistersApi } from "./registers-fixtures";
import { fakeReportsApi } from "./reports-fixtures";

export function sampleDashboard(): Dashboard {
  return {
    organisation: "Wesmond International Limited",
    contact_email: "contact@wesmond.com",
    default_jurisdiction: "HK",
    register_path: "/tmp/register.db",
    schema_version: 3,
    counts: {
      policy_versions: 1,
      processors: 4,
      merchants: 2,
      platforms: 6,
      scopes: 41,
      authorizations: 5,
      active_authorizations: 3,
      requests: 7,
      open_requests: 2,
      retention_rules: 8,
      audit_entries: 123,
    },
    published_policy: {
      id: 1,
      label: "2026-05",
      status: "published",
      effective_date: "2026-05-31",
      material_change: false,
      change_summary: null,
      created_at: "2026-05-30T08:00:00Z",
      published_at: "2026-05-31T01:00:00Z",
    },
    audit_head: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
  };
}

/** A backend with empty registers; override what a test needs. */
export function fakeApi(overrides: Partial<Api> = {}): Api {
  return {
    ...fakeRegistersApi(),
    ...fakeReportsApi(),
    unlockRegister: async () => undefined,
    dashboard: async () => sampleDashboard(),
    listPolicyVersions: async () => [],
    getPolicyVersion: async (version) => Promise.reject(`No policy version ${version}.`),
    previewPolicy: async () => "",
    newPolicyDraft: async () => Promise.reject("no version is published yet; import a policy file instead"),
    savePolicyDraft: async () => Promise.reject("not in this test"),
    setPolicyReview: async () => Promise.reject("not in this test"),
    publishPolicy: async () => Promise.reject("not in this test"),
    comparePolicies: async () => Promise.reject("not in this test"),
    exportPolicy: async () => null,
    exportPolicyDiff: async () => null,
    onExportProgress: async () => () => undefined,
    listProcessors: async () => [],
    listMerchants: async () => [],
    listAuthorizations: async () => [],
    listPlatforms: async () => [],
    listRequests: async () => [],
    listRequestsPage: async (query) => ({ total: 0, offset: query.offset, limit: query.limit, rows: [] }),
    listMerchantsPage: async (query) => ({ total: 0, offset: query.offset, limit: query.limit, rows: [] }),
    listAuthorizationsPage: async (query) => ({ total: 0, offset: query.offset, limit: query.limit, rows: [] }),
    getPreferences: async () => ({ language: null }),
    setPreferences: async (preferences) => preferences,
    startupDrawn: async () => undefined,
    requestSummary: async () => ({ open: 0, overdue: 0, due_this_week: 0, needs_triage: 0, paused: 0 }),
    listJurisdictions: async () => [
      { code: "HK", name: "Hong Kong (PDPO)" },
      { code: "EU", name: "European Union (GDPR)" },
    ],
    getRequest: async (id) => Promise.reject(`no request ${id}`),
    addRequest: async () => Promise.reject("not in this test"),
    actOnRequest: async () => Promise.reject("not in this test"),
    importRequests: async () => null,
    onImportEvents: async () => () => undefined,
    draftLetter: async () => null,
    exportRequests: async () => null,
    listAudit: async () => [],
    verifyAudit: async () => ({ ok: true, entries: 0, head: null, first_broken: null, reason: null }),
    settings: async () => [],
    ...overrides,
  };
}

/** Lets pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

/** The seed's published version, with a short text; override what a test needs. */
export function samplePolicyVersion(overrides: Partial<PolicyVersion> = {}): PolicyVersion {
  return {
    id: 1,
    label: "2026-05-31",
    status: "published",
    effective_date: "2026-05-31",
    material_change: false,
    change_summary: null,
    created_at: "2026-05-30T08:00:00Z",
    published_at: "2026-05-31T01:00:00Z",
    markdown: "# Privacy Policy\n\nLast updated: 31 May 2026\n\n## 6. Whether we share data with third parties\n\nWe do not sell data.\n",
    markdown_sha256: "ab".repeat(32),
    based_on: null,
    created_by: "officer",
    published_by: "officer",
    ...overrides,
  };
}

/** A version's list entry. */
export function summaryOf(v: PolicyVersion): PolicySummary {
  const { id, label, status, effective_date, material_change, change_summary, created_at, published_at } = v;
  return { id, label, status, effective_date, material_change, change_summary, created_at, published_at };
}
