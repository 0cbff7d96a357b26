/** Policy: every version of the privacy policy, newest first as the backend lists them. */
import type { Api, PolicySummary } from "../api";
import { h } from "../h";
import { badge, calendarDate, dataTable, instant, optional, screenTitle } from "../view";

/** Renders the list of policy versions, or the empty state. */
export function renderPolicyVersions(versions: PolicySummary[]): HTMLElement {
  return h(
    "div",
    { class: "screen", "data-testid": "policy" },
    screenTitle("Policy", "Each published version is immutable; a correction is a new version with a new \"Last updated\" date."),
    dataTable({
      caption: "Privacy policy versions",
      testid: "policy-versions",
      rows: versions,
      empty:
        "No policy versions yet. The register keeps every version of the privacy policy with its \"Last updated\" date; initialise the register to import the current policy, then draft and publish changes here.",
      columns: [
        { header: "Version", cell: (v) => v.label },
        { header: "Status", cell: (v) => badge(v.status) },
        { header: "Last updated", cell: (v) => calendarDate(v.effective_date) },
        { header: "Material change", cell: (v) => (v.material_change ? "Yes" : "No") },
        { header: "Change summary", cell: (v) => optional(v.change_summary) },
        { header: "Created", cell: (v) => instant(v.created_at) },
        { header: "Published", cell: (v) => instant(v.published_at) },
      ],
    }),
  );
}

export async function policyScreen(api: Api): Promise<HTMLElement> {
  return renderPolicyVersions(await api.listPolicyVersions());
}
