import { afterEach, describe, expect, it, vi } from "vitest";
import type { ExportProgress, PolicyComparison, PolicyVersion } from "../src/api";
import { policyScreen } from "../src/screens/policy";
import { comparePanel, renderDiff } from "../src/screens/policy-compare";
import { policyEditor, type EditorHost } from "../src/screens/policy-editor";
import { exportControls } from "../src/screens/policy-export";
import { publishDialog, statedLastUpdated } from "../src/screens/policy-publish";
import { fakeApi, samplePolicyVersion, settle, summaryOf } from "./fixtures";

const byTestId = <E extends Element = HTMLElement>(root: ParentNode, id: string) => root.querySelector<E & HTMLElement>(`[data-testid="${id}"]`);

const host = (overrides: Partial<EditorHost> = {}): EditorHost => ({
  changed: async () => undefined,
  newDraftFrom: () => undefined,
  publishedLabel: () => "2026-05-31",
  ...overrides,
});

const draft = (overrides: Partial<PolicyVersion> = {}) =>
  samplePolicyVersion({ id: 2, label: "draft-2", status: "draft", effective_date: null, published_at: null, published_by: null, based_on: 1, ...overrides });

afterEach(() => {
  document.body.replaceChildren();
  vi.useRealTimers();
});

describe("renderDiff", () => {
  const comparison: PolicyComparison = {
    old: "2026-05-31",
    new: "draft-2",
    words_inserted: 7,
    words_deleted: 1,
    runs: [
      { kind: "equal", text: "We do not sell data. " },
      { kind: "delete", text: "Maybe" },
      { kind: "insert", text: "We never sell personal data to anyone." },
      { kind: "equal", text: " <script>alert(1)</script> stays text" },
    ],
  };

  it("shows insertions in <ins> and deletions in <del>, as text", () => {
    const el = renderDiff(comparison);
    const diff = byTestId(el, "policy-diff")!;
    expect([...diff.querySelectorAll("ins")].map((e) => e.textContent)).toEqual(["We never sell personal data to anyone."]);
    expect([...diff.querySelectorAll("del")].map((e) => e.textContent)).toEqual(["Maybe"]);
    expect(diff.textContent).toBe("We do not sell data. MaybeWe never sell personal data to anyone. <script>alert(1)</script> stays text");
  });

  it("keeps a run holding <script> as text, never markup", () => {
    const el = renderDiff({ ...comparison, runs: [{ kind: "insert", text: "<script>alert(1)</script><img src=x onerror=alert(2)>" }] });
    expect(el.querySelector("script, img")).toBeNull();
    expect(el.querySelector("ins")?.textContent).toBe("<script>alert(1)</script><img src=x onerror=alert(2)>");
  });

  it("states the counts", () => {
    expect(byTestId(renderDiff(comparison), "policy-diff-counts")?.textContent).toBe("From 2026-05-31 to draft-2: 7 words inserted, 1 word deleted.");
  });
});

describe("comparePanel", () => {
  it("compares the version in force with the newest, and again when a picker changes", async () => {
    const calls: string[][] = [];
    const versions = [summaryOf(draft({ id: 3, label: "draft-3" })), summaryOf(draft()), summaryOf(samplePolicyVersion())];
    const panel = comparePanel(
      fakeApi({
        comparePolicies: async (a, b) => {
          calls.push([a, b]);
          return { old: a, new: b, words_inserted: 1, words_deleted: 0, runs: [{ kind: "insert", text: "x" }] };
        },
      }),
      versions,
    );
    await settle();
    expect(calls).toEqual([["1", "3"]]);
    const a = byTestId<HTMLSelectElement>(panel.element, "compare-a")!;
    expect(panel.element.querySelector("label[for='compare-a']")?.textContent).toBe("From version");
    expect([...a.options].map((o) => o.textContent)).toContain("2026-05-31 (published, Last updated 31 May 2026)");
    a.value = "2";
    a.dispatchEvent(new Event("change"));
    await settle();
    expect(calls[1]).toEqual(["2", "3"]);
    expect(byTestId(panel.element, "policy-diff")?.querySelector("ins")?.textContent).toBe("x");
  });

  it("explains that comparing needs two versions", () => {
    const panel = comparePanel(fakeApi(), [summaryOf(samplePolicyVersion())]);
    expect(panel.element.querySelector("select")).toBeNull();
    expect(panel.element.textContent).toMatch(/Comparing needs two versions/);
  });
});

describe("policyEditor", () => {
  it("is read-only for a published version, with the note and a way to start a new draft", async () => {
    const newDraftFrom = vi.fn();
    const editor = policyEditor(fakeApi({ previewPolicy: async () => "<h1>Privacy Policy</h1>" }), { version: samplePolicyVersion(), snapshots: [] }, host({ newDraftFrom }));
    const textarea = byTestId<HTMLTextAreaElement>(editor.element, "policy-editor")!;
    expect(textarea.readOnly).toBe(true);
    expect(textarea.value).toContain("Last updated: 31 May 2026");
    expect(editor.element.querySelector(`label[for="${textarea.id}"]`)?.textContent).toBe("Markdown source of 2026-05-31");
    expect(byTestId(editor.element, "policy-readonly-note")?.textContent).toMatch(/Published versions never change/);
    expect(byTestId(editor.element, "policy-save")).toBeNull();
    expect(byTestId(editor.element, "policy-publish")).toBeNull();
    expect(byTestId(editor.element, "policy-export-html")).not.toBeNull();
    byTestId(editor.element, "policy-new-from-open")!.click();
    expect(newDraftFrom).toHaveBeenCalledWith(expect.objectContaining({ id: 1 }));
    await settle();
    expect(byTestId(editor.element, "policy-preview")?.querySelector("h1")?.textContent).toBe("Privacy Policy");
    expect(editor.dirty()).toBe(false);
  });

  it("is read-only in review, with Return to draft", () => {
    const editor = policyEditor(fakeApi(), { version: draft({ status: "in_review" }), snapshots: [] }, host());
    expect(byTestId<HTMLTextAreaElement>(editor.element, "policy-editor")!.readOnly).toBe(true);
    expect(byTestId(editor.element, "policy-review")?.textContent).toBe("Return to draft");
    expect(byTestId(editor.element, "policy-publish")).not.toBeNull();
  });

  it("previews once on open and again, debounced, after typing; Ctrl+S saves", async () => {
    vi.useFakeTimers();
    const previews: string[] = [];
    const saves: Array<[string, string]> = [];
    const api = fakeApi({
      previewPolicy: async (markdown) => {
        previews.push(markdown);
        return `<p>${markdown.length} chars</p><script>alert(1)</script>`;
      },
      savePolicyDraft: async (version, markdown) => {
        saves.push([version, markdown]);
        return draft({ markdown });
      },
    });
    const editor = policyEditor(api, { version: draft(), snapshots: [] }, host());
    document.body.appendChild(editor.element);
    const textarea = byTestId<HTMLTextAreaElement>(editor.element, "policy-editor")!;
    expect(textarea.readOnly).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(previews).toHaveLength(1);

    for (const extra of ["a", "ab", "abc"]) {
      textarea.value = `${draft().markdown}${extra}`;
      textarea.dispatchEvent(new Event("input"));
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(previews).toHaveLength(1);
    expect(editor.dirty()).toBe(true);
    expect(byTestId(editor.element, "policy-save-state")?.textContent).toBe("Unsaved changes");
    await vi.advanceTimersByTimeAsync(250);
    expect(previews).toHaveLength(2);
    expect(previews[1]!.endsWith("abc")).toBe(true);
    const preview = byTestId(editor.element, "policy-preview")!;
    expect(preview.querySelector("script")).toBeNull();
    expect(preview.textContent).toBe(`${previews[1]!.length} chars`);

    textarea.dispatchEvent(new KeyboardEvent("keydown", { key: "s", ctrlKey: true, bubbles: true, cancelable: true }));
    await vi.advanceTimersByTimeAsync(0);
    expect(saves).toEqual([["2", `${draft().markdown}abc`]]);
    expect(editor.dirty()).toBe(false);
    editor.destroy();
  });

  it("saves unsaved text before it opens the publish dialog", async () => {
    const saves: string[] = [];
    const api = fakeApi({
      previewPolicy: async () => "",
      savePolicyDraft: async (_v, markdown) => {
        saves.push(markdown);
        return draft({ markdown });
      },
    });
    const editor = policyEditor(api, { version: draft(), snapshots: [] }, host());
    document.body.appendChild(editor.element);
    const textarea = byTestId<HTMLTextAreaElement>(editor.element, "policy-editor")!;
    textarea.value = draft().markdown.replace("31 May 2026", "1 July 2026");
    textarea.dispatchEvent(new Event("input"));
    byTestId(editor.element, "policy-publish")!.click();
    await settle();
    expect(saves).toHaveLength(1);
    const dialog = byTestId<HTMLDialogElement>(editor.element, "publish-dialog")!;
    expect(dialog.open).toBe(true);
    // The date field starts at the text's "Last updated" line.
    expect(byTestId<HTMLInputElement>(dialog, "publish-effective")!.value).toBe("2026-07-01");
    editor.destroy();
  });

  it("asks before leaving unsaved changes, and can discard them", async () => {
    const editor = policyEditor(fakeApi(), { version: draft(), snapshots: [] }, host());
    document.body.appendChild(editor.element);
    const textarea = byTestId<HTMLTextAreaElement>(editor.element, "policy-editor")!;
    textarea.value = "changed";
    textarea.dispatchEvent(new Event("input"));
    const leaving = editor.confirmLeave("open another version");
    expect(editor.element.querySelector("[role='alertdialog']")?.textContent).toContain("draft-2 has unsaved changes. Save them before you open another version?");
    byTestId(editor.element, "guard-discard")!.click();
    await expect(leaving).resolves.toBe(true);
    expect(textarea.value).toBe(draft().markdown);
    expect(editor.element.querySelector("[role='alertdialog']")).toBeNull();
    editor.destroy();
  });
});

describe("publishDialog", () => {
  it("shows the backend's refusal in an alert and stays open", async () => {
    const refusal = "the text of draft-2 says \"Last updated: 31 May 2026\" but the effective date is 1 July 2026; make them agree";
    const publishPolicy = vi.fn(() => Promise.reject(refusal));
    const onPublished = vi.fn();
    const dialog = publishDialog(fakeApi({ publishPolicy }), draft(), "2026-05-31", onPublished);
    document.body.appendChild(dialog.element);
    dialog.open();
    expect(dialog.element.open).toBe(true);
    expect(dialog.element.textContent).toContain("Publishing retires 2026-05-31");
    byTestId<HTMLInputElement>(dialog.element, "publish-effective")!.value = "2026-07-01";
    byTestId<HTMLInputElement>(dialog.element, "publish-material")!.checked = true;
    byTestId<HTMLTextAreaElement>(dialog.element, "publish-summary")!.value = "  Clarified that we never sell personal data.  ";
    byTestId(dialog.element, "publish-confirm")!.click();
    await settle();
    expect(publishPolicy).toHaveBeenCalledWith("2", { effective: "2026-07-01", material: true, summary: "Clarified that we never sell personal data." });
    expect(dialog.element.querySelector("[role='alert']")?.textContent).toBe(`Not published. T${refusal.slice(1)}`);
    expect(dialog.element.open).toBe(true);
    expect(onPublished).not.toHaveBeenCalled();
  });

  it("asks for a date before calling the backend, and closes once published", async () => {
    const published = draft({ status: "published", effective_date: "2026-07-01" });
    const publishPolicy = vi.fn(async () => published);
    const onPublished = vi.fn();
    const dialog = publishDialog(fakeApi({ publishPolicy }), draft({ markdown: "no date line" }), null, onPublished);
    document.body.appendChild(dialog.element);
    dialog.open();
    byTestId(dialog.element, "publish-confirm")!.click();
    await settle();
    expect(publishPolicy).not.toHaveBeenCalled();
    expect(dialog.element.querySelector("[role='alert']")?.textContent).toMatch(/Choose the effective date/);

    byTestId<HTMLInputElement>(dialog.element, "publish-effective")!.value = "2026-07-01";
    byTestId(dialog.element, "publish-confirm")!.click();
    await settle();
    expect(publishPolicy).toHaveBeenCalledWith("2", { effective: "2026-07-01", material: false, summary: null });
    expect(onPublished).toHaveBeenCalledWith(published);
    expect(dialog.element.open).toBe(false);
  });

  it.each([
    ["Last updated: 1 July 2026", "2026-07-01"],
    ["**Last updated: 31 May 2026**", "2026-05-31"],
    ["Last updated: 2026-07-01", "2026-07-01"],
    ["Last updated: sometime", null],
    ["no line", null],
  ])("reads the date of %j as %j", (line, date) => {
    expect(statedLastUpdated(`# Policy\n\n${line}\n\nText.`)).toBe(date);
  });
});

describe("exportControls", () => {
  it("shows progress while exporting, then the path, size, hash and snapshot", async () => {
    let report: ((p: ExportProgress) => void) | null = null;
    let finish: (() => void) | null = null;
    const unlisten = vi.fn();
    const api = fakeApi({
      onExportProgress: async (handler) => {
        report = handler;
        return unlisten;
      },
      exportPolicy: (version, format) =>
        new Promise((resolve) => {
          finish = () =>
            resolve({
              version: "2026-07-01",
              format,
              path: "/home/officer/privacy-policy.html",
              bytes: 12_345,
              sha256: "cd".repeat(32),
              snapshot: { id: 4, version_id: Number(version), format, file_sha256: "cd".repeat(32), markdown_sha256: "ab".repeat(32), byte_len: 12_345, created_at: "2026-07-01T00:00:00Z", created_by: "officer" },
            });
        }),
    });
    const controls = exportControls(api, "2");
    expect(controls.buttons.map((b) => b.textContent)).toEqual(["Export HTML", "Export PDF"]);
    controls.buttons[0]!.click();
    await settle();
    const bar = controls.panel.querySelector("progress")!;
    expect(controls.panel.querySelector(`label[for="${bar.id}"]`)?.textContent).toBe("Exporting HTML");
    report!({ stage: "Rendering", percent: 40 });
    expect(bar.value).toBe(40);
    expect(controls.panel.textContent).toContain("Rendering");
    expect(controls.buttons[0]!.disabled).toBe(true);
    finish!();
    await settle();
    const result = byTestId(controls.panel, "export-result")!;
    expect(result.textContent).toContain("/home/officer/privacy-policy.html");
    expect(result.textContent).toContain("12,345 bytes (12.1 KB)");
    expect(result.textContent).toContain("cd".repeat(32));
    expect(result.textContent).toContain("snapshot recorded");
    expect(unlisten).toHaveBeenCalledOnce();
    expect(controls.buttons[0]!.disabled).toBe(false);
  });

  it("says so when the save dialog was cancelled, and shows failures", async () => {
    const controls = exportControls(fakeApi({ exportPolicy: async () => null }), "2");
    controls.buttons[1]!.click();
    await settle();
    expect(byTestId(controls.panel, "export-result")?.textContent).toBe("Export cancelled; nothing was written.");

    const failing = exportControls(fakeApi({ exportPolicy: () => Promise.reject("PDF export is not available in this build") }), "2");
    failing.buttons[1]!.click();
    await settle();
    expect(failing.panel.querySelector("[role='alert']")?.textContent).toBe("Not exported. PDF export is not available in this build");
  });
});

describe("policyScreen", () => {
  it("shows the empty state when there are no versions", async () => {
    const root = await policyScreen(fakeApi());
    expect(root.querySelector("table")).toBeNull();
    expect(root.textContent).toMatch(/No policy versions yet/);
    expect(byTestId(root, "policy-editor")).toBeNull();
  });

  it("opens the version in force, and a new draft in the editor when asked", async () => {
    const published = samplePolicyVersion();
    let versions = [published];
    const api = fakeApi({
      listPolicyVersions: async () => versions.map(summaryOf),
      getPolicyVersion: async (v) => ({ version: versions.find((x) => String(x.id) === v)!, snapshots: [] }),
      newPolicyDraft: async (from, label) => {
        expect([from, label]).toEqual([null, null]);
        const d = draft();
        versions = [d, published];
        return d;
      },
      comparePolicies: async (a, b) => ({ old: a, new: b, words_inserted: 0, words_deleted: 0, runs: [] }),
    });
    const root = await policyScreen(api);
    document.body.appendChild(root);
    expect(root.querySelector("caption")?.textContent).toBe("Privacy policy versions");
    expect([...root.querySelectorAll("thead th")].map((th) => th.textContent)).toEqual(["Version", "Status", "Last updated", "Material change", "Published", "Actions"]);
    expect(byTestId(root, "policy-editor-panel")?.getAttribute("data-version")).toBe("2026-05-31");
    expect(byTestId<HTMLTextAreaElement>(root, "policy-editor")!.readOnly).toBe(true);
    expect(root.querySelector("tbody tr[aria-current='true']")?.textContent).toContain("2026-05-31");

    byTestId(root, "policy-new-draft")!.click();
    await settle();
    expect(byTestId(root, "policy-editor-panel")?.getAttribute("data-version")).toBe("draft-2");
    expect(byTestId(root, "policy-status")?.textContent).toBe("draft");
    expect(byTestId<HTMLTextAreaElement>(root, "policy-editor")!.readOnly).toBe(false);
    expect(document.activeElement).toBe(byTestId(root, "policy-editor"));
    expect(root.querySelectorAll("tbody tr")).toHaveLength(2);
    expect(byTestId(root, "policy-message")?.textContent).toBe("Started draft draft-2.");
    expect(byTestId(root, "compare-a")).not.toBeNull();
  });

  it("shows why a new draft could not be started", async () => {
    const api = fakeApi({
      listPolicyVersions: async () => [summaryOf(samplePolicyVersion())],
      getPolicyVersion: async () => ({ version: samplePolicyVersion(), snapshots: [] }),
      newPolicyDraft: () => Promise.reject("the register is locked by another program"),
    });
    const root = await policyScreen(api);
    byTestId(root, "policy-new-draft")!.click();
    await settle();
    expect(root.querySelector("[role='alert']")?.textContent).toBe("Something went wrong. The register is locked by another program");
  });
});

describe("comparePanel defaults", () => {
  it("compares the previous version with the newest when the newest is the one in force", async () => {
    const calls: string[][] = [];
    const versions = [summaryOf(draft({ status: "published" })), summaryOf(samplePolicyVersion({ status: "retired" }))];
    comparePanel(fakeApi({ comparePolicies: async (a, b) => (calls.push([a, b]), { old: a, new: b, words_inserted: 0, words_deleted: 0, runs: [] }) }), versions);
    await settle();
    expect(calls).toEqual([["1", "2"]]);
  });
});

describe("version row actions", () => {
  const setup = () => {
    const published = samplePolicyVersion();
    const d = draft();
    const versions = [d, published];
    const compared: string[][] = [];
    const drafts: Array<string | null> = [];
    const api = fakeApi({
      listPolicyVersions: async () => versions.map(summaryOf),
      getPolicyVersion: async (v) => ({ version: versions.find((x) => String(x.id) === v)!, snapshots: [] }),
      comparePolicies: async (a, b) => (compared.push([a, b]), { old: a, new: b, words_inserted: 0, words_deleted: 0, runs: [] }),
      newPolicyDraft: async (from) => {
        drafts.push(from);
        const copy = draft({ id: 3, label: "draft-3", based_on: Number(from) });
        versions.unshift(copy);
        return copy;
      },
    });
    return { api, compared, drafts };
  };
  const row = (root: HTMLElement, action: string, label: string) =>
    root.querySelector<HTMLButtonElement>(`[data-testid="${action}"][data-version="${label}"]`)!;

  it("names each action with its version, and compares from the row's version", async () => {
    const { api, compared } = setup();
    const root = await policyScreen(api);
    document.body.appendChild(root);
    await settle();
    expect(row(root, "policy-open", "draft-2").getAttribute("aria-label")).toBe("Open (version draft-2)");
    row(root, "policy-compare-with", "draft-2").click();
    await settle();
    // The published version is open, so the row's draft is compared with it.
    expect(compared[compared.length - 1]).toEqual(["2", "1"]);
    expect(document.activeElement).toBe(byTestId(root, "compare-b"));
  });

  it("starts a new draft from a row's version", async () => {
    const { api, drafts } = setup();
    const root = await policyScreen(api);
    row(root, "policy-new-from", "2026-05-31").click();
    await settle();
    expect(drafts).toEqual(["1"]);
    expect(byTestId(root, "policy-editor-panel")?.getAttribute("data-version")).toBe("draft-3");
  });

  it("asks before opening another version over unsaved changes", async () => {
    const { api } = setup();
    const root = await policyScreen(api);
    document.body.appendChild(root);
    row(root, "policy-open", "draft-2").click();
    await settle();
    const textarea = byTestId<HTMLTextAreaElement>(root, "policy-editor")!;
    textarea.value = "changed";
    textarea.dispatchEvent(new Event("input"));
    row(root, "policy-open", "2026-05-31").click();
    await settle();
    expect(root.querySelector("[role='alertdialog']")?.textContent).toContain("draft-2 has unsaved changes");
    byTestId(root, "guard-stay")!.click();
    await settle();
    expect(byTestId(root, "policy-editor-panel")?.getAttribute("data-version")).toBe("draft-2");
    expect(byTestId<HTMLTextAreaElement>(root, "policy-editor")!.value).toBe("changed");
  });
});

describe("publishing from the screen", () => {
  it("saves, publishes, then shows the version as published and the old one retired", async () => {
    const old = samplePolicyVersion();
    const d = draft();
    const versions = [d, old];
    const publishPolicy = vi.fn(async (_v: string, p: { effective: string }) => {
      old.status = "retired";
      Object.assign(d, { status: "published", effective_date: p.effective, published_at: "2026-07-01T00:00:00Z" });
      return { ...d };
    });
    const api = fakeApi({
      listPolicyVersions: async () => versions.map(summaryOf),
      getPolicyVersion: async (v) => ({ version: { ...versions.find((x) => String(x.id) === v)! }, snapshots: [] }),
      savePolicyDraft: async (_v, markdown) => Object.assign(d, { markdown }),
      publishPolicy,
      comparePolicies: async (a, b) => ({ old: a, new: b, words_inserted: 0, words_deleted: 0, runs: [] }),
    });
    const root = await policyScreen(api);
    document.body.appendChild(root);
    root.querySelector<HTMLButtonElement>('[data-testid="policy-open"][data-version="draft-2"]')!.click();
    await settle();
    const textarea = byTestId<HTMLTextAreaElement>(root, "policy-editor")!;
    textarea.value = d.markdown.replace("31 May 2026", "1 July 2026");
    textarea.dispatchEvent(new Event("input"));
    byTestId(root, "policy-publish")!.click();
    await settle();
    expect(d.markdown).toContain("Last updated: 1 July 2026");
    byTestId(root, "publish-confirm")!.click();
    await settle();
    expect(publishPolicy).toHaveBeenCalledWith("2", { effective: "2026-07-01", material: false, summary: null });
    expect(byTestId(root, "policy-editor-panel")?.getAttribute("data-status")).toBe("published");
    expect(byTestId(root, "policy-status")?.textContent).toBe("published");
    expect(byTestId<HTMLTextAreaElement>(root, "policy-editor")!.readOnly).toBe(true);
    expect(byTestId(root, "policy-message")?.textContent).toBe("Published draft-2, Last updated 1 Jul 2026; 2026-05-31 is retired.");
  });
});
