/**
 * The dashboard: who the register is for, the published policy, the rights requests that need
 * attention (overdue, due this week), the compliance checks and charts, and how much each register
 * holds.
 */
import { errorMessage, type Api, type CheckReport, type Counts, type Dashboard, type DashboardChart, type RequestSummary } from "../api";
import { h } from "../h";
import type { ScreenContext } from "../routes";
import { calendarDate, errorAlert, instant } from "../view";
import { renderCharts } from "./charts";
import { renderChecks } from "./checks";

/** The count cards, in display order, with the officers' words for each. */
export const COUNT_CARDS: ReadonlyArray<{ key: keyof Counts; label: string; note?: (c: Counts) => string }> = [
  { key: "policy_versions", label: "Policy versions" },
  { key: "processors", label: "Processors" },
  { key: "merchants", label: "Merchants" },
  { key: "platforms", label: "Platforms" },
  { key: "scopes", label: "Catalogued scopes" },
  { key: "authorizations", label: "Authorizations", note: (c) => `${c.active_authorizations} active` },
  { key: "requests", label: "Rights requests", note: (c) => `${c.open_requests} open` },
  { key: "retention_rules", label: "Retention rules" },
  { key: "audit_entries", label: "Audit entries" },
];

/** The request cards: each counts open requests and links to the inbox showing them. */
export const REQUEST_CARDS: ReadonlyArray<{
  key: keyof RequestSummary;
  testid: string;
  label: string;
  href: string;
  note: (s: RequestSummary) => string;
  /** Drawn as a warning while the count is above zero. */
  alarm?: boolean;
}> = [
  { key: "open", testid: "count-open", label: "Open requests", href: "#/requests", note: (s) => `${s.paused} paused` },
  { key: "overdue", testid: "count-overdue", label: "Overdue", href: "#/requests?overdue=1", note: (s) => (s.overdue > 0 ? "past their statutory due date" : "none past due"), alarm: true },
  { key: "due_this_week", testid: "count-due-this-week", label: "Due this week", href: "#/requests?due_within=7", note: () => "due from today to 7 days ahead", alarm: true },
  { key: "needs_triage", testid: "count-needs-triage", label: "Needs triage", href: "#/requests", note: () => "type unclear: classify them" },
];

/** The rights-request cards, or why they cannot be shown. */
function requestSection(requests: RequestSummary | string): HTMLElement {
  return h(
    "section",
    { "aria-labelledby": "requests-heading", "data-testid": "request-counts" },
    h("h2", { id: "requests-heading" }, "Rights requests"),
    typeof requests === "string"
      ? errorAlert(requests, "The request counts could not be loaded.")
      : h(
          "ul",
          { class: "cards" },
          REQUEST_CARDS.map(({ key, testid, label, href, note, alarm }) => {
            const n = requests[key];
            const level = alarm && n > 0 ? (key === "overdue" ? "card-bad" : "card-warn") : null;
            return h(
              "li",
              { class: `card card-link-wrap${level ? ` ${level}` : ""}` },
              h(
                "a",
                { class: "card-link", href, "data-testid": `${testid}-link` },
                h("span", { class: "card-number", "data-testid": testid }, String(n)),
                h("span", { class: "card-label" }, label),
                h("span", { class: "card-note" }, note(requests)),
              ),
            );
          }),
        ),
  );
}

/**
 * The dashboard's compliance sections: the check results and the charts, each as loaded or the
 * sentence saying why it failed; an absent one is left out.
 */
export interface ComplianceSections {
  checks?: CheckReport | string | null;
  charts?: DashboardChart[] | string | null;
}

/**
 * Renders a loaded dashboard. Pure: the same data always gives the same DOM. `requests` is the
 * request summary, or the sentence saying why it failed; null leaves the request cards out.
 */
export function renderDashboard(d: Dashboard, requests: RequestSummary | string | null = null, compliance: ComplianceSections = {}): HTMLElement {
  const policy = d.published_policy;
  return h(
    "div",
    { class: "dashboard", "data-testid": "dashboard" },
    h("h1", { class: "screen-title", tabindex: "-1", "data-testid": "organisation" }, d.organisation),
    h(
      "p",
      { class: "lead" },
      `Privacy compliance register · contact ${d.contact_email} · default jurisdiction ${d.default_jurisdiction}`,
    ),
    h(
      "section",
      { class: "panel policy-panel", "aria-labelledby": "policy-heading" },
      h("h2", { id: "policy-heading" }, "Published privacy policy"),
      policy
        ? h(
            "dl",
            { class: "facts" },
            h("dt", null, "Version"),
            h("dd", { "data-testid": "policy-label" }, policy.label),
            h("dt", null, "Last updated"),
            h("dd", null, h("span", { "data-testid": "policy-date" }, calendarDate(policy.effective_date))),
            h("dt", null, "Published"),
            h("dd", null, instant(policy.published_at)),
          )
        : h(
            "p",
            { "data-testid": "policy-label" },
            "No policy version is published yet. Publish one from the Policy screen; its \"Last updated\" date is what merchants see.",
          ),
    ),
    requests === null ? null : requestSection(requests),
    compliance.checks == null ? null : renderChecks(compliance.checks),
    compliance.charts == null ? null : renderCharts(compliance.charts),
    h(
      "section",
      { "aria-labelledby": "counts-heading" },
      h("h2", { id: "counts-heading" }, "Registers"),
      h(
        "ul",
        { class: "cards" },
        COUNT_CARDS.map(({ key, label, note }) =>
          h(
            "li",
            { class: "card" },
            h("span", { class: "card-number", "data-testid": `count-${key}` }, String(d.counts[key])),
            h("span", { class: "card-label" }, label),
            note ? h("span", { class: "card-note" }, note(d.counts)) : null,
          ),
        ),
      ),
    ),
    h(
      "footer",
      { class: "register-footer" },
      h("span", null, "Schema version ", h("span", { "data-testid": "schema-version" }, String(d.schema_version))),
      h(
        "span",
        null,
        "Audit chain head ",
        d.audit_head
          ? h("code", { "data-testid": "audit-head", title: d.audit_head }, d.audit_head.slice(0, 12))
          : h("span", { "data-testid": "audit-head" }, "none (empty log)"),
      ),
      h("span", null, "Register ", h("code", { "data-testid": "register-path" }, d.register_path)),
    ),
  );
}

/** Loads and renders the dashboard; after an import, it loads again. */
export async function dashboardScreen(api: Api, context?: ScreenContext): Promise<HTMLElement> {
  const [d, requests, checks, charts] = await Promise.all([
    api.dashboard(),
    // The request counts, checks and charts are one section each: a failure there must not hide the rest.
    api.requestSummary().catch((error: unknown) => errorMessage(error)),
    api.runChecks().catch((error: unknown) => errorMessage(error)),
    api.dashboardCharts().catch((error: unknown) => errorMessage(error)),
  ]);
  const root = renderDashboard(d, requests, { checks, charts });
  context?.imports?.afterImport(root, () => {
    dashboardScreen(api, context).then(
      (fresh) => root.isConnected && root.replaceWith(fresh),
      () => undefined,
    );
  });
  return root;
}
