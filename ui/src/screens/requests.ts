/** Requests: the rights-request inbox with statutory due dates. */
import type { Api, RightsRequest } from "../api";
import { h } from "../h";
import { badge, calendarDate, dataTable, instant, optional, screenTitle } from "../view";

const FALLBACK_CONTACT = "the privacy contact address";

/** Renders the requests inbox, or the empty state naming the address requests arrive at. */
export function renderRequests(requests: RightsRequest[], contactEmail: string = FALLBACK_CONTACT): HTMLElement {
  return h(
    "div",
    { class: "screen", "data-testid": "requests" },
    screenTitle("Requests", "Requests for access, correction, deletion or withdrawal of authorization, with the deadline each rule sets."),
    dataTable({
      caption: "Rights requests",
      testid: "requests-table",
      rows: requests,
      empty: `No rights requests yet. Requests that arrive at ${contactEmail} will be logged here with their statutory due dates.`,
      columns: [
        { header: "No.", cell: (r) => String(r.id), numeric: true },
        { header: "Type", cell: (r) => r.type.replace(/_/g, " ") },
        { header: "Status", cell: (r) => badge(r.status) },
        { header: "Jurisdiction", cell: (r) => r.jurisdiction },
        { header: "Received", cell: (r) => instant(r.received_at) },
        { header: "Due", cell: (r) => calendarDate(r.due_date) },
        { header: "Requester", cell: (r) => optional(r.requester_email) },
        { header: "Rule", cell: (r) => optional(r.rule) },
      ],
    }),
  );
}

export async function requestsScreen(api: Api): Promise<HTMLElement> {
  const requests = await api.listRequests();
  let contact = FALLBACK_CONTACT;
  if (requests.length === 0) {
    // Only the empty state needs the address; a failure here must not hide the (empty) inbox.
    try {
      contact = (await api.dashboard()).contact_email || FALLBACK_CONTACT;
    } catch {
      /* keep the fallback wording */
    }
  }
  return renderRequests(requests, contact);
}
