/**
 * The typed face of the desktop backend: one function per Tauri command in src-tauri, and one per
 * backend event the UI follows.
 *
 * This is the only module that calls `invoke` or `listen`. Screens receive an `Api` object, so
 * tests can hand them a fake one. The Rust side rejects with a plain string; `errorMessage` turns
 * whatever arrives into one sentence to show.
 */
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";

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

/** A policy version with its markdown source. */
export interface PolicyVersion extends PolicySummary {
  markdown: string;
  markdown_sha256: string;
  /** The id of the version this one was copied from. */
  based_on: number | null;
  created_by: string;
  published_by: string | null;
}

/** The formats a policy version is exported in. */
export type ExportFormat = "html" | "pdf";

/** A recorded export of a published version: proof of what was handed out, and when. */
export interface Snapshot {
  id: number;
  version_id: number;
  format: ExportFormat;
  file_sha256: string;
  markdown_sha256: string;
  byte_len: number;
  created_at: string;
  created_by: string;
}

/** One version with its snapshots. */
export interface PolicyDetail {
  version: PolicyVersion;
  snapshots: Snapshot[];
}

/** How a version is published. */
export interface Publication {
  /** The "Last updated" date, YYYY-MM-DD; the text's "Last updated:" line must agree. */
  effective: string;
  material: boolean;
  summary: string | null;
}

/** One run of a word-level diff: text kept, inserted or deleted. */
export interface DiffRun {
  kind: "equal" | "insert" | "delete";
  text: string;
}

/** The word-level comparison of two versions (by label). */
export interface PolicyComparison {
  old: string;
  new: string;
  words_inserted: number;
  words_deleted: number;
  runs: DiffRun[];
}

/** What an export wrote. */
export interface PolicyExport {
  /** The version's label. */
  version: string;
  format: ExportFormat;
  path: string;
  bytes: number;
  sha256: string;
  /** Recorded for published and retired versions; drafts leave none. */
  snapshot: Snapshot | null;
}

/** A step of a running export, as the backend reports it. */
export interface ExportProgress {
  stage: string;
  percent: number;
}

/** Stops following an event. */
export type Unlisten = () => void;

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
  /** A version by id (as a string) or label. */
  getPolicyVersion(version: string): Promise<PolicyDetail>;
  /** Markdown rendered to an HTML fragment, sanitised by the backend (see `setSanitisedHtml`). */
  previewPolicy(markdown: string): Promise<string>;
  /** A new draft copied from `from`, or from the published version when `from` is null. */
  newPolicyDraft(from: string | null, label: string | null): Promise<PolicyVersion>;
  savePolicyDraft(version: string, markdown: string): Promise<PolicyVersion>;
  setPolicyReview(version: string, inReview: boolean): Promise<PolicyVersion>;
  publishPolicy(version: string, publication: Publication): Promise<PolicyVersion>;
  comparePolicies(a: string, b: string): Promise<PolicyComparison>;
  /** Exports through a native save dialog; null when the officer cancelled it. */
  exportPolicy(version: string | null, format: ExportFormat): Promise<PolicyExport | null>;
  /** Saves the word-level diff as HTML through a native save dialog; null when cancelled. */
  exportPolicyDiff(a: string, b: string): Promise<{ path: string } | null>;
  /** Follows `export-progress` events until the returned function is called. */
  onExportProgress(handler: (progress: ExportProgress) => void): Promise<Unlisten>;
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
  getPolicyVersion: (version) => invoke<PolicyDetail>("get_policy_version", { version }),
  previewPolicy: (markdown) => invoke<string>("preview_policy", { markdown }),
  newPolicyDraft: (from, label) => invoke<PolicyVersion>("new_policy_draft", { from, label }),
  savePolicyDraft: (version, markdown) => invoke<PolicyVersion>("save_policy_draft", { version, markdown }),
  setPolicyReview: (version, inReview) => invoke<PolicyVersion>("set_policy_review", { version, inReview }),
  publishPolicy: (version, { effective, material, summary }) =>
    invoke<PolicyVersion>("publish_policy", { version, effective, material, summary }),
  comparePolicies: (a, b) => invoke<PolicyComparison>("compare_policies", { a, b }),
  exportPolicy: (version, format) => invoke<PolicyExport | null>("export_policy", { version, format }),
  exportPolicyDiff: (a, b) => invoke<{ path: string } | null>("export_policy_diff", { a, b }),
  onExportProgress: async (handler) => {
    const stop = await listen<ExportProgress>("export-progress", (event) => handler(event.payload));
    // Unlistening is asynchronous; a failure there leaves nothing for the officer to do.
    return () => void Promise.resolve(stop()).catch(() => undefined);
  },
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
