import { describe, expect, it } from "vitest";
import { COUNT_CARDS, renderDashboard } from "../src/screens/dashboard";
import { sampleDashboard } from "./fixtures";

const byTestId = (root: HTMLElement, id: string) => root.querySelector(`[data-testid="${id}"]`);

describe("renderDashboard", () => {
  it("marks its root so a test can wait for the loaded dashboard", () => {
    expect(renderDashboard(sampleDashboard()).getAttribute("data-testid")).toBe("dashboard");
  });

  it("shows the organisation as the heading", () => {
    const root = renderDashboard(sampleDashboard());
    expect(root.querySelector("h1")?.textContent).toBe("Wesmond International Limited");
  });

  it("shows each count as just the number", () => {
    const d = sampleDashboard();
    const root = renderDashboard(d);
    const keys = [
      "policy_versions", "processors", "merchants", "platforms", "scopes",
      "authorizations", "requests", "retention_rules", "audit_entries",
    ] as const;
    expect(COUNT_CARDS.map((c) => c.key)).toEqual(keys);
    for (const key of keys) {
      expect(byTestId(root, `count-${key}`)?.textContent, key).toBe(String(d.counts[key]));
    }
    expect(root.textContent).toContain("3 active");
    expect(root.textContent).toContain("2 open");
  });

  it("shows the published policy's label and Last updated date", () => {
    const root = renderDashboard(sampleDashboard());
    expect(byTestId(root, "policy-label")?.textContent).toBe("2026-05");
    expect(byTestId(root, "policy-date")?.textContent).toBe("31 May 2026");
    expect(byTestId(root, "policy-date")?.querySelector("time")?.getAttribute("datetime")).toBe("2026-05-31");
  });

  it("says so when no policy is published", () => {
    const root = renderDashboard({ ...sampleDashboard(), published_policy: null });
    expect(byTestId(root, "policy-date")).toBeNull();
    expect(byTestId(root, "policy-label")?.textContent).toMatch(/No policy version is published yet/);
  });

  it("shows schema version, the first 12 hex chars of the audit head and the register path", () => {
    const root = renderDashboard(sampleDashboard());
    expect(byTestId(root, "schema-version")?.textContent).toBe("3");
    expect(byTestId(root, "audit-head")?.textContent).toBe("0123456789ab");
    expect(byTestId(root, "register-path")?.textContent).toBe("/tmp/register.db");
  });

  it("renders organisation text from the register as text", () => {
    const root = renderDashboard({ ...sampleDashboard(), organisation: "<b>Evil</b>" });
    expect(root.querySelector("h1")?.textContent).toBe("<b>Evil</b>");
    expect(root.querySelector("b")).toBeNull();
  });
});
