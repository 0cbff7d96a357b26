import { afterEach, describe, expect, it, vi } from "vitest";
import type { ImportEvents, ImportReport, RequestAction, RequestQuery, RequestRow } from "../src/api";
import { setLocale } from "../src/i18n";
import { importMonitor, describeProgress, renderImportReport } from "../src/import-monitor";
import { routeForHash } from "../src/routes";
import { renderDashboard } from "../src/screens/dashboard";
import { attachmentsOf, describeEvent, renderRequestDetail, requestDetailScreen } from "../src/screens/request-detail";
import { fieldForError, requestForm } from "../src/screens/request-form";
import { daysLeftText, shortRule, urgencyOf } from "../src/screens/request-terms";
import { emptyInboxText, inboxQueryFromParams, renderInbox, requestsScreen } from "../src/screens/requests";
import { fakeApi, sampleDashboard, settle } from "./fixtures";
import { byTestId, options, paged, row, view } from "./requests-fixtures";


afterEach(() => {
  document.body.replaceChildren();
  window.location.hash = "";
});

describe("days left and urgency", () => {
  it.each([
    [{ days_left: -3, overdue: true }, "overdue", "3 days overdue"],
    [{ days_left: -1, overdue: true }, "overdue", "1 day overdue"],
    [{ days_left: 0 }, "soon", "due today"],
    [{ days_left: 1 }, "soon", "due in 1 day"],
    [{ days_left: 5 }, "soon", "due in 5 days"],
    [{ days_left: 7 }, "soon", "due in 7 days"],
    [{ days_left: 8 }, "normal", "due in 8 days"],
    [{ days_left: -2, paused_since: "2026-11-20" }, "paused", "paused since 20 Nov 2026"],
    [{ days_left: null, due_date: null }, "undated", "no due date"],
    [{ days_left: null, status: "completed" }, "closed", "closed (completed)"],
  ] as Array<[Partial<RequestRow>, string, string]>)("%j is %s: %s", (fields, urgency, text) => {
    expect(urgencyOf(row(fields))).toBe(urgency);
    expect(daysLeftText(row(fields))).toBe(text);
  });

  it("shortens a rule to the part before its colon", () => {
    expect(shortRule("HK PDPO s.19: 40 days")).toBe("HK PDPO s.19");
    expect(shortRule("Shopify")).toBe("Shopify");
    expect(shortRule(null)).toBeNull();
  });
});

describe("renderInbox", () => {
  const headerText = (th: Element) => (th.querySelector("button")?.firstChild?.textContent ?? th.textContent ?? "").trim();

  it("lists rows in the backend's order, each marked and coloured by urgency with the days left in words", () => {
    const root = renderInbox([
      row({ id: 2, days_left: -3, overdue: true, requester_email: "late@example.com" }),
      row({ id: 3, days_left: 5 }),
      row({ id: 1, days_left: 20 }),
    ]);
    const rows = [...root.querySelectorAll<HTMLElement>('[data-testid="request-row"]')];
    expect(rows.map((r) => r.dataset.id)).toEqual(["2", "3", "1"]);
    expect(rows.map((r) => r.dataset.urgency)).toEqual(["overdue", "soon", "normal"]);
    expect(rows[0]!.classList.contains("urgency-overdue")).toBe(true);
    expect(rows[1]!.classList.contains("urgency-soon")).toBe(true);
    expect(rows.map((r) => byTestId(r, "request-days-left")?.textContent)).toEqual(["3 days overdue", "due in 5 days", "due in 20 days"]);
    expect(rows[0]!.textContent).toContain("late@example.com");
    expect(rows[0]!.querySelector("a")?.getAttribute("href")).toBe("#/requests/2");
    expect([...root.querySelectorAll("th")].map(headerText)).toEqual([
      "No.", "Type", "Requester", "Received", "Due", "Days left", "Status", "Jurisdiction", "Rule",
    ]);
    expect(rows[0]!.textContent).toContain("HK PDPO s.19");
    expect(rows[0]!.textContent).not.toContain("40 days");
  });

  it("does not reorder what the backend sorted", () => {
    const root = renderInbox([row({ id: 1, days_left: 20 }), row({ id: 2, days_left: -3, overdue: true })]);
    expect([...root.querySelectorAll<HTMLElement>('[data-testid="request-row"]')].map((r) => r.dataset.id)).toEqual(["1", "2"]);
  });

  it("shows the empty state with the contact address, where requests come from, and the ways to add one", () => {
    const button = document.createElement("button");
    button.textContent = "Import mail\u2026";
    const byHand = document.createElement("button");
    const root = renderInbox([], { contactEmail: "contact@wesmond.com", importButton: button, newButton: byHand });
    expect(root.querySelector("table")).toBeNull();
    expect(root.textContent).toContain(emptyInboxText("contact@wesmond.com"));
    expect(root.textContent).toContain("Requests that arrive at contact@wesmond.com will be logged here with their statutory due dates.");
    expect(root.textContent).toMatch(/\.eml/);
    expect(root.textContent).toMatch(/\.mbox/);
    expect(root.textContent).toMatch(/webhook/);
    expect(root.textContent).toMatch(/by hand/);
    expect(root.contains(button)).toBe(true);
    expect(root.contains(byHand)).toBe(true);
  });

  it("says when filters hide everything, offers to clear them, and leaves the import button out", () => {
    const button = document.createElement("button");
    const onClearFilters = vi.fn();
    const root = renderInbox([], { filtered: true, importButton: button, onClearFilters });
    expect(root.textContent).toMatch(/No requests match these filters/);
    expect(root.contains(button)).toBe(false);
    expect(byTestId(root, "requests-empty-clear-search")).toBeNull();
    byTestId(root, "requests-empty-clear-filters")!.click();
    expect(onClearFilters).toHaveBeenCalledOnce();
  });

  it("says when a search finds nothing and offers to clear it", () => {
    const onClearSearch = vi.fn();
    const root = renderInbox([], { search: "refund", onClearSearch });
    expect(root.dataset.testid).toBe("requests-table-empty");
    expect(root.textContent).toContain("No request matches \u201crefund\u201d.");
    byTestId(root, "requests-empty-clear-search")!.click();
    expect(onClearSearch).toHaveBeenCalledOnce();
  });

  it("makes the sortable headers buttons and marks the sorted one", () => {
    const onSort = vi.fn();
    const root = renderInbox([row()], { sort: "received_at", descending: true, onSort });
    const sortable = [...root.querySelectorAll<HTMLButtonElement>("th button.sort")].map((b) => b.dataset.sortKey);
    expect(sortable).toEqual(["id", "type", "received_at", "due_date", "status"]);
    const sorted = [...root.querySelectorAll("th[aria-sort]")].filter((th) => th.getAttribute("aria-sort") !== "none");
    expect(sorted.map((th) => [headerText(th), th.getAttribute("aria-sort")])).toEqual([["Received", "descending"]]);
    byTestId(root, "requests-sort-due_date")!.click();
    expect(onSort).toHaveBeenCalledWith("due_date");
  });

  it("keeps register text as text", () => {
    const root = renderInbox([row({ requester_name: "<img src=x onerror=alert(1)>" })]);
    expect(root.querySelector("img")).toBeNull();
    expect(root.textContent).toContain("<img src=x onerror=alert(1)>");
  });
});

describe("filters", () => {
  it("reads filters, search, order and page from the route's query", () => {
    const read = (hash: string) => inboxQueryFromParams(routeForHash(hash).query);
    expect(read("#/requests?overdue=1")).toMatchObject({ status: null, type: null, overdue: true, due_within: null, search: "", offset: 0 });
    expect(read("#/requests?due_within=7&status=received")).toMatchObject({ status: "received", overdue: false, due_within: 7 });
    expect(read("#/requests?status=bogus&due_within=x&type=nonsense&sort=evil")).toMatchObject({ status: null, type: null, due_within: null, sort: "due_date" });
    expect(read("#/requests?q=%20refund%20&page=3&sort=received_at&desc=1&type=needs_triage")).toMatchObject({
      search: "refund", offset: 100, sort: "received_at", descending: true, type: "needs_triage",
    });
  });

  it("parses #/requests/12 as the requests screen with a path", () => {
    const route = routeForHash("#/requests/12");
    expect(route.screen.id).toBe("requests");
    expect(route.path).toEqual(["12"]);
  });

  it("sends the filters to the backend, one page at a time, and checks the days", async () => {
    const calls: RequestQuery[] = [];
    const api = fakeApi({
      listRequestsPage: async (query) => {
        calls.push(query);
        return paged([row()], query);
      },
    });
    const route = routeForHash("#/requests?due_within=7");
    const root = await requestsScreen(api, { path: route.path, query: route.query });
    document.body.appendChild(root);
    expect(calls).toEqual([
      { status: null, type: null, overdue: false, due_within: 7, search: null, sort: "due_date", descending: false, limit: 50, offset: 0 },
    ]);
    expect(byTestId<HTMLInputElement>(root, "requests-filter-due-within")!.value).toBe("7");

    const overdue = byTestId<HTMLInputElement>(root, "requests-filter-overdue")!;
    overdue.checked = true;
    overdue.dispatchEvent(new Event("change"));
    await settle();
    expect(calls[1]).toMatchObject({ overdue: true, due_within: 7, offset: 0 });

    const within = byTestId<HTMLInputElement>(root, "requests-filter-due-within")!;
    within.value = "-4";
    within.dispatchEvent(new Event("change"));
    await settle();
    expect(calls).toHaveLength(2);
    expect(within.getAttribute("aria-invalid")).toBe("true");
    expect(byTestId(root, "requests-filter-error")?.textContent).toMatch(/whole number of days/);

    byTestId(root, "requests-filter-clear")!.click();
    await settle();
    expect(calls[2]).toMatchObject({ status: null, type: null, overdue: false, due_within: null, offset: 0 });
  });

  it("never asks for every row", async () => {
    const listRequests = vi.fn(async () => [row()]);
    const root = await requestsScreen(fakeApi({ listRequests }));
    document.body.appendChild(root);
    expect(listRequests).not.toHaveBeenCalled();
  });
});

describe("requests screen", () => {
  it("has the toolbar, the drop hint and the import button wired to the dialog", async () => {
    const report: ImportReport = {
      files: 1, messages: 1, created: 1, replies: 0, duplicates: 0,
      items: [{ source: "a.eml", outcome: "created", request_id: 1, message_id: "x@y", type: "access", reason: "matched: 'access to my personal data'" }],
    };
    let listed = 0;
    const api = fakeApi({
      importRequests: async () => report,
      listRequestsPage: async (query) => paged(listed++ === 0 ? [] : [row()], query),
    });
    const root = await requestsScreen(api);
    document.body.appendChild(root);
    expect(byTestId(root, "requests-drop-hint")?.textContent).toBe("Drop .eml or .mbox files anywhere on this window to import them.");
    for (const id of ["requests-new", "requests-export-csv", "requests-export-ics"]) expect(byTestId(root, id), id).not.toBeNull();
    expect(byTestId(root, "requests-table-empty")?.textContent).toContain("contact@wesmond.com");
    expect(byTestId(root, "requests-empty-import")).not.toBeNull();
    expect(byTestId(root, "requests-import")?.getAttribute("data-shortcut")).toBe("import");
    expect(root.querySelectorAll('[data-shortcut="import"]')).toHaveLength(1);

    byTestId(root, "requests-import")!.click();
    await settle();
    const result = byTestId(root, "import-result")!;
    expect(result.dataset.outcome).toBe("imported");
    expect(byTestId(result, "import-created")?.textContent).toBe("1");
    expect(result.textContent).toContain("matched: 'access to my personal data'");
    // The inbox reloaded after the import.
    expect(root.querySelectorAll('[data-testid="request-row"]')).toHaveLength(1);
  });

  it("opens the manual form from the empty inbox's \u201cEnter a request by hand\u201d", async () => {
    const root = await requestsScreen(fakeApi());
    document.body.appendChild(root);
    byTestId(root, "requests-empty-new")!.click();
    expect(byTestId(root, "request-form")).not.toBeNull();
    expect(byTestId(root, "requests-new")?.getAttribute("aria-expanded")).toBe("true");
    expect(byTestId(root, "request-form-submit")?.getAttribute("data-shortcut")).toBe("save");
  });

  it("says so when the dialog was cancelled", async () => {
    const root = await requestsScreen(fakeApi({ importRequests: async () => null }));
    document.body.appendChild(root);
    byTestId(root, "requests-import")!.click();
    await settle();
    expect(byTestId(root, "import-result")?.dataset.outcome).toBe("cancelled");
  });

  it("shows the manual form's backend refusal next to the field it is about", async () => {
    const api = fakeApi({ addRequest: async () => Promise.reject("'nobody' is not an email address") });
    const root = await requestsScreen(api);
    document.body.appendChild(root);
    byTestId(root, "requests-new")!.click();
    const form = byTestId<HTMLFormElement>(root, "request-form")!;
    byTestId<HTMLInputElement>(form, "request-form-email")!.value = "nobody";
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    await settle();
    const email = byTestId<HTMLInputElement>(form, "request-form-email")!;
    expect(email.getAttribute("aria-invalid")).toBe("true");
    expect(byTestId(form, "request-form-email-error")?.textContent).toBe("'nobody' is not an email address");
    expect(form.querySelector(`label[for="${email.id}"]`)?.textContent).toBe("Requester's email");
  });

  it("opens #/requests/<id> as the detail", async () => {
    const root = await requestsScreen(fakeApi({ getRequest: async () => view() }), { path: ["1"], query: new URLSearchParams() });
    expect(root.dataset.testid).toBe("request-detail");
    await expect(requestsScreen(fakeApi(), { path: ["x"], query: new URLSearchParams() })).rejects.toThrow(/not a request number/);
  });
});

describe("request form", () => {
  it("sends the form with snake_case fields and nulls for what was left empty", async () => {
    const sent: unknown[] = [];
    const added = vi.fn();
    const form = requestForm(
      fakeApi({
        addRequest: async (entry) => {
          sent.push(entry);
          return row({ id: 9, channel: "manual" });
        },
      }),
      [{ code: "HK", name: "Hong Kong (PDPO)" }],
      added,
      () => undefined,
      () => "2026-11-29",
    );
    document.body.appendChild(form.element);
    byTestId<HTMLSelectElement>(form.element, "request-form-type")!.value = "deletion";
    byTestId<HTMLInputElement>(form.element, "request-form-email")!.value = " a@b.hk ";
    form.element.dispatchEvent(new Event("submit", { cancelable: true }));
    await settle();
    expect(sent).toEqual([{ type: "deletion", email: "a@b.hk", name: null, merchant: null, received_on: "2026-11-29", jurisdiction: null, note: null }]);
    expect(added).toHaveBeenCalledWith(expect.objectContaining({ id: 9 }));
  });

  it.each([
    ["the date received, 2027-01-01, is in the future", "received_on"],
    ["unknown jurisdiction 'XX'", "jurisdiction"],
    ["no merchant matches 'acme'", "merchant"],
    ["request type 'foo' is not one of access, …", "type"],
    ["the register is locked", null],
  ])("places %j at %s", (message, field) => {
    expect(fieldForError(message)).toBe(field);
  });
});

describe("request detail", () => {
  it("shows the due date, the rule that set it and every candidate", () => {
    const v = view();
    v.detail.deadline!.candidates.push({ rule_id: "internal", rule: "Internal target: 45 days", due_date: "2027-01-10" });
    const root = renderRequestDetail(v, options());
    expect(byTestId(root, "request-due")?.textContent).toBe("5 Jan 2027");
    expect(byTestId(root, "request-rule")?.textContent).toBe("HK PDPO s.19: 40 days");
    expect(byTestId(root, "request-status")?.dataset.status).toBe("received");
    const candidates = [...byTestId(root, "request-candidates")!.querySelectorAll("li")].map((li) => li.textContent);
    expect(candidates).toEqual(["HK PDPO s.19: 40 days: 5 Jan 2027 (earliest: governs)", "Internal target: 45 days: 10 Jan 2027"]);
    expect(byTestId(root, "request-classification")?.textContent).toContain("matched: 'access to my personal data'");
    expect(byTestId(root, "request-extension")?.textContent).toBe("The governing rule allows no extension.");
  });

  it("shows a message body holding <script> as text in a <pre>, and attachments by name only", () => {
    const root = renderRequestDetail(view(), options());
    const body = byTestId(root, "message-body")!;
    expect(body.tagName).toBe("PRE");
    expect(body.textContent).toBe("Dear Wesmond,\n<script>alert(1)</script><img src=x onerror=alert(2)>\nRegards");
    expect(root.querySelector("script, img")).toBeNull();
    expect(byTestId(root, "message-attachments")?.textContent).toBe("id-card.pdf \u2014 application/pdf, 2,048 bytes (2.0 KB)");
    expect(root.querySelector("a[href*='id-card']")).toBeNull();
  });

  it("offers one button per allowed status and sends the transition with the note", async () => {
    const sent: RequestAction[] = [];
    const root = renderRequestDetail(view(), options({ act: async (action) => void sent.push(action) }));
    document.body.appendChild(root);
    const buttons = [...root.querySelectorAll<HTMLElement>('[data-testid^="request-action-"][data-status]')].map((b) => b.dataset.testid);
    expect(buttons).toEqual(["request-action-identity_check", "request-action-in_progress", "request-action-refused", "request-action-withdrawn"]);

    byTestId(root, "request-action-identity_check")!.click();
    await settle();
    expect(sent).toEqual([{ action: "transition", status: "identity_check", note: null }]);

    byTestId<HTMLTextAreaElement>(root, "request-action-note")!.value = "  asked for ID  ";
    byTestId(root, "request-action-in_progress")!.click();
    await settle();
    expect(sent[1]).toEqual({ action: "transition", status: "in_progress", note: "asked for ID" });
  });

  it("asks for the outcome before closing, without calling the backend", async () => {
    const act = vi.fn(async () => undefined);
    const root = renderRequestDetail(view(), options({ act }));
    document.body.appendChild(root);
    byTestId(root, "request-action-refused")!.click();
    await settle();
    expect(act).not.toHaveBeenCalled();
    expect(byTestId(root, "request-action-error")?.querySelector("[role='alert']")?.textContent).toMatch(/reasons for refusing/);
  });

  it("sends extend, pause, verify, classify and jurisdiction as the backend's action objects", async () => {
    const sent: RequestAction[] = [];
    const v = view({
      deadline: { ...view().detail.deadline!, extension: { months: 2 }, extension_notice_due: "2026-12-26", rule: "EU GDPR Art. 12(3): one month" },
    });
    const root = renderRequestDetail(v, options({ act: async (action) => void sent.push(action) }));
    document.body.appendChild(root);
    const submit = (testid: string) => byTestId(root, testid)!.closest("form")!.dispatchEvent(new Event("submit", { cancelable: true }));

    expect(byTestId(root, "request-extend")?.textContent).toBe("Extend by 2 months");
    submit("request-extend");
    await settle();
    expect(sent).toHaveLength(0);
    expect(byTestId(root, "request-extend-error")?.textContent).toMatch(/reason for the extension/);
    byTestId<HTMLTextAreaElement>(root, "request-extend-reason")!.value = "complex request";
    submit("request-extend");
    await settle();

    byTestId<HTMLInputElement>(root, "request-pause-reason")!.value = "waiting for ID";
    submit("request-pause");
    await settle();

    byTestId<HTMLInputElement>(root, "request-verify-method")!.value = "HKID copy";
    expect(byTestId<HTMLInputElement>(root, "request-verify-on")!.value).toBe("2026-11-29");
    submit("request-verify");
    await settle();

    byTestId<HTMLSelectElement>(root, "request-classify-type")!.value = "deletion";
    submit("request-classify");
    await settle();

    byTestId<HTMLSelectElement>(root, "request-jurisdiction-code")!.value = "EU";
    byTestId<HTMLInputElement>(root, "request-jurisdiction-note")!.value = "lives in Ireland";
    submit("request-set-jurisdiction");
    await settle();

    expect(sent).toEqual([
      { action: "extend", reason: "complex request" },
      { action: "pause", reason: "waiting for ID" },
      { action: "verify_identity", method: "HKID copy", on: "2026-11-29" },
      { action: "classify", type: "deletion", note: null },
      { action: "set_jurisdiction", code: "EU", note: "lives in Ireland" },
    ]);
  });

  it("offers Resume while paused, and no actions once closed", async () => {
    const sent: RequestAction[] = [];
    const paused = renderRequestDetail(view({ paused_since: "2026-11-20" }), options({ act: async (a) => void sent.push(a) }));
    expect(byTestId(paused, "request-pause")).toBeNull();
    byTestId(paused, "request-resume")!.closest("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
    await settle();
    expect(sent).toEqual([{ action: "resume", note: null }]);
    expect(byTestId(paused, "request-days-left")?.textContent).toBe("(paused since 20 Nov 2026)");

    const closed = renderRequestDetail(view({ status: "completed", days_left: null, outcome: "data sent" }, { allowed_next: [] }), options());
    expect(byTestId(closed, "request-actions")).toBeNull();
    expect(byTestId(closed, "request-closed-note")?.textContent).toMatch(/closed request does not change/);
    expect(byTestId(closed, "request-draft")).not.toBeNull();
  });

  it("shows a refusal from the backend in an alert next to the action", async () => {
    const root = renderRequestDetail(view(), options({ act: async () => Promise.reject("request 1 is received; it can become identity_check, not completed") }));
    document.body.appendChild(root);
    byTestId(root, "request-action-identity_check")!.click();
    await settle();
    expect(byTestId(root, "request-action-error")?.querySelector("[role='alert']")?.textContent).toContain("Request 1 is received");
  });

  it("rebuilds the view from what the backend returns and drafts letters", async () => {
    const actions: Array<[number, RequestAction]> = [];
    const drafts: unknown[] = [];
    const api = fakeApi({
      getRequest: async () => view(),
      actOnRequest: async (id, action) => {
        actions.push([id, action]);
        return view({ status: "identity_check" }, { allowed_next: ["in_progress", "refused", "withdrawn"] });
      },
      draftLetter: async (...args) => {
        drafts.push(args);
        return { path: "/tmp/request-1-acknowledgement-zh-HK.eml" };
      },
    });
    const root = await requestDetailScreen(api, 1);
    document.body.appendChild(root);
    expect(root.querySelector("h1")?.textContent).toBe("Request 1");
    byTestId(root, "request-action-identity_check")!.click();
    await settle();
    expect(actions).toEqual([[1, { action: "transition", status: "identity_check", note: null }]]);
    expect(byTestId(root, "request-status")?.dataset.status).toBe("identity_check");
    expect(byTestId(root, "request-action-identity_check")).toBeNull();
    expect(byTestId(root, "request-message")?.textContent).toBe("Request moved to identity check.");

    byTestId<HTMLSelectElement>(root, "request-letter-template")!.value = "acknowledgement";
    byTestId<HTMLSelectElement>(root, "request-letter-lang")!.value = "zh-HK";
    byTestId(root, "request-draft")!.closest("form")!.dispatchEvent(new Event("submit", { cancelable: true }));
    await settle();
    expect(drafts).toEqual([[1, "acknowledgement", "zh-HK"]]);
    expect(byTestId(root, "request-draft-path")?.textContent).toBe("/tmp/request-1-acknowledgement-zh-HK.eml");
  });

  it("describes timeline events in words", () => {
    const at = "2026-11-29T10:00:00Z";
    expect(describeEvent({ id: 1, at, actor: "o", kind: "status", detail: { old: "received", new: "identity_check", note: "asked for ID", pdpo_log_book: false } }))
      .toEqual({ what: "Status: received \u2192 identity check", details: "note: asked for ID" });
    expect(describeEvent({ id: 2, at, actor: "o", kind: "received", detail: { channel: "email", type: "access", classification: "matched: 'x'", jurisdiction: "HK", due_date: "2027-01-05", rule: "HK PDPO s.19: 40 days" } }).details)
      .toBe("type access (matched: 'x'); jurisdiction HK; due 5 Jan 2027 under HK PDPO s.19: 40 days");
    expect(describeEvent({ id: 3, at, actor: "o", kind: "mystery", detail: { a_b: "c", n: null } })).toEqual({ what: "Mystery", details: "a b: c" });
  });

  it("reads attachments defensively", () => {
    expect(attachmentsOf(null)).toEqual([]);
    expect(attachmentsOf([{ name: "a.txt", content_type: "text/plain", size: 3 }, "junk"])).toEqual([{ name: "a.txt", content_type: "text/plain", size: 3 }]);
  });
});

describe("import monitor", () => {
  it("shows progress from events, then the result, and tells the screens that asked", async () => {
    let events: ImportEvents | null = null;
    const monitor = importMonitor(fakeApi({ onImportEvents: async (handlers) => ((events = handlers), () => undefined) }));
    document.body.appendChild(monitor.element);
    const owner = document.body.appendChild(document.createElement("div"));
    const heard: ImportReport[] = [];
    monitor.afterImport(owner, (r) => heard.push(r));
    const button = monitor.importButton("requests-import");
    document.body.appendChild(button);
    await settle();

    events!.started(2);
    expect(button.disabled).toBe(true);
    expect(byTestId(monitor.element, "import-stage")?.textContent).toBe("Importing 2 dropped files\u2026");
    events!.progress({ phase: "reading", done: 512 * 1024, total: 2 * 1024 * 1024, unit: "bytes" });
    const bar = byTestId<HTMLProgressElement>(monitor.element, "import-progress")!;
    expect(bar.value).toBe(512 * 1024);
    expect(bar.max).toBe(2 * 1024 * 1024);
    expect(byTestId(monitor.element, "import-stage")?.textContent).toBe("Reading: 512.0 KB of 2.0 MB");

    const report: ImportReport = { files: 2, messages: 3, created: 1, replies: 1, duplicates: 1, items: [] };
    events!.finished(report);
    expect(button.disabled).toBe(false);
    expect(byTestId(monitor.element, "import-progress")).toBeNull();
    expect(byTestId(monitor.element, "import-result")?.textContent).toContain("2 files, 3 messages: 1 new request, 1 reply to existing requests, 1 duplicate already in the register.");
    expect(heard).toEqual([report]);
    expect(byTestId(monitor.element, "import-announcement")?.textContent).toBe("Mail imported: 1 new request, 1 reply, 1 duplicate.");

    // A language switch redraws the result in the new language.
    setLocale("zh-HK");
    expect(byTestId(monitor.element, "import-result")?.textContent).toMatch(/[\u3400-\u9fff]/);
    expect(byTestId(monitor.element, "import-result")?.textContent).not.toContain("new request");
    setLocale("en");
    expect(byTestId(monitor.element, "import-result")?.textContent).toContain("1 new request");

    events!.failed("a.mbox: line 12: not a mailbox");
    expect(byTestId(monitor.element, "import-result")?.dataset.outcome).toBe("failed");
    expect(monitor.element.querySelector("[role='alert']")?.textContent).toContain("A.mbox: line 12: not a mailbox");
    expect(byTestId(monitor.element, "import-announcement")?.textContent).toBe("Nothing was imported.");
    byTestId(monitor.element, "import-dismiss")!.click();
    expect(byTestId(monitor.element, "import-result")).toBeNull();
  });

  it("words progress in messages", () => {
    expect(describeProgress({ phase: "writing", done: 120, total: 5000, unit: "messages" })).toBe("Writing: 120 of 5,000 messages");
  });

  it("lists each item with a link to its request", () => {
    const el = renderImportReport({
      files: 1, messages: 2, created: 1, replies: 0, duplicates: 1,
      items: [
        { source: "box.mbox#1", outcome: "created", request_id: 4, message_id: "a@b", type: "deletion", reason: "matched: 'delete my personal data'" },
        { source: "box.mbox#2", outcome: "duplicate", request_id: 4, message_id: "a@b", type: null, reason: "same Message-ID as request 4" },
      ],
    });
    const items = [...el.querySelectorAll("li")].map((li) => li.textContent);
    expect(items).toEqual([
      "box.mbox#1: new deletion request 4 (matched: 'delete my personal data')",
      "box.mbox#2: already in the register, not imported again (same Message-ID as request 4)",
    ]);
    expect(el.querySelector("a")?.getAttribute("href")).toBe("#/requests/4");
  });
});

describe("dashboard request cards", () => {
  it("shows overdue and due-this-week counts linking to the filtered inbox", () => {
    const root = renderDashboard(sampleDashboard(), { open: 5, overdue: 2, due_this_week: 3, needs_triage: 1, paused: 1 });
    expect(byTestId(root, "count-open")?.textContent).toBe("5");
    expect(byTestId(root, "count-overdue")?.textContent).toBe("2");
    expect(byTestId(root, "count-due-this-week")?.textContent).toBe("3");
    expect(byTestId(root, "count-needs-triage")?.textContent).toBe("1");
    expect(byTestId(root, "count-overdue")?.closest("a")?.getAttribute("href")).toBe("#/requests?overdue=1");
    expect(byTestId(root, "count-due-this-week")?.closest("a")?.getAttribute("href")).toBe("#/requests?due_within=7");
    expect(byTestId(root, "count-overdue")?.closest("li")?.classList.contains("card-bad")).toBe(true);
    expect(byTestId(root, "count-overdue")?.closest("a")?.textContent).toContain("past their statutory due date");
  });

  it("keeps the rest of the dashboard when the counts fail", () => {
    const root = renderDashboard(sampleDashboard(), "the register is locked");
    expect(byTestId(root, "count-overdue")).toBeNull();
    expect(byTestId(root, "request-counts")?.querySelector("[role='alert']")?.textContent).toContain("The register is locked");
    expect(byTestId(root, "count-processors")?.textContent).toBe("4");
  });
});
