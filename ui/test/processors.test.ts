import { afterEach, describe, expect, it, vi } from "vitest";
import type { FieldError, Processor, ProcessorInput } from "../src/api";
import { fieldMessage } from "../src/screens/register-form";
import { importProblems } from "../src/screens/register-sheets";
import { matchesSearch, nextSort, sortRows, type SortColumn } from "../src/screens/register-table";
import { DEFAULT_PROCESSOR_VIEW, filterProcessors, processorsScreen, renderProcessors, renderProcessorTable, reviewFlag } from "../src/screens/processors";
import { fakeApi, settle } from "./fixtures";
import { processorRecord, processorRow } from "./registers-fixtures";

const byTestId = <E extends HTMLElement = HTMLElement>(root: ParentNode, id: string) => root.querySelector<E>(`[data-testid="${id}"]`);
const rowNames = (root: ParentNode) => [...root.querySelectorAll('[data-testid="processor-row"]')].map((tr) => tr.querySelector("td")?.textContent);
const TODAY = "2026-06-15";

/** Sets a control's value as typing would, and says so. */
function type(el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, value: string, leave = false) {
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
  if (leave) el.dispatchEvent(new Event("change", { bubbles: true }));
}

const ROWS: Processor[] = [
  processorRow({ id: 1, name: "Lotus Cloud Hosting Ltd", service: "hosting", country: "SG", next_review: "2027-01-15" }),
  processorRow({ id: 2, name: "acme mail", service: "e-mail delivery", country: "US", confidentiality: "pending", next_review: "2026-06-01" }),
  processorRow({ id: 3, name: "Zeta Support", service: "support desk", country: "IE", status: "retired", next_review: null }),
];

afterEach(() => {
  document.body.replaceChildren();
  vi.useRealTimers();
});

describe("table helpers", () => {
  const columns: SortColumn<{ name: string; n: number | null }>[] = [
    { key: "name", header: "Name", cell: (r) => r.name, sortValue: (r) => r.name },
    { key: "n", header: "N", cell: (r) => String(r.n), sortValue: (r) => r.n },
  ];
  const rows = [
    { name: "item 10", n: 2 },
    { name: "Item 9", n: null },
    { name: "alpha", n: 10 },
  ];

  it("sorts text naturally and case-insensitively, both ways", () => {
    expect(sortRows(rows, columns, { key: "name", direction: "ascending" }).map((r) => r.name)).toEqual(["alpha", "Item 9", "item 10"]);
    expect(sortRows(rows, columns, { key: "name", direction: "descending" }).map((r) => r.name)).toEqual(["item 10", "Item 9", "alpha"]);
  });

  it("sorts numbers by value and keeps empty values last either way", () => {
    expect(sortRows(rows, columns, { key: "n", direction: "ascending" }).map((r) => r.n)).toEqual([2, 10, null]);
    expect(sortRows(rows, columns, { key: "n", direction: "descending" }).map((r) => r.n)).toEqual([10, 2, null]);
  });

  it("keeps the backend's order when unsorted, and flips on a second click", () => {
    expect(sortRows(rows, columns, null)).toEqual(rows);
    expect(nextSort(null, "name")).toEqual({ key: "name", direction: "ascending" });
    expect(nextSort({ key: "name", direction: "ascending" }, "name")).toEqual({ key: "name", direction: "descending" });
    expect(nextSort({ key: "name", direction: "descending" }, "n")).toEqual({ key: "n", direction: "ascending" });
  });

  it("searches every word, in any field, in any case", () => {
    expect(matchesSearch("", ["x"])).toBe(true);
    expect(matchesSearch("lotus sg", ["Lotus Cloud", "hosting", "SG"])).toBe(true);
    expect(matchesSearch("lotus hk", ["Lotus Cloud", "hosting", "SG"])).toBe(false);
    expect(matchesSearch("HOST", [null, "hosting"])).toBe(true);
  });
});

describe("processors table", () => {
  const actions = { edit: vi.fn(), retire: vi.fn() };

  it("searches name, service and country, and filters by status", () => {
    expect(filterProcessors(ROWS, { ...DEFAULT_PROCESSOR_VIEW, search: "mail" }).map((p) => p.id)).toEqual([2]);
    expect(filterProcessors(ROWS, { ...DEFAULT_PROCESSOR_VIEW, search: "ie" }).map((p) => p.id)).toEqual([3]);
    expect(filterProcessors(ROWS, { ...DEFAULT_PROCESSOR_VIEW, search: "sg" }).map((p) => p.id)).toEqual([1]);
    expect(filterProcessors(ROWS, { ...DEFAULT_PROCESSOR_VIEW, status: "retired" }).map((p) => p.id)).toEqual([3]);
    expect(filterProcessors(ROWS, { ...DEFAULT_PROCESSOR_VIEW, status: "active", search: "zeta" })).toEqual([]);
  });

  it("says how many rows a search hides instead of showing an empty table", () => {
    const el = renderProcessorTable(ROWS, { ...DEFAULT_PROCESSOR_VIEW, search: "nothing like this" }, actions, () => undefined, TODAY);
    expect(el.querySelector("table")).toBeNull();
    expect(el.textContent).toContain("No processors match the search or filter. 3 records are hidden");
  });

  it("flags a review that is past, within 30 days or missing, for active processors only", () => {
    expect(reviewFlag({ status: "active", next_review: "2026-06-01" }, TODAY)).toEqual({ kind: "overdue", text: "Review overdue by 14 days" });
    expect(reviewFlag({ status: "active", next_review: "2026-06-15" }, TODAY)).toEqual({ kind: "soon", text: "Review due today" });
    expect(reviewFlag({ status: "active", next_review: "2026-07-15" }, TODAY)).toEqual({ kind: "soon", text: "Review due in 30 days" });
    expect(reviewFlag({ status: "active", next_review: "2026-07-16" }, TODAY)).toBeNull();
    expect(reviewFlag({ status: "active", next_review: null }, TODAY)?.kind).toBe("missing");
    expect(reviewFlag({ status: "retired", next_review: "2020-01-01" }, TODAY)).toBeNull();

    const el = renderProcessorTable(ROWS, DEFAULT_PROCESSOR_VIEW, actions, () => undefined, TODAY);
    const flags = [...el.querySelectorAll('[data-testid="review-flag"]')].map((f) => [f.closest("tr")?.getAttribute("data-id"), f.getAttribute("data-kind")]);
    expect(flags).toEqual([["2", "overdue"]]);
  });

  it("sorts by the clicked header, then the other way, saying so with aria-sort", () => {
    const root = renderProcessors(ROWS, fakeApi(), TODAY);
    document.body.appendChild(root);
    expect(rowNames(root)).toEqual(["Lotus Cloud Hosting Ltd", "acme mail", "Zeta Support"]);
    const nameHeader = () => root.querySelector<HTMLButtonElement>('th button[data-sort-key="name"]')!;
    nameHeader().click();
    expect(rowNames(root)).toEqual(["acme mail", "Lotus Cloud Hosting Ltd", "Zeta Support"]);
    expect(nameHeader().closest("th")?.getAttribute("aria-sort")).toBe("ascending");
    expect(document.activeElement).toBe(nameHeader());
    nameHeader().click();
    expect(rowNames(root)).toEqual(["Zeta Support", "Lotus Cloud Hosting Ltd", "acme mail"]);
    expect(nameHeader().closest("th")?.getAttribute("aria-sort")).toBe("descending");
    root.querySelector<HTMLButtonElement>('th button[data-sort-key="next_review"]')!.click();
    expect(rowNames(root)).toEqual(["acme mail", "Lotus Cloud Hosting Ltd", "Zeta Support"]);
    expect(root.querySelector('th button[data-sort-key="actions"]')).toBeNull();
  });

  it("searches as the officer types and filters by status", () => {
    const root = renderProcessors(ROWS, fakeApi(), TODAY);
    type(byTestId<HTMLInputElement>(root, "processors-search")!, "Hosting");
    expect(rowNames(root)).toEqual(["Lotus Cloud Hosting Ltd"]);
    expect(root.querySelector("caption")?.textContent).toBe("Processors (1 of 3 shown)");
    type(byTestId<HTMLInputElement>(root, "processors-search")!, "");
    const status = byTestId<HTMLSelectElement>(root, "processors-status-filter")!;
    status.value = "retired";
    status.dispatchEvent(new Event("change"));
    expect(rowNames(root)).toEqual(["Zeta Support"]);
    expect(root.querySelector('label[for="processors-status-filter"]')?.textContent).toBe("Status");
  });

  it("marks each row with its id and offers Retire only for active processors", () => {
    const root = renderProcessors(ROWS, fakeApi(), TODAY);
    expect([...root.querySelectorAll('[data-testid="processor-row"]')].map((r) => r.getAttribute("data-id"))).toEqual(["1", "2", "3"]);
    expect([...root.querySelectorAll('[data-testid="processor-retire"]')].map((b) => b.getAttribute("data-id"))).toEqual(["1", "2"]);
    expect(root.querySelector('[data-testid="processor-edit"][data-id="3"]')?.getAttribute("aria-label")).toBe("Edit Zeta Support");
  });
});

describe("processors empty state", () => {
  it("explains the register and offers Add and Import", async () => {
    const importRegister = vi.fn(async () => null);
    const root = renderProcessors([], fakeApi({ importRegister }), TODAY);
    const empty = byTestId(root, "processors-empty")!;
    expect(empty.textContent).toContain("No processors recorded yet");
    expect(empty.textContent).toContain("confidentiality agreement or DPA");
    expect(empty.textContent).toContain("policy \u00a76");
    expect(root.querySelector("table")).toBeNull();
    expect(byTestId(root, "processors-search")?.closest<HTMLElement>(".register-filters")?.hidden).toBe(true);
    expect(byTestId(empty, "processors-empty-add")?.textContent).toBe("Add a processor\u2026");
    expect(byTestId(empty, "processors-empty-import")?.textContent).toBe("Import the processors spreadsheet\u2026");
    expect(empty.textContent).toContain("next reviewed");
    byTestId(empty, "processors-empty-import")!.click();
    await settle();
    expect(importRegister).toHaveBeenCalledWith("processors");
    expect(byTestId(root, "processors-import-result")?.textContent).toContain("Import cancelled");
  });

  it("processorsScreen loads from the backend", async () => {
    const root = await processorsScreen(fakeApi({ listProcessors: async () => ROWS }));
    expect(root.querySelectorAll('[data-testid="processor-row"]')).toHaveLength(3);
  });
});

describe("processor form", () => {
  const countryError: FieldError = { field: "country", message: "'Singapore' is not an ISO 3166-1 alpha-2 country code; write e.g. HK, US, SG, IE or EU" };

  /** Opens the add form on an empty register whose check answers `check(input)`. */
  function openAdd(check: (input: ProcessorInput) => FieldError[], more: Parameters<typeof fakeApi>[0] = {}) {
    const calls: Array<[number | null, ProcessorInput]> = [];
    const api = fakeApi({
      checkProcessor: async (id, input) => {
        calls.push([id, input]);
        return check(input);
      },
      ...more,
    });
    const root = renderProcessors([], api, TODAY);
    document.body.appendChild(root);
    byTestId(root, "processors-add")!.click();
    const form = byTestId<HTMLFormElement>(root, "processor-form")!;
    const field = (name: string) => byTestId<HTMLInputElement>(form, `processor-field-${name}`)!;
    return { root, form, field, calls, save: byTestId<HTMLButtonElement>(form, "processor-save")! };
  }

  it("labels every field, and opens in a dialog with focus on the first", () => {
    const { root, form, field } = openAdd(() => []);
    expect(byTestId(root, "processor-dialog")?.hasAttribute("open")).toBe(true);
    for (const name of ["name", "service", "purpose", "data_categories", "country", "transfer_mechanism", "confidentiality", "confidentiality_date", "contract_start", "contract_end", "next_review", "notes"]) {
      const control = field(name);
      expect(control, name).not.toBeNull();
      expect(form.querySelector(`label[for="${control.id}"]`), name).not.toBeNull();
    }
    expect(byTestId(form, "processor-field-status")).toBeNull();
    expect(document.activeElement).toBe(field("name"));
  });

  it("shows the backend's message under the field after a pause in typing, and clears it once fixed", async () => {
    vi.useFakeTimers();
    const { form, field, calls, save } = openAdd((input) => (input.country === "Singapore" ? [countryError] : []));
    type(field("name"), "Lotus Cloud Hosting Ltd");
    type(field("country"), "Singapore");
    expect(byTestId(form, "processor-field-error-country")).toBeNull();
    await vi.advanceTimersByTimeAsync(350);
    expect(calls).toHaveLength(1);
    expect(calls[0]![0]).toBeNull();
    expect(calls[0]![1]).toMatchObject({ name: "Lotus Cloud Hosting Ltd", country: "Singapore", confidentiality: "none" });
    const error = byTestId(form, "processor-field-error-country")!;
    expect(error.textContent).toBe("'Singapore' is not an ISO 3166-1 alpha-2 country code; write e.g. HK, US, SG, IE or EU.");
    expect(field("country").getAttribute("aria-invalid")).toBe("true");
    expect(field("country").getAttribute("aria-describedby")).toContain(error.id);
    expect(save.disabled).toBe(true);

    type(field("country"), "SG");
    await vi.advanceTimersByTimeAsync(350);
    expect(byTestId(form, "processor-field-error-country")).toBeNull();
    expect(field("country").hasAttribute("aria-invalid")).toBe(false);
    expect(save.disabled).toBe(false);
  });

  it("checks at once when a field is left, and only shows problems of touched fields", async () => {
    const { form, field } = openAdd(() => [
      { field: "name", message: "is required" },
      { field: "confidentiality_date", message: "is required when confidentiality is confidentiality_agreement or dpa: the date it was signed" },
    ]);
    const confidentiality = byTestId<HTMLSelectElement>(form, "processor-field-confidentiality")!;
    type(confidentiality, "dpa", true);
    await settle();
    expect(byTestId(form, "processor-field-error-name")).toBeNull();
    expect(byTestId(form, "processor-field-error-confidentiality_date")).toBeNull();
    type(field("confidentiality_date"), "", true);
    await settle();
    expect(byTestId(form, "processor-field-error-confidentiality_date")?.textContent).toBe(
      "Signed on is required when confidentiality is confidentiality_agreement or dpa: the date it was signed.",
    );
  });

  it("on Save shows every problem and focuses the first, without saving", async () => {
    const saveProcessor = vi.fn();
    const { form, field, save } = openAdd(() => [{ field: "name", message: "is required" }, { field: "country", message: "is required: an ISO 3166-1 alpha-2 code such as HK or US" }], { saveProcessor });
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    await settle();
    expect(byTestId(form, "processor-field-error-name")?.textContent).toBe("Name is required.");
    expect(byTestId(form, "processor-field-error-country")?.textContent).toBe("Country is required: an ISO 3166-1 alpha-2 code such as HK or US.");
    expect(document.activeElement).toBe(field("name"));
    expect(save.disabled).toBe(true);
    expect(saveProcessor).not.toHaveBeenCalled();
  });

  it("saves every field as typed, closes, reloads and says what was added", async () => {
    const saved: Array<[number | null, ProcessorInput]> = [];
    const stored = processorRecord({ id: 9 });
    let list: Processor[] = [];
    const { root, form, field } = openAdd(() => [], {
      saveProcessor: async (id, input) => {
        saved.push([id, input]);
        list = [processorRow({ id: 9 })];
        return stored;
      },
      listProcessors: async () => list,
    });
    type(field("name"), "Lotus Cloud Hosting Ltd");
    type(field("service"), "hosting");
    type(field("purpose"), "Hosting the TrackTrack service");
    type(field("country"), "SG");
    type(byTestId<HTMLSelectElement>(form, "processor-field-confidentiality")!, "dpa", true);
    type(field("confidentiality_date"), "2026-01-15");
    type(field("next_review"), "2027-01-15");
    byTestId(form, "processor-save")!.click();
    await settle();
    expect(saved).toEqual([
      [
        null,
        {
          name: "Lotus Cloud Hosting Ltd",
          service: "hosting",
          purpose: "Hosting the TrackTrack service",
          data_categories: "",
          country: "SG",
          transfer_mechanism: "",
          confidentiality: "dpa",
          confidentiality_date: "2026-01-15",
          contract_start: "",
          contract_end: "",
          next_review: "2027-01-15",
          notes: "",
        },
      ],
    ]);
    expect(byTestId(root, "processor-dialog")).toBeNull();
    expect(byTestId(root, "processors-message")?.textContent).toBe("Added Lotus Cloud Hosting Ltd.");
    expect(root.querySelector('[data-testid="processor-row"][data-id="9"]')).not.toBeNull();
  });

  it("shows the backend's refusal in the form and keeps it open", async () => {
    const { root, form, field } = openAdd(() => [], {
      saveProcessor: async () => Promise.reject("name: a processor named 'Lotus' already exists (id 3); edit that one instead"),
    });
    type(field("name"), "Lotus");
    byTestId(form, "processor-save")!.click();
    await settle();
    const alert = byTestId(form, "processor-form-error")?.querySelector('[role="alert"]');
    expect(alert?.textContent).toBe("Not saved. Name: a processor named 'Lotus' already exists (id 3); edit that one instead");
    expect(byTestId(root, "processor-dialog")).not.toBeNull();
  });

  it("edits a processor from its stored fields, with a status field", async () => {
    const calls: Array<[number | null, ProcessorInput]> = [];
    const root = renderProcessors(
      [processorRow({ id: 4 })],
      fakeApi({
        getProcessor: async (id) => processorRecord({ id, data_categories: ["a", "b"], notes: "hello" }),
        checkProcessor: async (id, input) => {
          calls.push([id, input]);
          return [];
        },
      }),
      TODAY,
    );
    document.body.appendChild(root);
    byTestId(root, "processor-edit")!.click();
    await settle();
    const form = byTestId(root, "processor-form")!;
    expect(form.querySelector("h2")?.textContent).toBe("Edit Lotus Cloud Hosting Ltd");
    expect(byTestId<HTMLInputElement>(form, "processor-field-data_categories")!.value).toBe("a; b");
    expect(byTestId<HTMLSelectElement>(form, "processor-field-status")!.value).toBe("active");
    type(byTestId<HTMLInputElement>(form, "processor-field-notes")!, "changed", true);
    await settle();
    expect(calls[0]![0]).toBe(4);
  });

  it("retires with the reason given", async () => {
    const retireProcessor = vi.fn(async (id: number) => processorRecord({ id, status: "retired" }));
    const root = renderProcessors([processorRow({ id: 4 })], fakeApi({ retireProcessor }), TODAY);
    document.body.appendChild(root);
    byTestId(root, "processor-retire")!.click();
    const reason = byTestId<HTMLTextAreaElement>(root, "processor-retire-reason")!;
    reason.value = "  Contract ended  ";
    byTestId(root, "processor-retire-confirm")!.click();
    await settle();
    expect(retireProcessor).toHaveBeenCalledWith(4, "Contract ended");
    expect(byTestId(root, "processors-message")?.textContent).toBe("Retired Lotus Cloud Hosting Ltd.");
  });
});

describe("processor spreadsheets", () => {
  it("exports CSV and shows where the file went", async () => {
    const exportRegister = vi.fn(async () => ({ what: "processors", file: "/tmp/exports/processors.csv", format: "csv" as const, rows: 3, bytes: 2048 }));
    const root = renderProcessors(ROWS, fakeApi({ exportRegister }), TODAY);
    byTestId(root, "processors-export-csv")!.click();
    await settle();
    expect(exportRegister).toHaveBeenCalledWith("processors", "csv");
    const result = byTestId(root, "processors-export-result")!;
    expect(result.getAttribute("data-outcome")).toBe("saved");
    expect(result.getAttribute("data-format")).toBe("csv");
    expect(byTestId(result, "processors-export-path")?.textContent).toBe("/tmp/exports/processors.csv");
    expect(result.textContent).toBe("Exported 3 rows of processors to /tmp/exports/processors.csv (CSV, 2,048 bytes (2.0 KB)).");
  });

  it("says when an export was cancelled", async () => {
    const root = renderProcessors(ROWS, fakeApi(), TODAY);
    byTestId(root, "processors-export-xlsx")!.click();
    await settle();
    expect(byTestId(root, "processors-export-result")?.getAttribute("data-outcome")).toBe("cancelled");
  });

  it("lists every bad row of a refused import in an alert", async () => {
    const message =
      "/tmp/p.csv: 2 problems in 2 rows; nothing was imported. Fix the file and import it again:\nrow 2, column country: 'Singapore' is not an ISO 3166-1 alpha-2 country code\nrow 5, column next_review: '2026-02-30' is not a date; write it as YYYY-MM-DD";
    expect(importProblems(message).rows).toHaveLength(2);
    const root = renderProcessors(ROWS, fakeApi({ importRegister: async () => Promise.reject(message) }), TODAY);
    byTestId(root, "processors-import")!.click();
    await settle();
    const alert = byTestId(root, "processors-import-problems")!;
    expect(alert.getAttribute("role")).toBe("alert");
    expect(alert.querySelector("p")?.textContent).toBe("Not imported. /tmp/p.csv: 2 problems in 2 rows; nothing was imported. Fix the file and import it again:");
    expect([...alert.querySelectorAll("li")].map((li) => li.textContent)).toEqual([
      "row 2, column country: 'Singapore' is not an ISO 3166-1 alpha-2 country code",
      "row 5, column next_review: '2026-02-30' is not a date; write it as YYYY-MM-DD",
    ]);
  });

  it("reloads after an import that changed something", async () => {
    const listProcessors = vi.fn(async () => ROWS);
    const root = renderProcessors([], fakeApi({ listProcessors, importRegister: async () => ({ what: "processors", file: "/tmp/p.xlsx", format: "xlsx", rows: 3, added: 3, updated: 0, unchanged: 0 }) }), TODAY);
    byTestId(root, "processors-import")!.click();
    await settle();
    expect(byTestId(root, "processors-import-result")?.textContent).toBe("Imported 3 rows from /tmp/p.xlsx: 3 added, 0 updated, 0 unchanged.");
    expect(listProcessors).toHaveBeenCalled();
    expect(root.querySelectorAll('[data-testid="processor-row"]')).toHaveLength(3);
  });
});

describe("fieldMessage", () => {
  it("reads a fragment after the field's label, and a clause on its own", () => {
    expect(fieldMessage("Name", "is required")).toBe("Name is required.");
    expect(fieldMessage("Contract end", "2026-01-01 is before contract_start 2026-02-01")).toBe("2026-01-01 is before contract_start 2026-02-01.");
    expect(fieldMessage("Country", "'X' is not valid.")).toBe("'X' is not valid.");
  });
});
