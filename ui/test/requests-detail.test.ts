/**
 * The request detail's keyboard hooks and defaults: previous / next in the inbox the officer came
 * from (or by number), the save shortcut on the form being edited, the letter's language.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RequestQuery, RequestRow } from "../src/api";
import { setLocale } from "../src/i18n";
import { routeForHash } from "../src/routes";
import { defaultLetterLanguage, renderRequestDetail, requestDetailScreen, writtenIn } from "../src/screens/request-detail";
import { forgetInbox } from "../src/screens/request-trail";
import { requestsScreen } from "../src/screens/requests";
import { fakeApi, settle } from "./fixtures";
import { byTestId, options, paged, row, view } from "./requests-fixtures";

beforeEach(() => forgetInbox());
afterEach(() => {
  document.body.replaceChildren();
  window.location.hash = "";
  setLocale("en");
});

/** A backend whose inbox order is `order` (ids) for any query but `sort: "id"`, which is 1…n. */
function backend(order: number[]) {
  const calls: RequestQuery[] = [];
  const api = fakeApi({
    getRequest: async (id) => view({ id }),
    listRequestsPage: async (query) => {
      calls.push(query);
      const all = query.sort === "id" ? [...order].sort((a, b) => a - b) : order;
      const rows: RequestRow[] = all.slice(query.offset, query.offset + query.limit).map((id) => row({ id }));
      return paged(rows, query, all.length);
    },
  });
  return { api, calls };
}

/** Shows the inbox for `hash` as the shell would, so the detail knows where the officer came from. */
async function visitInbox(api: ReturnType<typeof fakeApi>, hash: string) {
  window.location.hash = hash;
  const route = routeForHash(hash);
  document.body.appendChild(await requestsScreen(api, { path: route.path, query: route.query }));
}

const href = (root: ParentNode, testid: string) => byTestId(root, testid)?.getAttribute("href") ?? null;

describe("previous and next request", () => {
  it("follow the inbox the officer came from, without asking the backend again", async () => {
    const { api, calls } = backend([5, 3, 9]);
    await visitInbox(api, "#/requests?status=received&sort=received_at&desc=1");
    const before = calls.length;
    const root = await requestDetailScreen(api, 3);
    expect(calls).toHaveLength(before);
    expect(href(root, "request-prev")).toBe("#/requests/5");
    expect(href(root, "request-next")).toBe("#/requests/9");
    expect(byTestId(root, "request-prev")?.getAttribute("data-shortcut")).toBe("prev");
    expect(byTestId(root, "request-next")?.getAttribute("data-shortcut")).toBe("next");
    expect(byTestId(root, "request-next")?.textContent).toBe("Next: request 9 \u2192");
    // Back to the same inbox, filters and order included.
    expect(href(root, "request-back")).toBe("#/requests?status=received&sort=received_at&desc=1");
  });

  it("offer no previous link on the first request and no next link on the last", async () => {
    const { api } = backend([5, 3, 9]);
    await visitInbox(api, "#/requests");
    const first = await requestDetailScreen(api, 5);
    expect(byTestId(first, "request-prev")).toBeNull();
    expect(href(first, "request-next")).toBe("#/requests/3");
    const last = await requestDetailScreen(api, 9);
    expect(href(last, "request-prev")).toBe("#/requests/3");
    expect(byTestId(last, "request-next")).toBeNull();
  });

  it("read a few rows past the page's edge, in the same order and filters, and go back to that page", async () => {
    const order = Array.from({ length: 60 }, (_, i) => 100 + i);
    const { api, calls } = backend(order);
    await visitInbox(api, "#/requests?overdue=1");
    const root = await requestDetailScreen(api, 149); // the last row of page 1
    const read = calls[calls.length - 1]!;
    expect(read).toMatchObject({ overdue: true, sort: "due_date", limit: 5, offset: 47 });
    expect(href(root, "request-prev")).toBe("#/requests/148");
    expect(href(root, "request-next")).toBe("#/requests/150");

    // Stepping on continues from the rows just read, and back leads to page 2.
    const next = await requestDetailScreen(api, 150);
    expect(href(next, "request-next")).toBe("#/requests/151");
    expect(href(next, "request-back")).toBe("#/requests?overdue=1&page=2");
  });

  it("go by request number when the request was not opened from the inbox", async () => {
    const { api, calls } = backend([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const root = await requestDetailScreen(api, 7);
    expect(calls).toEqual([{ sort: "id", descending: false, limit: 5, offset: 4 }]);
    expect(href(root, "request-prev")).toBe("#/requests/6");
    expect(href(root, "request-next")).toBe("#/requests/8");
    expect(byTestId(root, "request-next")?.getAttribute("title")).toBe("By request number");
    expect(href(root, "request-back")).toBe("#/requests");
  });

  it("are left out when they cannot be found for sure", async () => {
    const { api } = backend([1, 2, 30]); // request 30 is not at position 29
    const root = await requestDetailScreen(api, 30);
    expect(byTestId(root, "request-prev")).toBeNull();
    expect(byTestId(root, "request-next")).toBeNull();
    expect(byTestId(root, "request-back")).not.toBeNull();

    const failing = fakeApi({ getRequest: async () => view(), listRequestsPage: async () => Promise.reject("the register is locked") });
    const still = await requestDetailScreen(failing, 1);
    expect(byTestId(still, "request-due")).not.toBeNull();
    expect(byTestId(still, "request-next")).toBeNull();
  });
});

describe("save shortcut", () => {
  it("marks the submit button of the form being edited, and only that one", () => {
    const root = renderRequestDetail(view(), options());
    document.body.appendChild(root);
    expect(root.querySelectorAll('[data-shortcut="save"]')).toHaveLength(0);
    byTestId(root, "request-pause-reason")!.focus();
    expect([...root.querySelectorAll<HTMLElement>('[data-shortcut="save"]')].map((b) => b.dataset.testid)).toEqual(["request-pause"]);
    byTestId(root, "request-verify-method")!.focus();
    expect([...root.querySelectorAll<HTMLElement>('[data-shortcut="save"]')].map((b) => b.dataset.testid)).toEqual(["request-verify"]);
    byTestId(root, "request-letter-template")!.focus();
    expect([...root.querySelectorAll<HTMLElement>('[data-shortcut="save"]')].map((b) => b.dataset.testid)).toEqual(["request-draft"]);
  });
});

describe("letter language", () => {
  const message = (subject: string, body: string) => ({ ...view().messages[0]!, subject, body });

  it("tells Chinese writing from English", () => {
    expect(writtenIn("Dear Wesmond, under the PDPO I request access to my personal data. Regards, 陳大文")).toBe("en");
    expect(writtenIn("你好，根據《個人資料（私隱）條例》，我要求查閱你們持有的我的個人資料。陳大文 PDPO")).toBe("zh-HK");
    expect(writtenIn("ok")).toBeNull();
  });

  it("starts in the language the requester wrote in", () => {
    const zh = view({}, { messages: [message("查閱資料要求", "你好，我要求查閱我的個人資料。")] });
    expect(defaultLetterLanguage(zh, "en")).toBe("zh-HK");
    const en = view({}, { messages: [message("Data access request", "Dear Wesmond, please send me my personal data.")] });
    expect(defaultLetterLanguage(en, "zh-HK")).toBe("en");
  });

  it("follows the last letter drafted for the request before guessing", () => {
    const v = view({}, {
      messages: [message("Data access request", "Dear Wesmond, please send me my personal data.")],
      timeline: [{ id: 2, at: "2026-11-29T10:00:00Z", actor: "officer", kind: "letter_drafted", detail: { template: "acknowledgement", lang: "zh-HK" } }],
    });
    expect(defaultLetterLanguage(v, "en")).toBe("zh-HK");
  });

  it("falls back to the language the UI speaks when the request does not tell", () => {
    const manual = view({ channel: "manual", subject: null, body: null }, { messages: [] });
    expect(defaultLetterLanguage(manual, "zh-HK")).toBe("zh-HK");
    expect(defaultLetterLanguage(manual, "en")).toBe("en");
    const webhook = view({ channel: "shopify_webhook" }, { messages: [message("customers/data_request", '{"shop_domain": "a.myshopify.com", "customer": {"email": "x@y.z"}}')] });
    expect(defaultLetterLanguage(webhook, "zh-HK")).toBe("zh-HK");
  });

  it("preselects that language in the letter form", async () => {
    setLocale("zh-HK");
    const root = renderRequestDetail(view({ channel: "manual" }, { messages: [] }), options());
    expect(byTestId<HTMLSelectElement>(root, "request-letter-lang")!.value).toBe("zh-HK");
    setLocale("en");
    const english = renderRequestDetail(view({ channel: "manual" }, { messages: [] }), options());
    expect(byTestId<HTMLSelectElement>(english, "request-letter-lang")!.value).toBe("en");
    await settle();
  });
});
