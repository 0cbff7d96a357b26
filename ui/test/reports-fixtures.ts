/** Sample check results, charts and report kinds, and a fake of the checks' and reports' commands. */
import type { CheckReport, DashboardChart, ReportKind, ReportOutcome, ReportsApi } from "../src/api";

/** The report kinds as `report_kinds` lists them. */
export function sampleReportKinds(): ReportKind[] {
  const tabular = ["html", "pdf", "csv", "xlsx"] as const;
  return [
    { kind: "rights", title: "Rights requests report", formats: [...tabular] },
    { kind: "processors", title: "Processors register", formats: [...tabular] },
    { kind: "authorizations", title: "Authorizations report", formats: [...tabular] },
    { kind: "policy", title: "Privacy policy history", formats: [...tabular] },
    { kind: "pack", title: "Compliance pack", formats: ["html", "pdf"] },
  ];
}

/** A check report with one check of each status; override what a test needs. */
export function sampleCheckReport(overrides: Partial<CheckReport> = {}): CheckReport {
  return {
    today: "2026-11-29",
    errors: 2,
    warnings: 1,
    infos: 1,
    results: [
      { id: "policy.last-updated", title: "The policy's \"Last updated\" matches the published version", remedy: "Publish a new version.", status: "pass", findings: [] },
      {
        id: "requests.overdue",
        title: "No open request is past its due date",
        remedy: "Answer the request, or record an extension with its reasons.",
        status: "error",
        findings: [
          { severity: "error", message: "request 12 (a@example.com) is 3 days past its due date 2026-11-26.", records: [{ entity: "rights_request", id: "12", label: "request 12 (a@example.com)" }] },
          {
            severity: "error",
            message: "request 14 was completed but Shop A's authorizations are still active.",
            records: [
              { entity: "rights_request", id: "14", label: "request 14" },
              { entity: "merchant", id: "3", label: "Shop A" },
            ],
          },
        ],
      },
      {
        id: "processors.review-due",
        title: "Every active processor has a review date not past",
        remedy: "Review the processor and record the next review date.",
        status: "warning",
        findings: [{ severity: "warning", message: "Acme Mail's review is due in 5 days.", records: [{ entity: "processor", id: "4", label: "Acme Mail" }] }],
      },
      {
        id: "registers.retention-due",
        title: "Records past their retention rule are listed",
        remedy: "Delete or anonymise them and record it.",
        status: "info",
        findings: [{ severity: "info", message: "1 record is due for deletion.", records: [] }],
      },
    ],
    ...overrides,
  };
}

/** Two small charts. */
export function sampleCharts(): DashboardChart[] {
  const svg = (title: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="300" viewBox="0 0 640 300" role="img" aria-label="${title}"><title>${title}</title><rect x="0" y="0" width="10" height="10"/></svg>`;
  return [
    { title: "Requests per month", svg: svg("Requests per month") },
    { title: "Scopes granted by sensitivity", svg: svg("Scopes granted by sensitivity") },
  ];
}

/** What `generate_report` answers for the pack as PDF. */
export function sampleOutcome(overrides: Partial<ReportOutcome> = {}): ReportOutcome {
  return {
    kind: "pack",
    format: "pdf",
    period: { from: "2026-01-01", to: "2026-11-29" },
    path: "/tmp/exports/pack-report-2026-01-01-2026-11-29.pdf",
    bytes: 48_213,
    sha256: "5e".repeat(32),
    fingerprint: { hash: "9a".repeat(32), entries: 57 },
    ...overrides,
  };
}

/** A backend whose checks all pass, with no charts, the five reports, and every save cancelled. */
export function fakeReportsApi(): ReportsApi {
  return {
    runChecks: async () => ({ today: "2026-11-29", errors: 0, warnings: 0, infos: 0, results: [] }),
    dashboardCharts: async () => [],
    reportKinds: async () => sampleReportKinds(),
    generateReport: async () => null,
    onReportProgress: async () => () => undefined,
    openLastReport: async () => undefined,
  };
}
