/** Processors: the service providers data is shared with, under confidentiality. */
import type { Api, Processor } from "../api";
import { h } from "../h";
import { badge, calendarDate, dataTable, screenTitle } from "../view";

export function renderProcessors(processors: Processor[]): HTMLElement {
  return h(
    "div",
    { class: "screen", "data-testid": "processors" },
    screenTitle("Processors", "Service providers that handle merchant data for the company, each bound by confidentiality."),
    dataTable({
      caption: "Processors",
      testid: "processors-table",
      rows: processors,
      empty:
        "No processors recorded yet. This register lists every service provider that handles merchant data, with its confidentiality or DPA status and next review date; add the first one to start tracking reviews.",
      columns: [
        { header: "Name", cell: (p) => p.name },
        { header: "Service", cell: (p) => p.service },
        { header: "Country", cell: (p) => p.country },
        { header: "Confidentiality / DPA", cell: (p) => p.confidentiality },
        { header: "Next review", cell: (p) => calendarDate(p.next_review) },
        { header: "Status", cell: (p) => badge(p.status) },
      ],
    }),
  );
}

export async function processorsScreen(api: Api): Promise<HTMLElement> {
  return renderProcessors(await api.listProcessors());
}
