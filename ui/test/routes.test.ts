import { afterEach, describe, expect, it } from "vitest";
import { mountApp } from "../src/app";
import { DEFAULT_SCREEN, SCREENS, screenForHash } from "../src/routes";
import { fakeApi } from "./fixtures";

describe("screenForHash", () => {
  it.each([
    ["", "dashboard"],
    ["#", "dashboard"],
    ["#/", "dashboard"],
    ["#/dashboard", "dashboard"],
    ["#/policy", "policy"],
    ["#/requests", "requests"],
    ["#/processors", "processors"],
    ["#/merchants", "merchants"],
    ["#/merchants/12", "merchants"],
    ["#/retention", "retention"],
    ["#/reports", "reports"],
    ["#/audit", "audit"],
    ["#/settings", "settings"],
    ["#audit", "audit"],
    ["#/Audit/", "audit"],
    ["#/requests?id=3", "requests"],
    ["#/nowhere", "dashboard"],
  ])("%j shows %s", (hash, id) => {
    expect(screenForHash(hash).id).toBe(id);
  });

  it("dashboard is the default and every navigation label is unique", () => {
    expect(DEFAULT_SCREEN.id).toBe("dashboard");
    expect(new Set(SCREENS.map((s) => s.label)).size).toBe(SCREENS.length);
  });
});

describe("mountApp", () => {
  afterEach(() => {
    window.location.hash = "";
    document.body.replaceChildren();
  });

  it("shows the screen the hash selects and marks its navigation link", async () => {
    const root = document.createElement("div");
    document.body.appendChild(root);
    window.location.hash = "#/processors";
    await mountApp(root, fakeApi(), window).show();
    expect(root.querySelector("main h1")?.textContent).toBe("Processors");
    expect(root.querySelector("nav a[aria-current='page']")?.getAttribute("href")).toBe("#/processors");
    expect(root.querySelectorAll("nav a")).toHaveLength(9);

    window.location.hash = "#/audit";
    const app = mountApp(root, fakeApi(), window);
    await app.show();
    expect(root.querySelector("[data-testid='audit']")).not.toBeNull();
    expect(root.querySelector("[data-testid='verify-chain']")?.textContent).toBe("Verify chain");
  });

  it("starts on the dashboard, marked loaded only once data arrives", async () => {
    const root = document.createElement("div");
    document.body.appendChild(root);
    const app = mountApp(root, fakeApi(), window);
    const shown = app.show();
    expect(root.querySelector("[data-testid='dashboard']")).toBeNull();
    expect(root.querySelector("[role='status']")?.textContent).toMatch(/Loading/);
    await shown;
    expect(root.querySelector("[data-testid='dashboard']")).not.toBeNull();
    expect(root.querySelector("[data-testid='count-processors']")?.textContent).toBe("4");
  });

  it("shows a backend failure in a visible alert", async () => {
    const root = document.createElement("div");
    document.body.appendChild(root);
    const api = fakeApi({ dashboard: () => Promise.reject("The register at /x is locked by another program.") });
    await mountApp(root, api, window).show();
    expect(root.querySelector("[data-testid='dashboard']")).toBeNull();
    expect(root.querySelector("[role='alert']")?.textContent).toContain("The register at /x is locked by another program.");
  });
});
