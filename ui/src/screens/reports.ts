/** Reports: not yet available in this version. */
import { h } from "../h";
import { emptyState, screenTitle } from "../view";

export function renderReports(): HTMLElement {
  return h(
    "div",
    { class: "screen", "data-testid": "reports" },
    screenTitle("Reports"),
    emptyState(
      "Reports are not available yet",
      "Compliance reports (HTML, PDF and spreadsheet exports of the registers and checks) are not yet available in this version. Until then, the command-line tool's list verbs with --json give the same records.",
      "reports",
    ),
  );
}

export async function reportsScreen(): Promise<HTMLElement> {
  return renderReports();
}
