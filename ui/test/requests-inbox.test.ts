/**
 * The inbox pages, sorts and searches through the backend: one page of 50 at a time, the order
 * and the full-text search sent as the query, the address kept in step, the empty states.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { RequestQuery, RequestRow } from "../src/api";
import { routeForHash } from "../src/routes";
import { inboxHash, inboxQueryFromParams, requestsScreen, SEARCH_DELAY_MS } from "../src/screens/requests";
import { fakeApi, settle } from "./fixtures";
import { byTestId, paged, row } from "./requests-fixtures";

afterEach(() => {
  document.body.replaceChildren();
  window.location.hash = "";
});

/** A register of `total` requests numbered 1…total in the backend's order; records every query. */
function register(total: number, options: { matches?: (q: RequestQuery) => boolean } = {}) {
  const calls: RequestQuery[] = [];
  const api = fakeApi({
    listRequestsPage: async (query) => {
      calls.push(query);
      const hits = options.matches && !options.matches(query) ? 0 : total;
      const rows: RequestRow[] = [];
      for (let id = query.offset + 1; id <= Math.min(hits, query.offset + query.limit); id++) rows.push(row({ id }));
      return paged(rows, query, hits);
    },
  });
  return { api, calls };
}

/** The screen as the shell shows it for `hash`, in the document. */
async function open(api: ReturnType<typeof fakeApi>, hash = "#/requests") {
  window.location.hash = hash;
  const route = routeForHash(hash);
  const root = await requestsScreen(api, { path: route.path, query: route.query });
  document.body.appendChild(root);
  return root;
}

const ids = (root: ParentNode) => [...root.querySelectorAll<HTMLElement>('[data-testid="request-row"]')].map((r) => Number(r.dataset.id));
const pagerText = (root: ParentNode) => byTestId(root, "requests-pager")?.querySelector(".pager-status")?.textContent;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("inbox paging", () => {
  it("asks for 50 rows at a time and shows the total under the table", async () => {
    const { api, calls } = register(120);
    const root = await open(api);
    expect(calls).toEqual([{ status: null, type: null, overdue: false, due_within: null, search: null, sort: "due_date", descending: false, limit: 50, offset: 0 }]);
    expect(ids(root)).toHaveLength(50);
    expect(pagerText(root)).toBe("Showing 1–50 of 120");
    expect(byTestId(root, "requests-count")?.textContent).toBe("120 requests in the register.");
    // The pager sits under the table.
    const table = byTestId(root, "requests-table")!;
    expect(table.compareDocumentPosition(byTestId(root, "requests-pager")!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();

    const next = byTestId<HTMLButtonElement>(root, "requests-pager-next")!;
    next.focus();
    next.click();
    await settle();
    expect(calls[1]).toMatchObject({ offset: 50, limit: 50 });
    expect(ids(root)[0]).toBe(51);
    expect(pagerText(root)).toBe("Showing 51–100 of 120");
    expect(window.location.hash).toBe("#/requests?page=2");

    byTestId(root, "requests-pager-next")!.click();
    await settle();
    expect(pagerText(root)).toBe("Showing 101–120 of 120");
    expect(byTestId<HTMLButtonElement>(root, "requests-pager-next")!.disabled).toBe(true);
    // Focus stays in the pager, on the button that still works.
    expect(document.activeElement).toBe(byTestId(root, "requests-pager-prev"));

    byTestId(root, "requests-pager-prev")!.click();
    await settle();
    expect(calls[calls.length - 1]).toMatchObject({ offset: 50 });
  });

  it("opens the page a link asks for, and the last page when that one is past the end", async () => {
    const { api, calls } = register(60);
    const root = await open(api, "#/requests?page=9&status=received");
    expect(calls.map((c) => c.offset)).toEqual([400, 50]);
    expect(calls[1]).toMatchObject({ status: "received" });
    expect(ids(root)).toEqual(Array.from({ length: 10 }, (_, i) => 51 + i));
    expect(window.location.hash).toBe("#/requests?status=received&page=2");
  });

  it("shows no pager for an empty inbox", async () => {
    const root = await open(register(0).api);
    expect(byTestId(root, "requests-pager")).toBeNull();
    expect(byTestId(root, "requests-table-empty")).not.toBeNull();
  });
});

describe("inbox sorting", () => {
  it("sends the clicked column to the backend, reverses on a second click, and starts again at page 1", async () => {
    const { api, calls } = register(120);
    const root = await open(api, "#/requests?page=2");
    expect(calls[0]).toMatchObject({ sort: "due_date", descending: false, offset: 50 });

    byTestId(root, "requests-sort-due_date")!.click();
    await settle();
    expect(calls[1]).toMatchObject({ sort: "due_date", descending: true, offset: 0 });
    expect(byTestId(root, "requests-sort-due_date")!.closest("th")?.getAttribute("aria-sort")).toBe("descending");

    byTestId(root, "requests-sort-received_at")!.click();
    await settle();
    expect(calls[2]).toMatchObject({ sort: "received_at", descending: true, offset: 0 });

    byTestId(root, "requests-sort-id")!.click();
    await settle();
    expect(calls[3]).toMatchObject({ sort: "id", descending: false });
    expect(window.location.hash).toBe("#/requests?sort=id");
    // Focus stays on the header that was clicked.
    byTestId(root, "requests-sort-status")!.focus();
    byTestId(root, "requests-sort-status")!.click();
    await settle();
    expect(calls[4]).toMatchObject({ sort: "status", descending: false });
    expect(document.activeElement).toBe(byTestId(root, "requests-sort-status"));
  });
});

describe("inbox search", () => {
  it("is a labelled box the search shortcut reaches", async () => {
    const root = await open(register(3).api);
    const input = byTestId<HTMLInputElement>(root, "requests-search")!;
    expect(input.getAttribute("data-shortcut")).toBe("search");
    expect(root.querySelector(`label[for="${input.id}"]`)?.textContent).toBe("Search requests");
  });

  it("searches the backend once typing stops, keeping the filters and going back to page 1", async () => {
    const { api, calls } = register(120);
    const root = await open(api, "#/requests?status=received&page=2");
    const input = byTestId<HTMLInputElement>(root, "requests-search")!;
    input.value = "ref";
    input.dispatchEvent(new Event("input"));
    input.value = "refund";
    input.dispatchEvent(new Event("input"));
    await settle();
    expect(calls).toHaveLength(1);
    await wait(SEARCH_DELAY_MS + 50);
    await settle();
    expect(calls).toHaveLength(2);
    expect(calls[1]).toMatchObject({ search: "refund", status: "received", offset: 0 });
    expect(window.location.hash).toBe("#/requests?status=received&q=refund");
    expect(byTestId(root, "requests-count")?.textContent).toBe("120 requests match \u201crefund\u201d and the filters.");
  });

  it("searches at once on Enter", async () => {
    const { api, calls } = register(3);
    const root = await open(api);
    const input = byTestId<HTMLInputElement>(root, "requests-search")!;
    input.value = "chan tai man";
    input.dispatchEvent(new Event("input"));
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
    await settle();
    expect(calls).toHaveLength(2);
    expect(calls[1]).toMatchObject({ search: "chan tai man", offset: 0 });
    // The timer the typing started does not search a second time.
    await wait(SEARCH_DELAY_MS + 50);
    expect(calls).toHaveLength(2);
  });

  it("says when nothing matches, and clears the search from there", async () => {
    const { api, calls } = register(3, { matches: (q) => !q.search });
    const root = await open(api, "#/requests?q=nothing%20like%20it");
    expect(calls[0]).toMatchObject({ search: "nothing like it" });
    expect(byTestId<HTMLInputElement>(root, "requests-search")!.value).toBe("nothing like it");
    expect(byTestId(root, "requests-table-empty")?.textContent).toContain("No request matches \u201cnothing like it\u201d.");
    expect(byTestId(root, "requests-empty-import")).toBeNull();

    byTestId(root, "requests-empty-clear-search")!.click();
    await settle();
    expect(calls[1]).toMatchObject({ search: null });
    expect(byTestId<HTMLInputElement>(root, "requests-search")!.value).toBe("");
    expect(document.activeElement).toBe(byTestId(root, "requests-search"));
    expect(ids(root)).toEqual([1, 2, 3]);
    expect(window.location.hash).toBe("#/requests");
  });

  it("offers to clear both when a search finds nothing among filtered requests", async () => {
    const { api } = register(3, { matches: (q) => !q.search && !q.overdue });
    const root = await open(api, "#/requests?q=x&overdue=1");
    expect(byTestId(root, "requests-table-empty")?.textContent).toContain("No request matches \u201cx\u201d with these filters.");
    expect(byTestId(root, "requests-empty-clear-search")).not.toBeNull();
    expect(byTestId(root, "requests-empty-clear-filters")).not.toBeNull();
  });
});

describe("inbox address", () => {
  it("writes only what differs from the default, and reads back what it wrote", () => {
    const query = inboxQueryFromParams(new URLSearchParams("status=received&type=access&overdue=1&due_within=7&q=a b&sort=received_at&desc=1&page=3"));
    const hash = inboxHash(query);
    expect(hash).toBe("#/requests?status=received&type=access&overdue=1&due_within=7&q=a+b&sort=received_at&desc=1&page=3");
    expect(inboxQueryFromParams(routeForHash(hash).query)).toEqual(query);
    expect(inboxHash(inboxQueryFromParams(new URLSearchParams()))).toBe("#/requests");
  });
});
