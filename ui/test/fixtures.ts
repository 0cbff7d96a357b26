import type { Api, Dashboard } from "../src/api";

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
    dashboard: async () => sampleDashboard(),
    listPolicyVersions: async () => [],
    listProcessors: async () => [],
    listMerchants: async () => [],
    listAuthorizations: async () => [],
    listPlatforms: async () => [],
    listRequests: async () => [],
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
