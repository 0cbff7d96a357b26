import { afterEach, describe, expect, it } from "vitest";
import type { RecordRef } from "../src/api";
import { chartImage, renderCharts, svgDataUrl } from "../src/screens/charts";
import { recordHref, renderCheck, renderChecks } from "../src/screens/checks";
import { dashboardScreen, renderDashboard } from "../src/screens/dashboard";
import { fakeApi, sampleDashboard } from "./fixtures";
import { sampleCharts, sampleCheckReport } from "./reports-fixtures";

const byTestId = <E extends Element = HTMLElement>(root: ParentNode, id: string) => root.querySelector<E & HTMLElement>(`[data-testid="${id}"]`);

/** The text a `data:…;base64,` URL carries, decoded as UTF-8. */
function decodeDataUrl(url: string): string {
  const base64 = url.replace(/^data:image\/svg\+xml;base64,/, "");
  const binary = atob(base64);
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

afterEach(() => document.body.replaceChildren());

describe("compliance checks", () => {
  it("counts errors and warnings (findings) at the top", () => {
    const root = renderChecks(sampleCheckReport());
    expect(root.getAttribute("data-testid")).toBe("checks");
    expect(byTestId(root, "checks-errors")?.textContent).toBe("2");
    expect(byTestId(root, "checks-warnings")?.textContent).toBe("1");
    expect(byTestId(root, "checks-infos")?.textContent).toBe("1");
    expect(byTestId(root, "checks-passed")?.textContent).toBe("1");
    expect(root.textContent).toContain("of 4");
  });

  it("lists every check, those needing attention first, with its status as data and as a word, not colour alone", () => {
    const root = renderChecks(sampleCheckReport());
    const shown = [...root.querySelectorAll<HTMLElement>('[data-testid^="check-"][data-status]')].map((el) => [
      el.dataset.testid,
      el.dataset.status,
      el.querySelector(".check-badge")?.textContent,
    ]);
    expect(shown).toEqual([
      ["check-requests.overdue", "error", "Error"],
      ["check-processors.review-due", "warning", "Warning"],
      ["check-registers.retention-due", "info", "Note"],
      ["check-policy.last-updated", "pass", "Pass"],
    ]);
  });

  it("keeps the backend's order among checks of one status", () => {
    const check = (id: string, status: "pass" | "error") => ({ id, title: id, remedy: "r", status, findings: status === "pass" ? [] : [{ severity: "error" as const, message: "m", records: [] }] });
    const root = renderChecks(sampleCheckReport({ results: [check("a", "pass"), check("b", "error"), check("c", "pass"), check("d", "error")] }));
    expect([...root.querySelectorAll<HTMLElement>("[data-status]")].map((el) => el.dataset.testid)).toEqual(["check-b", "check-d", "check-a", "check-c"]);
  });

  it("a passing check is one line; a failing one opens to its findings and remedy", () => {
    const report = sampleCheckReport();
    const pass = renderCheck(report.results[0]!);
    expect(pass.querySelector("details")).toBeNull();
    expect(pass.textContent).not.toContain("What to do");

    const failing = renderCheck(report.results[1]!);
    const details = failing.querySelector("details")!;
    expect(details).not.toBeNull();
    expect(details.open).toBe(false);
    expect(details.querySelector("summary")?.textContent).toContain("No open request is past its due date");
    expect(details.querySelector("summary")?.textContent).toContain("(2 findings)");
    const findings = [...failing.querySelectorAll<HTMLElement>('[data-testid="check-finding"]')];
    expect(findings.map((f) => f.dataset.severity)).toEqual(["error", "error"]);
    expect(findings[0]!.textContent).toContain("is 3 days past its due date");
    expect(failing.querySelector(".remedy")?.textContent).toBe("What to do: Answer the request, or record an extension with its reasons.");
  });

  it("links each finding's records to the screen that holds them", () => {
    const root = renderChecks(sampleCheckReport());
    const links = [...root.querySelectorAll<HTMLAnchorElement>('[data-testid="check-record-link"]')].map((a) => [a.getAttribute("href"), a.textContent]);
    expect(links).toEqual([
      ["#/requests/12", "Request 12 (a@example.com)"],
      ["#/requests/14", "Request 14"],
      ["#/merchants/3", "Merchant Shop A"],
      ["#/processors", "Processor Acme Mail"],
    ]);
  });

  it.each([
    ["rights_request", "12", "#/requests/12"],
    ["processor", "4", "#/processors"],
    ["merchant", "3", "#/merchants/3"],
    ["authorization", "7", "#/merchants"],
    ["policy_version", "2", "#/policy"],
    ["platform", "google", "#/merchants"],
    ["audit_entry", "5", "#/audit"],
    ["something_new", "1", null],
  ])("a %s record links to %s", (entity, id, href) => {
    expect(recordHref({ entity, id, label: "x" })).toBe(href);
  });

  it("shows a record no screen holds as text, without a link", () => {
    const record: RecordRef = { entity: "something_new", id: "1", label: "thing 1" };
    const check = renderCheck({ id: "x.y", title: "T", remedy: "R", status: "warning", findings: [{ severity: "warning", message: "m", records: [record] }] });
    expect(check.querySelector('[data-testid="check-record-link"]')).toBeNull();
    expect(check.querySelector(".finding-records")?.textContent).toBe("thing 1");
  });

  it("keeps messages and labels from the register as text", () => {
    const check = renderCheck({
      id: "x.y",
      title: "<b>title</b>",
      remedy: "<i>do</i>",
      status: "error",
      findings: [{ severity: "error", message: "<img src=x onerror=alert(1)>", records: [{ entity: "merchant", id: "1", label: "<script>alert(1)</script>" }] }],
    });
    expect(check.querySelector("b, i, img, script")).toBeNull();
    expect(check.textContent).toContain("<img src=x onerror=alert(1)>");
    expect(check.querySelector('[data-testid="check-record-link"]')?.textContent).toBe("Merchant <script>alert(1)</script>");
  });

  it("says why when the checks could not run", () => {
    const root = renderChecks("the register at /x is locked");
    expect(root.querySelector('[role="alert"]')?.textContent).toContain("The register at /x is locked");
    expect(byTestId(root, "checks-errors")).toBeNull();
  });
});

describe("charts", () => {
  it("shows each chart as an <img> whose data: URL carries the SVG's UTF-8 bytes", () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><title>Scopes · 敏感 – “restricted”…</title></svg>';
    const url = svgDataUrl(svg);
    expect(url.startsWith("data:image/svg+xml;base64,")).toBe(true);
    expect(decodeDataUrl(url)).toBe(svg);
  });

  it("encodes a large chart without overflowing", () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg">${"<rect/>".repeat(50_000)}</svg>`;
    expect(decodeDataUrl(svgDataUrl(svg))).toBe(svg);
  });

  it("titles each image and renders one per chart", () => {
    const root = renderCharts(sampleCharts());
    const images = [...root.querySelectorAll<HTMLImageElement>('[data-testid="dashboard-chart"]')];
    expect(images.map((i) => i.tagName)).toEqual(["IMG", "IMG"]);
    expect(images.map((i) => i.getAttribute("alt"))).toEqual(["Requests per month", "Scopes granted by sensitivity"]);
    expect(images.every((i) => i.getAttribute("src")!.startsWith("data:image/svg+xml;base64,"))).toBe(true);
  });

  it("never lets an SVG's markup (a <script> in it) into the DOM", () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><foreignObject><img src=x onerror=alert(2)></foreignObject></svg>';
    const root = renderCharts([{ title: "<script>alert(3)</script>", svg }]);
    document.body.appendChild(root);
    expect(root.querySelector("svg, script, foreignObject")).toBeNull();
    expect(root.querySelectorAll("img")).toHaveLength(1);
    const img = chartImage({ title: "t", svg });
    expect(img.querySelector("img")?.getAttribute("src")).toBe(svgDataUrl(svg));
    expect(img.innerHTML).not.toContain("<script");
    expect(root.querySelector("img")?.getAttribute("alt")).toBe("<script>alert(3)</script>");
  });

  it("explains an empty chart list, and a failure", () => {
    expect(byTestId(renderCharts([]), "charts-empty")?.textContent).toMatch(/No charts to draw/);
    expect(renderCharts("cannot read the register").querySelector('[role="alert"]')?.textContent).toContain("Cannot read the register");
  });
});

describe("dashboard with checks and charts", () => {
  it("keeps the existing cards and adds the checks and charts", () => {
    const root = renderDashboard(sampleDashboard(), null, { checks: sampleCheckReport(), charts: sampleCharts() });
    expect(byTestId(root, "count-processors")?.textContent).toBe("4");
    expect(byTestId(root, "policy-label")?.textContent).toBe("2026-05");
    expect(byTestId(root, "checks-errors")?.textContent).toBe("2");
    expect(root.querySelectorAll('[data-testid="dashboard-chart"]')).toHaveLength(2);
  });

  it("leaves them out when not given", () => {
    const root = renderDashboard(sampleDashboard());
    expect(byTestId(root, "checks")).toBeNull();
    expect(byTestId(root, "charts")).toBeNull();
  });

  it("draws the figures first and says the checks and charts are on their way", async () => {
    let finishChecks: (report: ReturnType<typeof sampleCheckReport>) => void = () => undefined;
    const root = await dashboardScreen(
      fakeApi({
        runChecks: () => new Promise((resolve) => (finishChecks = resolve)),
        dashboardCharts: () => new Promise(() => undefined),
      }),
    );
    expect(byTestId(root, "count-processors")?.textContent).toBe("4");
    const waiting = byTestId(root, "checks-loading");
    expect(waiting?.getAttribute("aria-busy")).toBe("true");
    expect(waiting?.textContent).toContain("Running the checks");
    expect(byTestId(root, "charts-loading")?.textContent).toContain("Drawing the charts");
    expect(byTestId(root, "checks")).toBeNull();
    finishChecks(sampleCheckReport());
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(byTestId(root, "checks-loading")).toBeNull();
    expect(byTestId(root, "checks-warnings")?.textContent).toBe("1");
    expect(byTestId(root, "charts-loading")).not.toBeNull();
  });

  it("loads checks and charts; a failure in one hides nothing else", async () => {
    const root = await dashboardScreen(
      fakeApi({
        runChecks: async () => sampleCheckReport(),
        dashboardCharts: () => Promise.reject("the charts failed"),
      }),
    );
    await root.loaded;
    expect(byTestId(root, "checks-loading")).toBeNull();
    expect(byTestId(root, "charts-loading")).toBeNull();
    expect(byTestId(root, "count-processors")?.textContent).toBe("4");
    expect(byTestId(root, "count-open")?.textContent).toBe("0");
    expect(byTestId(root, "checks-warnings")?.textContent).toBe("1");
    expect(byTestId(root, "check-requests.overdue")?.dataset.status).toBe("error");
    expect(byTestId(root, "charts")?.querySelector('[role="alert"]')?.textContent).toContain("The charts failed");
  });
});
