import { afterEach, describe, expect, it, vi } from "vitest";
import { h } from "../src/h";
import { setLocale } from "../src/i18n";
import { byteSize, calendarDate, dataTable, markScrollRegion, messageWith, pager, setSanitisedHtml } from "../src/view";

afterEach(() => setLocale("en"));

describe("setSanitisedHtml", () => {
  it("keeps the policy's markup", () => {
    const el = document.createElement("div");
    setSanitisedHtml(el, '<h1>Privacy Policy</h1><p>Contact <a href="mailto:contact@wesmond.com">us</a> or see <a href="https://example.com/x">this</a>.</p><ul><li>one</li></ul>');
    expect(el.querySelector("h1")?.textContent).toBe("Privacy Policy");
    expect(el.querySelectorAll("a")[0]?.getAttribute("href")).toBe("mailto:contact@wesmond.com");
    expect(el.querySelectorAll("a")[1]?.getAttribute("href")).toBe("https://example.com/x");
    expect(el.querySelector("li")?.textContent).toBe("one");
  });

  it("strips <script> and event-handler attributes such as onerror", () => {
    const el = document.createElement("div");
    setSanitisedHtml(el, '<p>ok</p><script>alert(1)</script><img src="https://example.com/a.png" onerror="alert(2)"><p onclick="alert(3)" style="color:red">x</p>');
    expect(el.querySelector("script")).toBeNull();
    expect(el.textContent).not.toContain("alert(1)");
    const img = el.querySelector("img")!;
    expect(img.hasAttribute("onerror")).toBe(false);
    expect(img.getAttribute("src")).toBe("https://example.com/a.png");
    const p = el.querySelectorAll("p")[1]!;
    expect(p.hasAttribute("onclick")).toBe(false);
    expect(p.hasAttribute("style")).toBe(false);
  });

  it("drops links and sources that are not http(s) or mailto", () => {
    const el = document.createElement("div");
    setSanitisedHtml(
      el,
      '<a href="javascript:alert(1)">a</a><a href=" java\tscript:alert(1)">b</a><a href="data:text/html,x">c</a><img src="x"><iframe name="x"></iframe><embed type="text/html">',
    );
    for (const a of el.querySelectorAll("a")) expect(a.hasAttribute("href")).toBe(false);
    expect(el.querySelector("img")?.hasAttribute("src")).toBe(false);
    expect(el.querySelector("iframe, embed")).toBeNull();
    expect(el.textContent).toBe("abc");
  });

  it("replaces what was there", () => {
    const el = document.createElement("div");
    el.textContent = "old";
    setSanitisedHtml(el, "<p>new</p>");
    expect(el.textContent).toBe("new");
  });
});

describe("byteSize", () => {
  it.each([
    [1, "1 byte"],
    [512, "512 bytes"],
    [12_345, "12,345 bytes (12.1 KB)"],
    [3 * 1024 * 1024, "3,145,728 bytes (3.0 MB)"],
  ])("%d is %j", (bytes, text) => expect(byteSize(bytes)).toBe(text));
});

describe("in Traditional Chinese", () => {
  it("sizes, dates and the pager speak the chosen language", () => {
    setLocale("zh-HK");
    expect(byteSize(12_345)).toBe("12,345 位元組（12.1 KB）");
    const date = calendarDate("2026-11-29") as HTMLElement;
    expect(date.textContent).toBe("2026年11月29日");
    expect(date.getAttribute("datetime")).toBe("2026-11-29");
    const onPage = vi.fn();
    const nav = pager({ total: 1_000_000, offset: 50, limit: 50, onPage, testid: "p" });
    expect(nav.querySelector(".pager-status")?.textContent).toBe("顯示第 51–100 項，共 1,000,000 項");
    nav.querySelector<HTMLButtonElement>('[data-testid="p-next"]')!.click();
    expect(onPage).toHaveBeenCalledWith(100);
  });
});

describe("messageWith", () => {
  it("puts elements where the language puts them", () => {
    const date = h("time", { datetime: "2026-11-29" }, "x");
    const en = messageWith("dashboard.checks.lead", { date, command: "cmd" });
    expect(en[0]).toBe("The register checked against the policy's promises as of ");
    expect(en[1]).toBe(date);
    setLocale("zh-HK");
    const zh = messageWith("dashboard.checks.lead", { date, command: "cmd" });
    expect(zh[0]).toBe("截至");
    expect(zh[1]).toBe(date);
  });
});

describe("tables that scroll sideways", () => {
  const wide = (scrollWidth: number, clientWidth: number) => {
    const wrap = dataTable({ caption: "Requests", columns: [{ header: "A", cell: (r: string) => r }], rows: ["x"], empty: "none" });
    Object.defineProperty(wrap, "scrollWidth", { configurable: true, get: () => scrollWidth });
    Object.defineProperty(wrap, "clientWidth", { configurable: true, get: () => clientWidth });
    return wrap;
  };

  it("become focusable regions named by their caption", () => {
    const wrap = wide(1200, 600);
    markScrollRegion(wrap);
    expect(wrap.getAttribute("tabindex")).toBe("0");
    expect(wrap.getAttribute("role")).toBe("region");
    expect(wrap.getAttribute("aria-label")).toBe("Requests");
  });

  it("stay out of the tab order when they fit, and give back what they were given", () => {
    const fits = wide(600, 600);
    markScrollRegion(fits);
    expect(fits.hasAttribute("tabindex")).toBe(false);
    const wrap = wide(1200, 600);
    markScrollRegion(wrap);
    Object.defineProperty(wrap, "scrollWidth", { get: () => 600 });
    markScrollRegion(wrap);
    expect(wrap.hasAttribute("tabindex")).toBe(false);
    expect(wrap.hasAttribute("role")).toBe(false);
    expect(wrap.hasAttribute("aria-label")).toBe(false);
  });
});
