/**
 * The dashboard: who the register is for, the published policy, the rights requests that need
 * attention (overdue, due this week), the compliance checks and charts, and how much each register
 * holds.
 */
import { errorMessage, type Api, type CheckReport, type Counts, type Dashboard, type DashboardChart, type RequestSummary } from "../api";
import { h } from "../h";
import { formatNumber, t, tn, type MessageKey } from "../i18n";
import { requestAction } from "../keyboard";
import type { ScreenContext } from "../routes";
import { calendarDate, errorAlert, instant } from "../view";
import { renderCharts } from "./charts";
import { renderChecks } from "./checks";

/** The count cards, in display order, with the officers' words for each (looked up when drawn). */
export const COUNT_CARDS: ReadonlyArray<{ key: keyof Counts; label: () => string; note?: (c: Counts) => string }> = [
  { key: "policy_versions", label: () => t("dashboard.counts.policy_versions") },
  { key: "processors", label: () => t("dashboard.counts.processors") },
  { key: "merchants", label: () => t("dashboard.counts.merchants") },
  { key: "platforms", label: () => t("dashboard.counts.platforms") },
  { key: "scopes", label: () => t("dashboard.counts.scopes") },
  { key: "authorizations", label: () => t("dashboard.counts.authorizations"), note: (c) => tn("dashboard.counts.active", c.active_authorizations) },
  { key: "requests", label: () => t("dashboard.counts.requests"), note: (c) => tn("dashboard.counts.open", c.open_requests) },
  { key: "retention_rules", label: () => t("dashboard.counts.retention_rules") },
  { key: "audit_entries", label: () => t("dashboard.counts.audit_entries") },
];

/** The request cards: each counts open requests and links to the inbox showing them. */
export const REQUEST_CARDS: ReadonlyArray<{
  key: keyof RequestSummary;
  testid: string;
  label: () => string;
  href: string;
  note: (s: RequestSummary) => string;
  /** Drawn as a warning while the count is above zero. */
  alarm?: boolean;
}> = [
  { key: "open", testid: "count-open", label: () => t("dashboard.requests.open"), href: "#/requests", note: (s) => tn("dashboard.requests.open_note", s.paused) },
  {
    key: "overdue",
    testid: "count-overdue",
    label: () => t("dashboard.requests.overdue"),
    href: "#/requests?overdue=1",
    note: (s) => t(s.overdue > 0 ? "dashboard.requests.overdue_note_some" : "dashboard.requests.overdue_note_none"),
    alarm: true,
  },
  { key: "due_this_week", testid: "count-due-this-week", label: () => t("dashboard.requests.due_this_week"), href: "#/requests?due_within=7", note: () => t("dashboard.requests.due_this_week_note"), alarm: true },
  { key: "needs_triage", testid: "count-needs-triage", label: () => t("dashboard.requests.needs_triage"), href: "#/requests", note: () => t("dashboard.requests.needs_triage_note") },
];

/** The rights-request cards, or why they cannot be shown. */
function requestSection(requests: RequestSummary | string): HTMLElement {
  return h(
    "section",
    { "aria-labelledby": "requests-heading", "data-testid": "request-counts" },
    h("h2", { id: "requests-heading" }, t("dashboard.requests.heading")),
    typeof requests === "string"
      ? errorAlert(requests, t("dashboard.requests.failed"))
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
                h("span", { class: "card-number", "data-testid": testid }, formatNumber(n)),
                h("span", { class: "card-label" }, label()),
                h("span", { class: "card-note" }, note(requests)),
              ),
            );
          }),
        ),
  );
}

/**
 * Whether the register is new or empty: no requests, processors or merchants, and at most the
 * policy it was initialised with. The dashboard then opens with the welcome panel.
 */
export function isNewRegister(counts: Counts): boolean {
  return counts.requests === 0 && counts.processors === 0 && counts.merchants === 0 && counts.policy_versions <= 1;
}

/**
 * The welcome panel of a new register: the four registers in a few lines, and the next steps.
 * "Import the mailbox" asks the shell to open the inbox and start an import (as Ctrl+I does); the
 * others are links to the screens that hold them.
 */
export function renderWelcome(d: Dashboard): HTMLElement {
  const registers: Array<[MessageKey, string]> = [
    ["dashboard.welcome.policy_term", t("dashboard.welcome.policy_text")],
    ["dashboard.welcome.requests_term", t("dashboard.welcome.requests_text", { email: d.contact_email })],
    ["dashboard.welcome.processors_term", t("dashboard.welcome.processors_text")],
    ["dashboard.welcome.merchants_term", t("dashboard.welcome.merchants_text")],
  ];
  const importMail = h(
    "a",
    { class: "button-link primary", href: "#/requests", "data-testid": "welcome-import-mail", "aria-describedby": "welcome-import-mail-hint" },
    t("dashboard.welcome.import_mail"),
  );
  // With the shell listening, it opens the inbox and starts the import; without, the link opens the inbox.
  importMail.addEventListener("click", (event) => {
    if (requestAction("import")) event.preventDefault();
  });
  const step = (action: HTMLElement, hintId: string, hint: MessageKey) =>
    h("li", { class: "welcome-step" }, action, h("p", { id: hintId, class: "hint" }, t(hint)));
  return h(
    "section",
    { class: "panel welcome", "aria-labelledby": "welcome-heading", "data-testid": "welcome" },
    h("h2", { id: "welcome-heading" }, t("dashboard.welcome.heading")),
    h("p", null, t("dashboard.welcome.lead")),
    h(
      "ul",
      { class: "welcome-registers" },
      registers.map(([term, text]) => h("li", null, h("strong", null, t(term)), t("dashboard.welcome.separator"), text)),
    ),
    h("h3", null, t("dashboard.welcome.next_heading")),
    h(
      "ul",
      { class: "welcome-steps" },
      step(importMail, "welcome-import-mail-hint", "dashboard.welcome.import_mail_hint"),
      step(
        h("a", { class: "button-link", href: "#/processors", "data-testid": "welcome-import-processors", "aria-describedby": "welcome-import-processors-hint" }, t("dashboard.welcome.import_processors")),
        "welcome-import-processors-hint",
        "dashboard.welcome.import_processors_hint",
      ),
      step(
        h("a", { class: "button-link", href: "#/policy", "data-testid": "welcome-review-policy", "aria-describedby": "welcome-review-policy-hint" }, t("dashboard.welcome.review_policy")),
        "welcome-review-policy-hint",
        "dashboard.welcome.review_policy_hint",
      ),
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
    h("p", { class: "lead" }, t("dashboard.lead", { email: d.contact_email, jurisdiction: d.default_jurisdiction })),
    isNewRegister(d.counts) ? renderWelcome(d) : null,
    h(
      "section",
      { class: "panel policy-panel", "aria-labelledby": "policy-heading" },
      h("h2", { id: "policy-heading" }, t("dashboard.policy.heading")),
      policy
        ? h(
            "dl",
            { class: "facts" },
            h("dt", null, t("dashboard.policy.version")),
            h("dd", { "data-testid": "policy-label" }, policy.label),
            h("dt", null, t("dashboard.policy.last_updated")),
            h("dd", null, h("span", { "data-testid": "policy-date" }, calendarDate(policy.effective_date))),
            h("dt", null, t("dashboard.policy.published")),
            h("dd", null, instant(policy.published_at)),
          )
        : h("p", { "data-testid": "policy-label" }, t("dashboard.policy.none")),
    ),
    requests === null ? null : requestSection(requests),
    compliance.checks == null ? null : renderChecks(compliance.checks),
    compliance.charts == null ? null : renderCharts(compliance.charts),
    h(
      "section",
      { "aria-labelledby": "counts-heading" },
      h("h2", { id: "counts-heading" }, t("dashboard.counts.heading")),
      h(
        "ul",
        { class: "cards" },
        COUNT_CARDS.map(({ key, label, note }) =>
          h(
            "li",
            { class: "card" },
            h("span", { class: "card-number", "data-testid": `count-${key}` }, formatNumber(d.counts[key])),
            h("span", { class: "card-label" }, label()),
            note ? h("span", { class: "card-note" }, note(d.counts)) : null,
          ),
        ),
      ),
    ),
    h(
      "footer",
      { class: "register-footer" },
      h("span", null, `${t("dashboard.footer.schema_version")} `, h("span", { "data-testid": "schema-version" }, String(d.schema_version))),
      h(
        "span",
        null,
        `${t("dashboard.footer.audit_head")} `,
        d.audit_head
          ? h("code", { "data-testid": "audit-head", title: d.audit_head }, d.audit_head.slice(0, 12))
          : h("span", { "data-testid": "audit-head" }, t("dashboard.footer.audit_head_none")),
      ),
      h("span", null, `${t("dashboard.footer.register")} `, h("code", { "data-testid": "register-path" }, d.register_path)),
    ),
  );
}

/**
 * A section still loading: its heading, and a sentence saying what is being done. It takes the
 * loaded section's place when that arrives.
 */
function loadingSection(kind: "checks" | "charts"): HTMLElement {
  return h(
    "section",
    { class: kind, "aria-labelledby": `${kind}-heading`, "aria-busy": "true", "data-testid": `${kind}-loading` },
    h("h2", { id: `${kind}-heading` }, t(kind === "checks" ? "dashboard.checks.heading" : "dashboard.charts.heading")),
    h("p", { class: "lead", role: "status" }, t(kind === "checks" ? "dashboard.checks.loading" : "dashboard.charts.loading")),
  );
}

/**
 * Loads and renders the dashboard; after an import, it loads again. The figures come first; the
 * checks and charts, which read the whole register (about half a second at a million
 * requests), fill their sections when they arrive. `loaded` settles once both have.
 */
export async function dashboardScreen(api: Api, context?: ScreenContext): Promise<HTMLElement & { loaded?: Promise<void> }> {
  const [d, requests] = await Promise.all([
    api.dashboard(),
    // The request counts, checks and charts are one section each: a failure there must not hide the rest.
    api.requestSummary().catch((error: unknown) => errorMessage(error)),
  ]);
  // Asked only now: the backend answers one call at a time, and these take longest.
  const checks = api.runChecks().catch((error: unknown) => errorMessage(error));
  const charts = api.dashboardCharts().catch((error: unknown) => errorMessage(error));
  const checksPlace = loadingSection("checks");
  const chartsPlace = loadingSection("charts");
  const root: HTMLElement & { loaded?: Promise<void> } = renderDashboard(d, requests, {});
  // In renderDashboard's order: after the request counts, before the register's counts.
  const anchor = root.querySelector('section[aria-labelledby="counts-heading"]');
  root.insertBefore(chartsPlace, anchor);
  root.insertBefore(checksPlace, chartsPlace);
  root.loaded = Promise.all([
    checks.then((report) => checksPlace.replaceWith(renderChecks(report))),
    charts.then((list) => chartsPlace.replaceWith(renderCharts(list))),
  ]).then(() => undefined);
  context?.imports?.afterImport(root, () => {
    dashboardScreen(api, context).then(
      (fresh) => root.isConnected && root.replaceWith(fresh),
      () => undefined,
    );
  });
  return root;
}
