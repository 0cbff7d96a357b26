import { describe, expect, it, vi } from "vitest";
import { h, replaceChildren } from "../src/h";

describe("h", () => {
  it("puts markup-looking strings in as text, never as elements", () => {
    const hostile = "<img src=x onerror=alert(1)>";
    const el = h("p", null, hostile);
    expect(el.querySelector("img")).toBeNull();
    expect(el.childNodes).toHaveLength(1);
    expect(el.firstChild?.nodeType).toBe(Node.TEXT_NODE);
    expect(el.textContent).toBe(hostile);
  });

  it("escapes attribute values rather than opening new attributes", () => {
    const el = h("a", { title: '"><script>alert(1)</script>' }, "x");
    expect(el.getAttribute("title")).toBe('"><script>alert(1)</script>');
    expect(el.querySelector("script")).toBeNull();
    expect(el.attributes).toHaveLength(1);
  });

  it("refuses innerHTML, inline styles and string event handlers", () => {
    expect(() => h("div", { innerHTML: "<b>x</b>" })).toThrow(/not allowed/);
    expect(() => h("div", { style: "color:red" })).toThrow(/not allowed/);
    expect(() => h("button", { onclick: "alert(1)" })).toThrow(/must be a function/);
  });

  it("attaches event listeners given as functions", () => {
    const clicked = vi.fn();
    const button = h("button", { type: "button", onClick: clicked }, "Go");
    button.click();
    expect(clicked).toHaveBeenCalledOnce();
    expect(button.hasAttribute("onclick")).toBe(false);
  });

  it("skips false, null and undefined; flattens arrays; renders numbers", () => {
    const el = h("ul", { hidden: false, "data-x": null, "aria-busy": true }, [h("li", null, 1), null, [h("li", null, "two")]], false, undefined);
    expect(el.hasAttribute("hidden")).toBe(false);
    expect(el.hasAttribute("data-x")).toBe(false);
    expect(el.getAttribute("aria-busy")).toBe("");
    expect([...el.querySelectorAll("li")].map((li) => li.textContent)).toEqual(["1", "two"]);
  });

  it("replaceChildren swaps content", () => {
    const el = h("div", null, "old", h("span", null, "older"));
    replaceChildren(el, "new");
    expect(el.textContent).toBe("new");
    expect(el.children).toHaveLength(0);
  });
});
