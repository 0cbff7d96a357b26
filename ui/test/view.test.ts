import { describe, expect, it } from "vitest";
import { byteSize, setSanitisedHtml } from "../src/view";

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
