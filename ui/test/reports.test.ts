import { afterEach, describe, expect, it, vi } from "vitest";
import type { ReportOutcome, ReportProgress, ReportRequest } from "../src/api";
import { setLocale } from "../src/i18n";
import { defaultPeriod, monthsBefore, renderReportResult, renderReports, reportRequest, reportsScreen } from "../src/screens/reports";
import { fakeApi, settle } from "./fixtures";
import { sampleOutcome, sampleReportKinds } from "./reports-fixtures";

const byTestId = <E extends Element = HTMLElement>(root: ParentNode, id: string) => root.querySelector<E & HTMLElement>(`[data-testid="${id}"]`);

afterEach(() => {
  setLocale("en");
  document.body.replaceChildren();
});

/** Picks a report as a click on its radio would. */
function pick(root: HTMLElement, kind: string): void {
  byTestId<HTMLInputElement>(root, `report-kind-${kind}`)!.click();
}

/** Sets an input or select as the officer would, and tells the page. */
function set(el: HTMLInputElement | HTMLSelectElement, value: string): void {
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
  el.dispatchEvent(new Event("change", { bubbles: true }));
}

/** The reports screen, in the document (a detached form neither submits nor fires radio changes). */
function shown(...args: Parameters<typeof renderReports>): HTMLElement {
  return document.body.appendChild(renderReports(...args));
}

const formatsShown = (root: HTMLElement) => [...byTestId<HTMLSelectElement>(root, "report-format")!.options].map((o) => o.value);

/** A promise and the functions that settle it. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("the period", () => {
  it.each([
    ["2026-11-29", "2025-11-29"],
    ["2028-02-29", "2027-02-28"],
    ["2026-01-31", "2025-01-31"],
  ])("twelve months before %s is %s", (date, expected) => {
    expect(monthsBefore(date, 12)).toBe(expected);
  });

  it("one month before 31 March is the last day of February", () => {
    expect(monthsBefore("2026-03-31", 1)).toBe("2026-02-28");
    expect(monthsBefore("2026-01-15", 1)).toBe("2025-12-15");
  });

  it("defaults to the twelve months to today", () => {
    expect(defaultPeriod("2026-11-29")).toEqual({ from: "2025-11-29", to: "2026-11-29" });
    const root = renderReports(sampleReportKinds(), fakeApi(), "2026-11-29");
    expect(byTestId<HTMLInputElement>(root, "report-from")?.value).toBe("2025-11-29");
    expect(byTestId<HTMLInputElement>(root, "report-to")?.value).toBe("2026-11-29");
    expect(byTestId<HTMLInputElement>(root, "report-from")?.type).toBe("date");
  });
});

describe("the reports form", () => {
  it("offers each report with its description", () => {
    const root = shown(sampleReportKinds(), fakeApi(), "2026-11-29");
    const group = byTestId(root, "report-kind")!;
    expect(group.tagName).toBe("FIELDSET");
    const radios = [...group.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    expect(radios.map((r) => r.value)).toEqual(["rights", "processors", "authorizations", "policy", "pack"]);
    expect(radios[0]!.checked).toBe(true);
    const pack = byTestId<HTMLInputElement>(root, "report-kind-pack")!;
    expect(root.querySelector(`label[for="${pack.id}"]`)?.textContent).toBe("Compliance pack");
    const hint = root.querySelector(`#${pack.getAttribute("aria-describedby")}`)?.textContent;
    expect(hint).toMatch(/check results and the policy in force/);
    expect(hint).toMatch(/As HTML, PDF\.$/);
  });

  it("limits the formats to the chosen report's", () => {
    const root = shown(sampleReportKinds(), fakeApi(), "2026-11-29");
    expect(formatsShown(root)).toEqual(["html", "pdf", "csv", "xlsx"]);
    set(byTestId<HTMLSelectElement>(root, "report-format")!, "xlsx");
    pick(root, "pack");
    expect(formatsShown(root)).toEqual(["html", "pdf"]);
    // XLSX is not made for the pack: the first format the pack has is chosen instead.
    expect(byTestId<HTMLSelectElement>(root, "report-format")!.value).toBe("html");
    set(byTestId<HTMLSelectElement>(root, "report-format")!, "pdf");
    pick(root, "processors");
    expect(formatsShown(root)).toEqual(["html", "pdf", "csv", "xlsx"]);
    // A format both reports have is kept.
    expect(byTestId<HTMLSelectElement>(root, "report-format")!.value).toBe("pdf");
  });

  it("sends the chosen report, format and period", async () => {
    const calls: ReportRequest[] = [];
    const root = shown(sampleReportKinds(), fakeApi({ generateReport: async (r) => (calls.push(r), null) }), "2026-11-29");
    pick(root, "pack");
    set(byTestId<HTMLSelectElement>(root, "report-format")!, "pdf");
    set(byTestId<HTMLInputElement>(root, "report-from")!, "2026-01-01");
    byTestId<HTMLButtonElement>(root, "report-generate")!.click();
    await settle();
    expect(calls).toEqual([{ kind: "pack", format: "pdf", from: "2026-01-01", to: "2026-11-29", language: "en" }]);
  });

  it("sends an empty date as null, for the backend's default", async () => {
    const calls: ReportRequest[] = [];
    const root = shown(sampleReportKinds(), fakeApi({ generateReport: async (r) => (calls.push(r), null) }), "2026-11-29");
    set(byTestId<HTMLInputElement>(root, "report-from")!, "");
    byTestId<HTMLButtonElement>(root, "report-generate")!.click();
    await settle();
    expect(calls).toEqual([{ kind: "rights", format: "html", from: null, to: "2026-11-29", language: "en" }]);
  });

  it("refuses a period that ends before it starts, without asking the backend", async () => {
    const generateReport = vi.fn(async () => null);
    const root = shown(sampleReportKinds(), fakeApi({ generateReport }), "2026-11-29");
    set(byTestId<HTMLInputElement>(root, "report-from")!, "2026-12-01");
    byTestId<HTMLButtonElement>(root, "report-generate")!.click();
    await settle();
    expect(generateReport).not.toHaveBeenCalled();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain("The period starts on 1 Dec 2026, after it ends on 29 Nov 2026");
    expect(byTestId(root, "report-from")?.getAttribute("aria-invalid")).toBe("true");
  });

  it("checks the format against the report", () => {
    const pack = sampleReportKinds()[4]!;
    expect(reportRequest(pack, "csv", "", "")).toBe("The Compliance pack comes as HTML or PDF; choose one of those formats.");
    expect(reportRequest(pack, "pdf", "2026-01-01", "2026-01-01")).toEqual({ kind: "pack", format: "pdf", from: "2026-01-01", to: "2026-01-01", language: "en" });
  });

  it("shows progress while generating, then the result, and stops following progress", async () => {
    let progress: ((p: ReportProgress) => void) | null = null;
    const unlisten = vi.fn();
    const pending = deferred<ReportOutcome | null>();
    const root = shown(
      sampleReportKinds(),
      fakeApi({
        onReportProgress: async (handler) => {
          progress = handler;
          return unlisten;
        },
        generateReport: () => pending.promise,
      }),
      "2026-11-29",
    );
    pick(root, "pack");
    set(byTestId<HTMLSelectElement>(root, "report-format")!, "pdf");
    const button = byTestId<HTMLButtonElement>(root, "report-generate")!;
    button.click();
    await settle();
    expect(button.disabled).toBe(true);
    const bar = byTestId<HTMLProgressElement>(root, "report-progress")!;
    expect(bar.tagName).toBe("PROGRESS");
    expect(bar.hasAttribute("value")).toBe(false); // indeterminate until the first stage
    expect(root.querySelector(`label[for="${bar.id}"]`)?.textContent).toBe("Generating the Compliance pack");
    progress!({ stage: "Typesetting the PDF", percent: 40 });
    expect(bar.value).toBe(40);
    expect(byTestId(root, "report-stage")?.textContent).toBe("Typesetting the PDF");
    expect(unlisten).not.toHaveBeenCalled();

    pending.resolve(sampleOutcome());
    await settle();
    expect(byTestId(root, "report-progress")).toBeNull();
    expect(unlisten).toHaveBeenCalledOnce();
    expect(button.disabled).toBe(false);
    const result = byTestId(root, "report-result")!;
    expect(result.dataset.outcome).toBe("generated");
    expect(result.dataset.format).toBe("pdf");
    expect(result.textContent).toContain("Saved the Compliance pack as PDF.");
  });

  it("says so when the save dialog is cancelled", async () => {
    const root = shown(sampleReportKinds(), fakeApi({ generateReport: async () => null }), "2026-11-29");
    byTestId<HTMLButtonElement>(root, "report-generate")!.click();
    await settle();
    const result = byTestId(root, "report-result")!;
    expect(result.dataset.outcome).toBe("cancelled");
    expect(result.textContent).toMatch(/nothing was written/);
  });

  it("shows the backend's refusal in an alert", async () => {
    const unlisten = vi.fn();
    const root = shown(
      sampleReportKinds(),
      fakeApi({ onReportProgress: async () => unlisten, generateReport: () => Promise.reject("cannot write /x/r.pdf: the folder /x does not exist") }),
      "2026-11-29",
    );
    byTestId<HTMLButtonElement>(root, "report-generate")!.click();
    await settle();
    const alert = root.querySelector('[role="alert"]')!;
    expect(alert.textContent).toBe("Not generated. Cannot write /x/r.pdf: the folder /x does not exist");
    expect(byTestId(root, "report-result")).toBeNull();
    expect(unlisten).toHaveBeenCalledOnce();
    expect(byTestId<HTMLButtonElement>(root, "report-generate")!.disabled).toBe(false);
  });

  it("still generates when progress cannot be followed", async () => {
    const root = shown(
      sampleReportKinds(),
      fakeApi({ onReportProgress: () => Promise.reject("no events"), generateReport: async () => sampleOutcome({ kind: "rights", format: "csv" }) }),
      "2026-11-29",
    );
    byTestId<HTMLButtonElement>(root, "report-generate")!.click();
    await settle();
    expect(byTestId(root, "report-result")?.dataset.outcome).toBe("generated");
  });

  it("loads the report kinds from the backend", async () => {
    const root = await reportsScreen(fakeApi());
    expect(root.dataset.testid).toBe("reports");
    expect(root.querySelectorAll('[data-testid="report-kind"] input[type="radio"]')).toHaveLength(5);
  });
});

describe("the report result", () => {
  it("shows path, size, SHA-256, period and the register's fingerprint", () => {
    const result = renderReportResult(sampleOutcome(), "Compliance pack", async () => undefined);
    expect(byTestId(result, "report-path")?.textContent).toBe("/tmp/exports/pack-report-2026-01-01-2026-11-29.pdf");
    expect(byTestId(result, "report-bytes")?.textContent).toBe("48,213 bytes (47.1 KB)");
    expect(byTestId(result, "report-bytes")?.dataset.bytes).toBe("48213");
    expect(byTestId(result, "report-sha256")?.textContent).toBe("5e".repeat(32));
    expect(byTestId(result, "report-fingerprint")?.textContent).toBe("9a".repeat(32));
    expect(byTestId(result, "report-fingerprint-entries")?.textContent).toBe("57");
    expect(byTestId(result, "report-period")?.textContent).toBe("1 Jan 2026 to 29 Nov 2026");
  });

  it("opens the report, and says why when it cannot", async () => {
    const open = vi.fn(async () => undefined);
    const result = renderReportResult(sampleOutcome(), "Compliance pack", open);
    byTestId<HTMLButtonElement>(result, "report-open")!.click();
    await settle();
    expect(open).toHaveBeenCalledOnce();
    expect(byTestId(result, "report-open-status")?.textContent).toMatch(/Opening it/);

    const failing = renderReportResult(sampleOutcome(), "Compliance pack", () => Promise.reject("cannot open /tmp/r.pdf: xdg-open not found"));
    byTestId<HTMLButtonElement>(failing, "report-open")!.click();
    await settle();
    expect(failing.querySelector('[role="alert"]')?.textContent).toBe("Not opened. Cannot open /tmp/r.pdf: xdg-open not found");
  });

  it("the Open button asks the backend for the last report", async () => {
    const openLastReport = vi.fn(async () => undefined);
    const root = shown(sampleReportKinds(), fakeApi({ generateReport: async () => sampleOutcome(), openLastReport }), "2026-11-29");
    byTestId<HTMLButtonElement>(root, "report-generate")!.click();
    await settle();
    byTestId<HTMLButtonElement>(root, "report-open")!.click();
    await settle();
    expect(openLastReport).toHaveBeenCalledOnce();
  });
});

describe("before any report is generated", () => {
  it("explains the five reports and what to do next", () => {
    const root = shown(sampleReportKinds(), fakeApi(), "2026-11-29");
    const none = byTestId(root, "report-none")!;
    expect(none.textContent).toContain(
      "No report generated yet. The workbench makes 5 reports: Rights requests report, Processors register, Authorizations report, Privacy policy history and Compliance pack.",
    );
    expect(none.textContent).toMatch(/then Generate…/);
  });

  it("gives way to the progress and the result", async () => {
    const root = shown(sampleReportKinds(), fakeApi({ generateReport: async () => sampleOutcome() }), "2026-11-29");
    byTestId<HTMLButtonElement>(root, "report-generate")!.click();
    await settle();
    expect(byTestId(root, "report-none")).toBeNull();
    expect(byTestId(root, "report-result")).not.toBeNull();
  });
});

describe("the report language", () => {
  it("offers English and Traditional Chinese, each named in itself, starting at the UI's language", () => {
    const root = shown(sampleReportKinds(), fakeApi(), "2026-11-29");
    const select = byTestId<HTMLSelectElement>(root, "report-language")!;
    expect(root.querySelector(`label[for="${select.id}"]`)?.textContent).toBe("Report language");
    expect([...select.options].map((o) => [o.value, o.textContent, o.lang])).toEqual([
      ["en", "English", "en"],
      ["zh-HK", "繁體中文（香港）", "zh-HK"],
    ]);
    expect(select.value).toBe("en");
  });

  it("follows the UI's language when the screen is built in Chinese", () => {
    setLocale("zh-HK");
    const root = shown(sampleReportKinds(), fakeApi(), "2026-11-29");
    expect(byTestId<HTMLSelectElement>(root, "report-language")!.value).toBe("zh-HK");
  });

  it("keeps the officer's choice", () => {
    const root = shown(sampleReportKinds(), fakeApi(), "2026-11-29");
    const select = byTestId<HTMLSelectElement>(root, "report-language")!;
    set(select, "zh-HK");
    pick(root, "pack");
    expect(select.value).toBe("zh-HK");
  });
});

describe("the reports screen in Traditional Chinese", () => {
  it("speaks Chinese and shows dates and numbers the Hong Kong way", async () => {
    setLocale("zh-HK");
    let progress: ((p: ReportProgress) => void) | null = null;
    const pending = deferred<ReportOutcome | null>();
    const root = shown(
      sampleReportKinds(),
      fakeApi({ onReportProgress: async (handler) => ((progress = handler), () => undefined), generateReport: () => pending.promise }),
      "2026-11-29",
    );
    expect(root.querySelector("h1")?.textContent).toBe("報告");
    const pack = byTestId<HTMLInputElement>(root, "report-kind-pack")!;
    expect(root.querySelector(`label[for="${pack.id}"]`)?.textContent).toBe("合規文件套");
    expect(root.querySelector(`#${pack.getAttribute("aria-describedby")}`)?.textContent).toMatch(/格式：HTML、PDF。$/);
    expect(byTestId(root, "report-none")?.textContent).toContain("工作台可製作 5 種報告");
    pick(root, "pack");
    expect([...byTestId<HTMLSelectElement>(root, "report-format")!.options].map((o) => o.textContent)).toEqual(["HTML（單一獨立網頁）", "PDF"]);

    byTestId<HTMLButtonElement>(root, "report-generate")!.click();
    await settle();
    const bar = byTestId<HTMLProgressElement>(root, "report-progress")!;
    expect(root.querySelector(`label[for="${bar.id}"]`)?.textContent).toBe("正在製作「合規文件套」");
    progress!({ stage: "Typesetting the PDF", percent: 40 });
    expect(byTestId(root, "report-stage")?.textContent).toBe("正在排版 PDF");

    pending.resolve(sampleOutcome({ fingerprint: { hash: "9a".repeat(32), entries: 12345 } }));
    await settle();
    expect(byTestId(root, "report-result")?.textContent).toContain("已將「合規文件套」儲存為 PDF。");
    expect(byTestId(root, "report-period")?.textContent).toBe("2026年1月1日至2026年11月29日");
    expect(byTestId(root, "report-period")?.querySelector("time")?.getAttribute("datetime")).toBe("2026-01-01");
    expect(byTestId(root, "report-bytes")?.textContent).toContain("48,213 位元組");
    expect(byTestId(root, "report-fingerprint-entries")?.textContent).toBe("12,345");
    expect(byTestId(root, "report-fingerprint-entries")?.dataset.entries).toBe("12345");
  });

  it("refuses a backwards period in Chinese, with the dates in the locale", async () => {
    setLocale("zh-HK");
    const root = shown(sampleReportKinds(), fakeApi(), "2026-11-29");
    set(byTestId<HTMLInputElement>(root, "report-from")!, "2026-12-01");
    byTestId<HTMLButtonElement>(root, "report-generate")!.click();
    await settle();
    expect(root.querySelector('[role="alert"]')?.textContent).toBe(
      "未能製作。 期間的開始日（2026年12月1日）遲於結束日（2026年11月29日）；請選擇不遲於結束日的開始日。",
    );
  });

  it("names the formats a report comes in as the language joins alternatives", () => {
    const pack = sampleReportKinds()[4]!;
    setLocale("zh-HK");
    expect(reportRequest(pack, "csv", "", "")).toBe("「合規文件套」只提供 HTML或PDF 格式；請從中選擇一種。");
  });

  it("keeps the backend's title for a report kind the catalog does not know", () => {
    setLocale("zh-HK");
    const root = shown([{ kind: "breaches", title: "Breach log", formats: ["csv"] }], fakeApi(), "2026-11-29");
    expect(root.querySelector('label[for="report-kind-breaches"]')?.textContent).toBe("Breach log");
    expect(root.querySelector("#report-kind-breaches-hint")?.textContent).toBe("格式：CSV。");
  });
});
