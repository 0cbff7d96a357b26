/**
 * The typed face of the desktop backend: one function per Tauri command in src-tauri.
 *
 * This is the only module that calls `invoke`. Screens receive an `Api` object, so tests can hand
 * them a fake one. The Rust side rejects with a plain string; `errorMessage` turns whatever
 * arrives into one sentence to show.
 */
import { invoke } from "@tauri-apps/api/core";

/** How many records each register holds. */
export interface Counts {
  policy_versions: number;
  processors: number;
  merchants: number;
  platforms: number;
  scopes: number;
  authorizations: number;
  active_authorizations: number;
  requests: number;
  open_requests: number;
  retention_rules: number;
  audit_entries: number;
}

/** One version of the privacy policy, without its text. */
export interface PolicySummary {
  id: number;
  label: string;
  status: string;
  /** The policy's "Last updated" calendar date (ISO 8601). */
  effective_date: string | null;
  material_change: boolean;
  change_summary: string | null;
  created_at: string;
  published_at: string | null;
}

/** What the dashboard shows: the organisation, register counts and the published policy. */
export interface Dashboard {
  organisation: string;
  contact_email: string;
  default_jurisdiction: string;
  register_path: string;
  schema_version: number;
  counts: Counts;
  published_policy: PolicySummary | null;
  /** SHA-256 (hex) of the newest audit entry, or null for an empty log. */
  audit_head: string | null;
}

/** A third-party service provider acting for the company. */
export interface Processor {
  id: number;
  name: string;
  service: string;
  country: string;
  confidentiality: string;
  next_review: string | null;
  status: string;
}

/** A merchant whose platform data the company may access. */
export interface Merchant {
  id: number;
  name: string;
  shop_domain: string | null;
  contact_email: string | null;
  status: string;
  active_authorizations: number;
}

/** A merchant's OAuth grant of scopes on one platform. */
export interface Authorization {
  id: number;
  merchant: string;
  platform: string;
  scopes: string[];
  purpose: string;
  granted_at: string;
  revoked_at: string | null;
}

/** A platform from the scope catalog (Google, Meta, Shopify, …). */
export interface Platform {
  code: string;
  name: string;
  category: string;
  scopes: number;
}

/** A data subject's or merchant's rights request. */
export interface RightsRequest {
  id: number;
  type: string;
  status: string;
  jurisdiction: string;
  received_at: string;
  /** Statutory due date (calendar date), when a rule applies. */
  due_date: string | null;
  requester_email: string | null;
  /** The deadline rule applied, e.g. "HK PDPO s.19". */
  rule: string | null;
}

/** One entry of the hash-chained audit log. */
export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  hash: string;
}

/** The result of re-computing the audit hash chain. */
export interface AuditVerification {
  ok: boolean;
  entries: number;
  head: string | null;
  first_broken: number | null;
  reason: string | null;
}

/** One stored setting. */
export interface Setting {
  key: string;
  value: string;
}

/** A page of the audit log. */
export interface Page {
  limit: number;
  offset: number;
}

/** Every backend command, typed. */
export interface Api {
  dashboard(): Promise<Dashboard>;
  listPolicyVersions(): Promise<PolicySummary[]>;
  listProcessors(): Promise<Processor[]>;
  listMerchants(): Promise<Merchant[]>;
  listAuthorizations(): Promise<Authorization[]>;
  listPlatforms(): Promise<Platform[]>;
  listRequests(): Promise<RightsRequest[]>;
  listAudit(page: Page): Promise<AuditEntry[]>;
  verifyAudit(): Promise<AuditVerification>;
  settings(): Promise<Setting[]>;
}

/** The real backend, reached over Tauri IPC. */
export const api: Api = {
  dashboard: () => invoke<Dashboard>("dashboard"),
  listPolicyVersions: () => invoke<PolicySummary[]>("list_policy_versions"),
  listProcessors: () => invoke<Processor[]>("list_processors"),
  listMerchants: () => invoke<Merchant[]>("list_merchants"),
  listAuthorizations: () => invoke<Authorization[]>("list_authorizations"),
  listPlatforms: () => invoke<Platform[]>("list_platforms"),
  listRequests: () => invoke<RightsRequest[]>("list_requests"),
  listAudit: ({ limit, offset }) => invoke<AuditEntry[]>("list_audit", { limit, offset }),
  verifyAudit: () => invoke<AuditVerification>("verify_audit"),
  settings: () => invoke<Setting[]>("settings"),
};

/** Turns a rejected command (a string from Rust, or an Error) into a message for the officer. */
export function errorMessage(error: unknown): string {
  if (typeof error === "string" && error.trim() !== "") return error;
  if (error instanceof Error && error.message) return error.message;
  if (error && typeof error === "object" && "message" in error) {
    const message = (error as { message: unknown }).message;
    if (typeof message === "string" && message) return message;
  }
  return "The workbench backend did not answer. Restart the app; if it keeps happening, run `workbench status` to check the register.";
}
