/** The dashboard: who the register is for, the published policy and how much each register holds. */
import type { Api, Counts, Dashboard } from "../api";
import { h } from "../h";
import { calendarDate, instant } from "../view";

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

/** Renders a loaded dashboard. Pure: the same data always gives the same DOM. */
export function renderDashboard(d: Dashboard): HTMLElement {
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

/** Loads and renders the dashboard. */
export async function dashboardScreen(api: Api): Promise<HTMLElement> {
  return renderDashboard(await api.dashboard());
}
