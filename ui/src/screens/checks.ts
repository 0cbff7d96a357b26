/**
 * The dashboard's compliance checks: the register against the policy's promises (DESIGN.md §5),
 * as `workbench check` runs them. Each check shows its status in words; a failing one opens to its
 * findings, each naming the records concerned with a link to the screen that holds them, and what
 * to do about it.
 */
import type { CheckReport, CheckResult, CheckStatus, Finding, RecordRef } from "../api";
import { h, type Child } from "../h";
import { formatNumber, t, tn, type MessageKey } from "../i18n";
import { calendarDate, emptyState, errorAlert, messageWith } from "../view";

/** The catalog key of each status's word, so colour is never the only sign. */
const STATUS_KEYS: Record<CheckStatus, MessageKey> = {
  pass: "dashboard.checks.status.pass",
  info: "dashboard.checks.status.info",
  warning: "dashboard.checks.status.warning",
  error: "dashboard.checks.status.error",
};

/** A check status in words, in the language in use: "Pass", "Note", "Warning", "Error". */
export function checkStatusWord(status: CheckStatus): string {
  const key = STATUS_KEYS[status];
  return key ? t(key) : status;
}

/** Where each kind of record lives, and how a link to one reads. */
const RECORD_SCREENS: Record<string, { href: (id: string) => string; text: (r: RecordRef) => string }> = {
  rights_request: { href: (id) => `#/requests/${encodeURIComponent(id)}`, text: (r) => capitalise(r.label) },
  // The processors screen has no per-processor route yet: the link opens the register.
  processor: { href: () => "#/processors", text: (r) => t("dashboard.checks.record.processor", { label: r.label }) },
  merchant: { href: (id) => `#/merchants/${encodeURIComponent(id)}`, text: (r) => t("dashboard.checks.record.merchant", { label: r.label }) },
  authorization: { href: () => "#/merchants", text: (r) => t("dashboard.checks.record.authorization", { id: r.id, label: r.label }) },
  policy_version: { href: () => "#/policy", text: (r) => t("dashboard.checks.record.policy_version", { label: r.label }) },
  platform: { href: () => "#/merchants", text: (r) => t("dashboard.checks.record.platform", { label: r.label }) },
  audit_entry: { href: () => "#/audit", text: (r) => t("dashboard.checks.record.audit_entry", { label: r.label }) },
};

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The screen that shows a record (`#/requests/12`), or null for a kind no screen shows. */
export function recordHref(record: RecordRef): string | null {
  return RECORD_SCREENS[record.entity]?.href(record.id) ?? null;
}

/** A check's or finding's status as a badge with its word. */
export function statusBadge(status: CheckStatus): HTMLElement {
  return h("span", { class: `badge check-badge check-badge-${status}` }, checkStatusWord(status));
}

/** A record a finding names: a link to its screen, or its label when no screen shows it. */
function recordLink(record: RecordRef): HTMLElement {
  const screen = RECORD_SCREENS[record.entity];
  if (!screen) return h("span", { class: "record", "data-entity": record.entity }, record.label);
  return h(
    "a",
    { href: screen.href(record.id), "data-testid": "check-record-link", "data-entity": record.entity, "data-id": record.id },
    screen.text(record),
  );
}

function renderFinding(finding: Finding): HTMLElement {
  return h(
    "li",
    { class: "finding", "data-testid": "check-finding", "data-severity": finding.severity },
    statusBadge(finding.severity),
    " ",
    h("span", { class: "finding-message" }, finding.message),
    finding.records.length > 0
      ? h("ul", { class: "finding-records", "aria-label": t("dashboard.checks.records") }, finding.records.map((r) => h("li", null, recordLink(r))))
      : null,
  );
}

/** One check: a line when it passes; a disclosure of findings and remedy when it does not. */
export function renderCheck(check: CheckResult): HTMLElement {
  const line: Child[] = [
    statusBadge(check.status),
    " ",
    h("span", { class: "check-title" }, check.title),
    " ",
    h("code", { class: "check-id" }, check.id),
  ];
  const attrs = { class: `check check-${check.status}`, "data-testid": `check-${check.id}`, "data-status": check.status };
  if (check.findings.length === 0) return h("li", attrs, h("div", { class: "check-line" }, line));
  return h(
    "li",
    attrs,
    h(
      "details",
      null,
      h("summary", { class: "check-line" }, line, " ", h("span", { class: "check-count" }, tn("dashboard.checks.findings", check.findings.length))),
      h("ul", { class: "findings" }, check.findings.map(renderFinding)),
      check.status === "info" ? null : h("p", { class: "remedy" }, h("strong", null, t("dashboard.checks.what_to_do")), " ", check.remedy),
    ),
  );
}

/** The count cards above the list: errors and warnings (findings), notes, and checks passed. */
function checkCounts(report: CheckReport): HTMLElement {
  const passed = report.results.filter((r) => r.status === "pass").length;
  const cards: Array<{ testid: string; n: number; label: string; level: string | null; note: string }> = [
    { testid: "checks-errors", n: report.errors, label: t("dashboard.checks.errors"), level: report.errors > 0 ? "card-bad" : null, note: t("dashboard.checks.errors_note") },
    { testid: "checks-warnings", n: report.warnings, label: t("dashboard.checks.warnings"), level: report.warnings > 0 ? "card-warn" : null, note: t("dashboard.checks.warnings_note") },
    { testid: "checks-infos", n: report.infos, label: t("dashboard.checks.notes"), level: null, note: t("dashboard.checks.notes_note") },
  ];
  return h(
    "ul",
    { class: "cards check-counts" },
    cards.map(({ testid, n, label, level, note }) =>
      h(
        "li",
        { class: `card${level ? ` ${level}` : ""}` },
        h("span", { class: "card-number", "data-testid": testid }, formatNumber(n)),
        h("span", { class: "card-label" }, label),
        h("span", { class: "card-note" }, note),
      ),
    ),
    h(
      "li",
      { class: "card" },
      h("span", { class: "card-number", "data-testid": "checks-passed" }, formatNumber(passed)),
      h("span", { class: "card-label" }, t("dashboard.checks.passed")),
      h("span", { class: "card-note" }, t("dashboard.checks.passed_of", { total: report.results.length })),
    ),
  );
}

const STATUS_RANK: Record<CheckStatus, number> = { error: 0, warning: 1, info: 2, pass: 3 };

/** The checks, those needing attention first (errors, warnings, notes, passes), else in the backend's order. */
export function attentionOrder(results: readonly CheckResult[]): CheckResult[] {
  return results
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (STATUS_RANK[a.r.status] ?? 0) - (STATUS_RANK[b.r.status] ?? 0) || a.i - b.i)
    .map(({ r }) => r);
}

/** The "Compliance checks" section: counts, then every check. `report` may be why it failed to load. */
export function renderChecks(report: CheckReport | string): HTMLElement {
  const heading = h("h2", { id: "checks-heading" }, t("dashboard.checks.heading"));
  if (typeof report === "string") {
    return h("section", { class: "checks", "aria-labelledby": "checks-heading", "data-testid": "checks" }, heading, errorAlert(report, t("dashboard.checks.failed")));
  }
  const needsAttention = report.results.some((r) => r.status !== "pass");
  return h(
    "section",
    { class: "checks", "aria-labelledby": "checks-heading", "data-testid": "checks", "data-today": report.today },
    heading,
    h("p", { class: "lead" }, messageWith("dashboard.checks.lead", { date: calendarDate(report.today), command: h("code", null, "workbench check") })),
    report.results.length === 0
      ? emptyState(t("dashboard.checks.none_title"), t("dashboard.checks.none"), "checks")
      : [
          checkCounts(report),
          needsAttention ? null : h("p", { class: "all-passed", "data-testid": "checks-all-passed" }, t("dashboard.checks.all_passed")),
          h("ul", { class: "check-list" }, attentionOrder(report.results).map(renderCheck)),
        ],
  );
}
