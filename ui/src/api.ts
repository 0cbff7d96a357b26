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
import { locale, t } from "./i18n";

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

/** A data subject's or merchant's rights request, as the inbox lists it (the CLI's JSON names). */
export interface RequestRow {
  id: number;
  /** access, correction, deletion, withdraw_authorization, other or needs_triage. */
  type: string;
  status: string;
  jurisdiction: string;
  /** When it arrived (RFC 3339 UTC). */
  received_at: string;
  /** Statutory due date (calendar date), when a rule applies. */
  due_date: string | null;
  requester_email: string | null;
  /** The deadline rule applied, e.g. "HK PDPO s.19: 40 days". */
  rule: string | null;
  /** The date of receipt at the office, from which the deadline counts. */
  received_on: string | null;
  /** email, shopify_webhook or manual. */
  channel: string;
  requester_name: string | null;
  merchant_id: number | null;
  subject: string | null;
  /** The date the clock stopped, while it is paused. */
  paused_since: string | null;
  extended: boolean;
  /** Days until the due date (negative once past); null when closed or undated. */
  days_left: number | null;
  /** Open, not paused, and past its due date. */
  overdue: boolean;
}

/**
 * Which requests to list. The backend reads this as a struct, so the names are snake_case and
 * `overdue` must always be present.
 */
export interface RequestFilter {
  status: string | null;
  overdue: boolean;
  due_within: number | null;
}

/**
 * One page of a long list, as the backend pages it: `total` rows match in all, `rows` are those
 * from `offset`. No screen asks for every row of a register that may hold a million.
 */
export interface Paged<T> {
  total: number;
  offset: number;
  limit: number;
  rows: T[];
}

/** Which requests to list, how sorted, and which page. */
export interface RequestQuery {
  status?: string | null;
  type?: string | null;
  overdue?: boolean;
  due_within?: number | null;
  /** Full-text search over subject, requester, email and message text. */
  search?: string | null;
  /** A column: "due_date" (the default), "received_at", "id", "status" or "type". */
  sort?: string | null;
  descending?: boolean;
  limit: number;
  offset: number;
}

/** Which merchants to list, and which page. */
export interface MerchantQuery {
  /** Matches name, shop domain or contact email. */
  search?: string | null;
  limit: number;
  offset: number;
}

/** Which authorizations to list, and which page. */
export interface AuthorizationQuery {
  merchant?: string | null;
  platform?: string | null;
  active?: boolean;
  limit: number;
  offset: number;
}

/** The officer's preferences on this machine (not the register's settings). */
export interface Preferences {
  /** The UI language; null until the officer has chosen one. */
  language: "en" | "zh-HK" | null;
}

/** Open requests at a glance, for the dashboard. */
export interface RequestSummary {
  open: number;
  /** Open, running, past due. */
  overdue: number;
  /** Open and due from today to 7 days ahead. */
  due_this_week: number;
  needs_triage: number;
  paused: number;
}

/** A jurisdiction whose deadline rules the register knows. */
export interface Jurisdiction {
  code: string;
  name: string;
}

/** A period as the law states it: calendar days or calendar months. */
export type Period = { days: number } | { months: number };

/** One rule that applied to a request, with the due date it gives. */
export interface DeadlineCandidate {
  rule_id: string;
  rule: string;
  due_date: string;
}

/** The deadline that governs a request, and why. */
export interface Deadline {
  due_date: string;
  rule_id: string;
  /** The governing rule, human-readable ("HK PDPO s.19: 40 days"). */
  rule: string;
  source: string;
  /** The extension the governing rule allows, while it is not yet taken. */
  extension: Period | null;
  /** The day by which the extension notice must go out. */
  extension_notice_due: string | null;
  acknowledge_by: string | null;
  /** Every rule that applied, earliest first. */
  candidates: DeadlineCandidate[];
  notes: string[];
}

/** An attachment, as listed: never opened. */
export interface Attachment {
  name: string;
  content_type: string;
  /** Decoded size in bytes. */
  size: number;
}

/** A message of a request's thread: the original or a reply. */
export interface RequestMessage {
  id: number;
  /** "original" or "reply". */
  role: string;
  message_id: string | null;
  sha256: string;
  sender: string | null;
  sent_at: string | null;
  received_at: string;
  subject: string | null;
  /** The text body (HTML-only mail converted to text): show as text, never as markup. */
  body: string | null;
  in_reply_to: string | null;
  references: string[];
  /** A JSON array of `Attachment`s, as stored. */
  attachments: unknown;
  source_file: string | null;
}

/** One entry of a request's timeline. */
export interface RequestEvent {
  id: number;
  at: string;
  actor: string;
  /** received, status, classified, jurisdiction, identity_verified, extension, pause, resume, reply, letter_drafted, deadline… */
  kind: string;
  detail: unknown;
}

/** A pause of a request's clock. */
export interface RequestPause {
  paused_on: string;
  resumed_on: string | null;
  reason: string;
  paused_by: string;
}

/** Everything about one request. */
export interface RequestDetail extends RequestRow {
  /** Why it has its type: "matched: 'delete my personal data'", "entered by hand", "corrected by …". */
  classification_note: string | null;
  merchant: string | null;
  rule_id: string | null;
  acknowledge_by: string | null;
  extended_at: string | null;
  extension_reason: string | null;
  extension_notice_due: string | null;
  identity_method: string | null;
  identity_verified_on: string | null;
  outcome: string | null;
  closed_at: string | null;
  sender: string | null;
  message_id: string | null;
  message_sha256: string | null;
  body: string | null;
  source_file: string | null;
  attachments: unknown;
  /** The deadline as the rules compute it now, with every candidate rule. */
  deadline: Deadline | null;
}

/** A request with what the detail view shows. */
export interface RequestView {
  detail: RequestDetail;
  /** Oldest first. */
  timeline: RequestEvent[];
  messages: RequestMessage[];
  pauses: RequestPause[];
  /** The statuses the request may move to next. */
  allowed_next: string[];
}

/** The manual-entry form (snake_case: the backend reads it as a struct). */
export interface NewRequestForm {
  type: string;
  email: string;
  name: string | null;
  merchant: string | null;
  /** YYYY-MM-DD */
  received_on: string;
  /** Null: the register's default jurisdiction. */
  jurisdiction: string | null;
  note: string | null;
}

/** One action on a request, as the detail view sends it. */
export type RequestAction =
  | { action: "transition"; status: string; note: string | null }
  | { action: "extend"; reason: string }
  | { action: "pause"; reason: string }
  | { action: "resume"; note: string | null }
  | { action: "classify"; type: string; note: string | null }
  | { action: "set_jurisdiction"; code: string; note: string | null }
  | { action: "verify_identity"; method: string; on: string };

/** What an import did with one message. */
export interface ImportItem {
  source: string;
  /** "created", "reply" or "duplicate". */
  outcome: string;
  request_id: number | null;
  message_id: string | null;
  type: string | null;
  /** The classification's reason, or what the message was a duplicate of. */
  reason: string;
}

/** What an import did. */
export interface ImportReport {
  files: number;
  messages: number;
  created: number;
  replies: number;
  duplicates: number;
  items: ImportItem[];
}

/** A step of a running import. */
export interface ImportProgress {
  /** "reading", "parsing" or "writing". */
  phase: string;
  done: number;
  total: number;
  /** "bytes" or "messages". */
  unit: string;
}

/** What the UI hears about imports the backend runs (files dropped on the window, or chosen). */
export interface ImportEvents {
  /** Files were dropped; the payload is how many. */
  started(files: number): void;
  progress(progress: ImportProgress): void;
  /** A dropped-files import committed. */
  finished(report: ImportReport): void;
  /** A dropped-files import changed nothing; the sentence says why. */
  failed(message: string): void;
}

/** The letter templates, in the order the officer meets them. */
export const LETTER_TEMPLATES = ["acknowledgement", "identity_check", "extension_notice", "completion", "refusal"] as const;
export type LetterTemplate = (typeof LETTER_TEMPLATES)[number];

/** The letters' languages. */
export const LETTER_LANGUAGES = ["en", "zh-HK"] as const;
export type LetterLanguage = (typeof LETTER_LANGUAGES)[number];

/** A file the backend saved through a native dialog. */
export interface SavedFile {
  path: string;
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

// --- registers ---
// Processors, merchants, authorizations, the scope catalog, retention and their spreadsheets
// (src-tauri/src/registers.rs). Records arrive with the library's snake_case field names; a
// form's input is text, checked by the backend, which answers with one `FieldError` per bad field.

/** A processor with every field (what `get_processor` and `save_processor` return). */
export interface ProcessorRecord {
  id: number;
  name: string;
  service: string;
  purpose: string;
  /** Categories of personal data it processes. */
  data_categories: string[];
  /** ISO 3166-1 alpha-2 code, or EU. */
  country: string;
  transfer_mechanism: string | null;
  /** none, pending, confidentiality_agreement or dpa. */
  confidentiality: string;
  confidentiality_date: string | null;
  contract_start: string | null;
  contract_end: string | null;
  next_review: string | null;
  /** active or retired. */
  status: string;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * A processor form as typed. An absent field stays as it is; an empty one is cleared.
 * `data_categories` is ";"-separated; dates are YYYY-MM-DD.
 */
export interface ProcessorInput {
  name?: string;
  service?: string;
  purpose?: string;
  data_categories?: string;
  country?: string;
  transfer_mechanism?: string;
  confidentiality?: string;
  confidentiality_date?: string;
  contract_start?: string;
  contract_end?: string;
  next_review?: string;
  status?: string;
  notes?: string;
}

/** One field's problem, for the message under that field. */
export interface FieldError {
  /** The field (and spreadsheet column) name, e.g. `contract_end`. */
  field: string;
  /** A sentence fragment that follows the field's name: "is required". */
  message: string;
}

/** A merchant with every field. */
export interface MerchantRecord {
  id: number;
  name: string;
  shop_domain: string | null;
  contact_email: string | null;
  contract_start: string | null;
  contract_end: string | null;
  /** active or ended. */
  status: string;
  notes: string | null;
  created_at: string;
}

/** A merchant form as typed (absent: unchanged; empty: cleared). */
export interface MerchantInput {
  name?: string;
  shop_domain?: string;
  contact_email?: string;
  contract_start?: string;
  contract_end?: string;
  status?: string;
  notes?: string;
}

/** Something about an authorization an officer should look at. */
export interface AuthorizationFlag {
  /** uncatalogued, purpose_not_permitted or no_security_assessment. */
  kind: string;
  scope: string | null;
  /** One sentence: what is wrong and what to do. */
  message: string;
}

/** A granted scope with what the catalog says about it. */
export interface GrantedScope {
  scope: string;
  /** False when the scope is missing from the catalog (it is kept, and flagged). */
  catalogued: boolean;
  sensitivity: string | null;
  purposes: string[];
  description: string | null;
}

/** An authorization as `list_authorizations` lists it. */
export interface AuthorizationRow extends Authorization {
  merchant_id: number;
  granted_by: string;
  revoke_channel: string | null;
  /** active or revoked. */
  status: string;
  flags: AuthorizationFlag[];
}

/** An authorization in full: its scopes with their catalog entries, revocation and flags. */
export interface AuthorizationDetail {
  id: number;
  merchant: string;
  merchant_id: number;
  platform: string;
  scopes: string[];
  purpose: string;
  /** YYYY-MM-DD */
  granted_at: string;
  granted_by: string;
  revoked_at: string | null;
  revoked_by: string | null;
  /** platform, email_request, contract_end or other. */
  revoke_channel: string | null;
  revoke_reason: string | null;
  /** The rights request that asked for the revocation. */
  revoke_request_id: number | null;
  /** active or revoked. */
  status: string;
  scope_details: GrantedScope[];
  flags: AuthorizationFlag[];
}

/** A merchant with its authorizations (the merchant page). */
export interface MerchantDetail {
  merchant: MerchantRecord;
  authorizations: AuthorizationDetail[];
}

/** Which authorizations to list; omitted fields do not filter. */
export interface AuthorizationFilter {
  /** A merchant's id, name or shop domain. */
  merchant?: string | null;
  /** A platform code. */
  platform?: string | null;
  /** Only those not revoked. */
  active?: boolean;
}

/** A grant as typed. `scopes` are separated by commas, semicolons or spaces. */
export interface AuthorizationInput {
  /** The merchant's id, name or shop domain. */
  merchant?: string;
  platform?: string;
  scopes?: string;
  /** analytics, reporting, advertising_performance_review or merchant_operation_support. */
  purpose?: string;
  /** YYYY-MM-DD; empty: today. */
  granted_at?: string;
}

/** What a grant did. */
export interface Granted {
  id: number;
  /** Granted scopes missing from the catalog: kept, and flagged. */
  uncatalogued: string[];
}

/** A revocation: why, how, and the rights request that asked for it. */
export interface Revocation {
  reason: string;
  /** platform, email_request, contract_end or other; null: email_request with a request, else other. */
  channel: string | null;
  request: number | null;
  /** YYYY-MM-DD; null: today. */
  revoked_on: string | null;
}

/** A scope in the catalog. */
export interface Scope {
  platform: string;
  scope: string;
  description: string;
  /** In the platform's own terms: non_sensitive, sensitive, restricted, standard, advanced_access… */
  sensitivity: string;
  purposes: string[];
  source: string;
  /** False where the classification could not be confirmed from a source. */
  confirmed: boolean;
}

/** A recorded deletion or anonymisation. */
export interface RetentionAction {
  key: string;
  action: string;
  evidence: string;
  done_on: string;
  recorded_at: string;
  recorded_by: string;
}

/** Data a retention rule says must go: one rule applied to one record. */
export interface RetentionItem {
  /** `SUBJECT:ID:DATA_CATEGORY`, e.g. `authorization:12:authorized_platform_data`. */
  key: string;
  /** authorization, merchant or request. */
  subject: string;
  subject_id: number;
  subject_label: string;
  data_category: string;
  description: string;
  trigger: string;
  /** What the rule says to do: delete or anonymise. */
  action: string;
  period_days: number;
  event_date: string;
  due_on: string;
  /** due, pending or done. */
  status: string;
  /** Days since it became due (negative while pending). */
  days_overdue: number;
  done: RetentionAction | null;
}

/** A deletion or anonymisation to record. */
export interface NewRetentionAction {
  key: string;
  action: "delete" | "anonymise";
  evidence: string;
  /** YYYY-MM-DD; null: today. */
  done_on: string | null;
}

/** The registers kept in spreadsheets. */
export type RegisterSheet = "processors" | "merchants" | "authorizations";
export type SheetFormat = "csv" | "xlsx";

/** What a spreadsheet import did. */
export interface SheetImport {
  what: string;
  file: string;
  format: SheetFormat;
  rows: number;
  added: number;
  updated: number;
  unchanged: number;
}

/** What a spreadsheet export wrote. */
export interface SheetExport {
  what: string;
  /** The file's full path. */
  file: string;
  format: SheetFormat;
  rows: number;
  bytes: number;
}

/** The registers' commands (processors, merchants, authorizations, scopes, retention). */
export interface RegistersApi {
  /** A processor with every field. */
  getProcessor(id: number): Promise<ProcessorRecord>;
  /** Checks a form without saving: every bad field (none when it would save). */
  checkProcessor(id: number | null, input: ProcessorInput): Promise<FieldError[]>;
  /** Adds a processor (`id` null) or edits one; rejects with a sentence on bad input. */
  saveProcessor(id: number | null, input: ProcessorInput): Promise<ProcessorRecord>;
  retireProcessor(id: number, reason: string | null): Promise<ProcessorRecord>;
  getMerchant(id: number): Promise<MerchantDetail>;
  checkMerchant(id: number | null, input: MerchantInput): Promise<FieldError[]>;
  saveMerchant(id: number | null, input: MerchantInput): Promise<MerchantDetail>;
  getAuthorization(id: number): Promise<AuthorizationDetail>;
  checkAuthorization(input: AuthorizationInput): Promise<FieldError[]>;
  grantAuthorization(input: AuthorizationInput): Promise<Granted>;
  revokeAuthorization(id: number, revocation: Revocation): Promise<AuthorizationDetail>;
  /** The scope catalog, of one platform or (null) all. */
  listScopes(platform: string | null): Promise<Scope[]>;
  /** Every retention item: due, pending and done, soonest due first. */
  retentionItems(): Promise<RetentionItem[]>;
  /** One page of retention items, in the same order as `retentionItems`. */
  retentionItemsPage(limit: number, offset: number): Promise<Paged<RetentionItem>>;
  recordRetention(action: NewRetentionAction): Promise<RetentionItem>;
  /** Imports a file chosen in a native dialog; null when cancelled. A bad file rejects, listing its rows. */
  importRegister(what: RegisterSheet): Promise<SheetImport | null>;
  /** Exports through a native save dialog; null when cancelled. */
  exportRegister(what: RegisterSheet, format: SheetFormat): Promise<SheetExport | null>;
}

/** The registers' commands over Tauri IPC (spread into `api`). */
export const registersApi: RegistersApi = {
  getProcessor: (id) => invoke<ProcessorRecord>("get_processor", { id }),
  checkProcessor: (id, input) => invoke<FieldError[]>("check_processor", { id, input }),
  saveProcessor: (id, input) => invoke<ProcessorRecord>("save_processor", { id, input }),
  retireProcessor: (id, reason) => invoke<ProcessorRecord>("retire_processor", { id, reason }),
  getMerchant: (id) => invoke<MerchantDetail>("get_merchant", { id }),
  checkMerchant: (id, input) => invoke<FieldError[]>("check_merchant", { id, input }),
  saveMerchant: (id, input) => invoke<MerchantDetail>("save_merchant", { id, input }),
  getAuthorization: (id) => invoke<AuthorizationDetail>("get_authorization", { id }),
  checkAuthorization: (input) => invoke<FieldError[]>("check_authorization", { input }),
  grantAuthorization: (input) => invoke<Granted>("grant_authorization", { input }),
  revokeAuthorization: (id, revocation) => invoke<AuthorizationDetail>("revoke_authorization", { id, revocation }),
  listScopes: (platform) => invoke<Scope[]>("list_scopes", { platform }),
  retentionItems: () => invoke<RetentionItem[]>("retention_items"),
  retentionItemsPage: (limit, offset) => invoke<Paged<RetentionItem>>("retention_items_page", { limit, offset }),
  recordRetention: (action) => invoke<RetentionItem>("record_retention", { action }),
  importRegister: (what) => invoke<SheetImport | null>("import_register", { what }),
  exportRegister: (what, format) => invoke<SheetExport | null>("export_register", { what, format }),
};
// --- end registers ---

// --- checks and reports ---
// The register checked against the policy's promises, the dashboard's charts, and the compliance
// reports (src-tauri/src/reports.rs). Field names are the library's (src/checks, src/reports).

/** How serious a finding is. */
export type Severity = "info" | "warning" | "error";

/** A check's outcome: "pass", or the worst severity among its findings. */
export type CheckStatus = "pass" | Severity;

/** A record a finding is about, e.g. entity `rights_request`, id "12". */
export interface RecordRef {
  /** rights_request, processor, merchant, authorization, policy_version, platform or audit_entry. */
  entity: string;
  id: string;
  label: string;
}

/** One thing a check found. */
export interface Finding {
  severity: Severity;
  message: string;
  records: RecordRef[];
}

/** One check and what it found. */
export interface CheckResult {
  /** Stable, e.g. `audit.chain-intact`. */
  id: string;
  /** What the check proves. */
  title: string;
  /** What to do when it fails. */
  remedy: string;
  status: CheckStatus;
  findings: Finding[];
}

/** Every check's outcome; the counts are of findings, not of checks. */
export interface CheckReport {
  /** The date the checks ran as of (YYYY-MM-DD). */
  today: string;
  errors: number;
  warnings: number;
  infos: number;
  results: CheckResult[];
}

/** A chart the backend drew, exactly as the reports show it. */
export interface DashboardChart {
  title: string;
  /** A standalone SVG document: shown only as an `<img>`, never inserted as markup. */
  svg: string;
}

/** The formats a report may come in. */
export type ReportFormat = "html" | "pdf" | "csv" | "xlsx";

/** A report and the formats it is made in. */
export interface ReportKind {
  /** rights, processors, authorizations, policy or pack. */
  kind: string;
  title: string;
  formats: ReportFormat[];
}

/** What to generate. A null date takes the backend's default (to: today; from: 12 months before to). */
export interface ReportRequest {
  kind: string;
  format: ReportFormat;
  /** YYYY-MM-DD */
  from: string | null;
  /** YYYY-MM-DD */
  to: string | null;
  /** The language the report is written in. */
  language: "en" | "zh-HK";
}

/** The days a report covers, both ends included (YYYY-MM-DD). */
export interface ReportPeriod {
  from: string;
  to: string;
}

/** The register a report was made from: its audit chain head. */
export interface Fingerprint {
  /** The head entry's SHA-256 (the genesis hash for an empty log). */
  hash: string;
  /** How many entries the chain holds. */
  entries: number;
}

/** What a generated report wrote. */
export interface ReportOutcome {
  kind: string;
  format: ReportFormat;
  period: ReportPeriod;
  path: string;
  bytes: number;
  sha256: string;
  fingerprint: Fingerprint;
}

/** A step of a running report, as the backend reports it. */
export interface ReportProgress {
  stage: string;
  percent: number;
}

/** The checks' and reports' commands. */
export interface ReportsApi {
  /** Every check as of today. */
  runChecks(): Promise<CheckReport>;
  /** The charts of the last twelve months, as the reports draw them. */
  dashboardCharts(): Promise<DashboardChart[]>;
  reportKinds(): Promise<ReportKind[]>;
  /** Generates a report and saves it through a native save dialog; null when cancelled. */
  generateReport(request: ReportRequest): Promise<ReportOutcome | null>;
  /** Follows `report-progress` events until the returned function is called. */
  onReportProgress(handler: (progress: ReportProgress) => void): Promise<Unlisten>;
  /** Opens the last report saved in this session in the desktop's default application. */
  openLastReport(): Promise<void>;
}

/** The checks' and reports' commands over Tauri IPC (spread into `api`). */
export const reportsApi: ReportsApi = {
  runChecks: () => invoke<CheckReport>("run_checks"),
  dashboardCharts: () => invoke<DashboardChart[]>("dashboard_charts", { language: locale() }),
  reportKinds: () => invoke<ReportKind[]>("report_kinds"),
  generateReport: ({ kind, format, from, to, language }) => invoke<ReportOutcome | null>("generate_report", { kind, format, from, to, language }),
  onReportProgress: async (handler) => {
    const stop = await listen<ReportProgress>("report-progress", (event) => handler(event.payload));
    return () => void Promise.resolve(stop()).catch(() => undefined);
  },
  openLastReport: () => invoke<void>("open_last_report"),
};
// --- end checks and reports ---

/** Every backend command, typed. */
export interface Api extends RegistersApi, ReportsApi {
  /** Opens an encrypted register with its passphrase (the backend answers "locked" until then). */
  unlockRegister(passphrase: string): Promise<void>;
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
  /** Authorizations, newest grant first; `filter` null lists them all. */
  listAuthorizations(filter?: AuthorizationFilter | null): Promise<AuthorizationRow[]>;
  listPlatforms(): Promise<Platform[]>;
  /** Requests, soonest due first; `filter` null lists them all. */
  listRequests(filter?: RequestFilter | null): Promise<RequestRow[]>;
  /** One page of requests: filtered, searched and sorted by the backend. */
  listRequestsPage(query: RequestQuery): Promise<Paged<RequestRow>>;
  /** One page of merchants. */
  listMerchantsPage(query: MerchantQuery): Promise<Paged<Merchant>>;
  /** One page of authorizations, newest grant first. */
  listAuthorizationsPage(query: AuthorizationQuery): Promise<Paged<AuthorizationRow>>;
  getPreferences(): Promise<Preferences>;
  setPreferences(preferences: Preferences): Promise<Preferences>;
  /** Tells the backend the first screen is drawn (the start-up benchmark listens for it). */
  startupDrawn(): Promise<void>;
  requestSummary(): Promise<RequestSummary>;
  listJurisdictions(): Promise<Jurisdiction[]>;
  getRequest(id: number): Promise<RequestView>;
  /** Enters a request by hand; rejects with the backend's sentence on bad input. */
  addRequest(form: NewRequestForm): Promise<RequestRow>;
  /** Applies one action and returns the request as it now stands. */
  actOnRequest(id: number, action: RequestAction): Promise<RequestView>;
  /** Imports files chosen in a native open dialog; null when the officer cancelled it. */
  importRequests(): Promise<ImportReport | null>;
  /** Follows `import-started`, `import-progress`, `import-finished` and `import-failed`. */
  onImportEvents(handlers: ImportEvents): Promise<Unlisten>;
  /** Fills a letter into a draft .eml saved through a native dialog; null when cancelled. */
  draftLetter(id: number, template: LetterTemplate, lang: LetterLanguage): Promise<SavedFile | null>;
  /** Saves the requests as CSV, or open deadlines as iCalendar; null when cancelled. */
  exportRequests(format: "csv" | "ics"): Promise<SavedFile | null>;
  listAudit(page: Page): Promise<AuditEntry[]>;
  verifyAudit(): Promise<AuditVerification>;
  settings(): Promise<Setting[]>;
}

/** The real backend, reached over Tauri IPC. */
export const api: Api = {
  ...registersApi,
  ...reportsApi,
  unlockRegister: (passphrase) => invoke<void>("unlock_register", { passphrase }),
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
  listAuthorizations: (filter = null) => invoke<AuthorizationRow[]>("list_authorizations", { filter }),
  listPlatforms: () => invoke<Platform[]>("list_platforms"),
  listRequests: (filter = null) => invoke<RequestRow[]>("list_requests", { filter }),
  listRequestsPage: (query) => invoke<Paged<RequestRow>>("list_requests_page", { query }),
  listMerchantsPage: (query) => invoke<Paged<Merchant>>("list_merchants_page", { query }),
  listAuthorizationsPage: (query) => invoke<Paged<AuthorizationRow>>("list_authorizations_page", { query }),
  getPreferences: () => invoke<Preferences>("get_preferences"),
  setPreferences: (preferences) => invoke<Preferences>("set_preferences", { preferences }),
  startupDrawn: () => invoke<void>("startup_drawn"),
  requestSummary: () => invoke<RequestSummary>("request_summary"),
  listJurisdictions: () => invoke<Jurisdiction[]>("list_jurisdictions"),
  getRequest: (id) => invoke<RequestView>("get_request", { id }),
  addRequest: (form) => invoke<RequestRow>("add_request", { form }),
  actOnRequest: (id, action) => invoke<RequestView>("act_on_request", { id, action }),
  importRequests: () => invoke<ImportReport | null>("import_requests"),
  onImportEvents: async (handlers) => {
    const stops = await Promise.all([
      listen<number>("import-started", (event) => handlers.started(event.payload)),
      listen<ImportProgress>("import-progress", (event) => handlers.progress(event.payload)),
      listen<ImportReport>("import-finished", (event) => handlers.finished(event.payload)),
      listen<string>("import-failed", (event) => handlers.failed(event.payload)),
    ]);
    return () => {
      for (const stop of stops) void Promise.resolve(stop()).catch(() => undefined);
    };
  },
  draftLetter: (id, template, lang) => invoke<SavedFile | null>("draft_letter", { id, template, lang }),
  exportRequests: (format) => invoke<SavedFile | null>("export_requests", { format }),
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
  return t("common.backend_silent");
}
