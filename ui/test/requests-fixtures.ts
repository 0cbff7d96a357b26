/** Requests as the backend gives them, for the requests screens' tests; override what a test needs. */
import type { DetailOptions } from "../src/screens/request-detail";
import type { Paged, RequestQuery, RequestRow, RequestView } from "../src/api";

/** A request row; override what a test needs. */
export function row(overrides: Partial<RequestRow> = {}): RequestRow {
  return {
    id: 1,
    type: "access",
    status: "received",
    jurisdiction: "HK",
    received_at: "2026-11-26T02:15:00Z",
    due_date: "2027-01-05",
    requester_email: "tai.man.chan@example.hk",
    rule: "HK PDPO s.19: 40 days",
    received_on: "2026-11-26",
    channel: "email",
    requester_name: "Chan Tai Man",
    merchant_id: null,
    subject: "Data access request",
    paused_since: null,
    extended: false,
    days_left: 37,
    overdue: false,
    ...overrides,
  };
}

/** A request as the detail view receives it; override the detail's fields. */
export function view(overrides: Partial<RequestView["detail"]> = {}, rest: Partial<Omit<RequestView, "detail">> = {}): RequestView {
  return {
    detail: {
      ...row(),
      classification_note: "matched: 'access to my personal data'",
      merchant: null,
      rule_id: "hk-pdpo-s19-access",
      acknowledge_by: null,
      extended_at: null,
      extension_reason: null,
      extension_notice_due: null,
      identity_method: null,
      identity_verified_on: null,
      outcome: null,
      closed_at: null,
      sender: "Chan Tai Man <tai.man.chan@example.hk>",
      message_id: "e2e-access-1@example.hk",
      message_sha256: "ab".repeat(32),
      body: "Dear Wesmond",
      source_file: "a.eml",
      attachments: [],
      deadline: {
        due_date: "2027-01-05",
        rule_id: "hk-pdpo-s19-access",
        rule: "HK PDPO s.19: 40 days",
        source: "Personal Data (Privacy) Ordinance (Cap. 486) s.19(1)",
        extension: null,
        extension_notice_due: null,
        acknowledge_by: null,
        candidates: [{ rule_id: "hk-pdpo-s19-access", rule: "HK PDPO s.19: 40 days", due_date: "2027-01-05" }],
        notes: [],
      },
      ...overrides,
    },
    timeline: [
      {
        id: 1,
        at: "2026-11-29T10:00:00Z",
        actor: "officer",
        kind: "received",
        detail: { channel: "email", type: "access", classification: "matched: 'access to my personal data'", jurisdiction: "HK", due_date: "2027-01-05", rule: "HK PDPO s.19: 40 days" },
      },
    ],
    messages: [
      {
        id: 1,
        role: "original",
        message_id: "e2e-access-1@example.hk",
        sha256: "ab".repeat(32),
        sender: "Chan Tai Man <tai.man.chan@example.hk>",
        sent_at: "2026-11-26T02:15:00Z",
        received_at: "2026-11-26T02:15:00Z",
        subject: "Data access request",
        body: "Dear Wesmond,\n<script>alert(1)</script><img src=x onerror=alert(2)>\nRegards",
        in_reply_to: null,
        references: [],
        attachments: [{ name: "id-card.pdf", content_type: "application/pdf", size: 2048 }],
        source_file: "a.eml",
      },
    ],
    pauses: [],
    allowed_next: ["identity_check", "in_progress", "refused", "withdrawn"],
    ...rest,
  };
}

export const options = (overrides: Partial<DetailOptions> = {}): DetailOptions => ({
  jurisdictions: [
    { code: "HK", name: "Hong Kong (PDPO)" },
    { code: "EU", name: "European Union (GDPR)" },
  ],
  today: "2026-11-29",
  act: async () => undefined,
  draft: async () => undefined,
  ...overrides,
});

/** A backend page of `rows` as `listRequestsPage` returns it for `query`. */
export function paged(rows: RequestRow[], query: RequestQuery, total = rows.length): Paged<RequestRow> {
  return { total, offset: query.offset, limit: query.limit, rows };
}

/** The element with a data-testid under `root`. */
export const byTestId = <E extends Element = HTMLElement>(root: ParentNode, id: string) => root.querySelector<E & HTMLElement>(`[data-testid="${id}"]`);
