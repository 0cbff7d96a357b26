/**
 * The policy screen in Traditional Chinese (Hong Kong), its keyboard hooks, and its empty state.
 * The policy text itself is the officer's data and is never translated.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import type { PolicyVersion } from "../src/api";
import { h } from "../src/h";
import { setLocale } from "../src/i18n";
import { installKeyboard, type KeyboardController } from "../src/keyboard";
import { policyScreen } from "../src/screens/policy";
import { renderDiff } from "../src/screens/policy-compare";
import { policyEditor, type EditorHost } from "../src/screens/policy-editor";
import { exportControls } from "../src/screens/policy-export";
import { fakeApi, samplePolicyVersion, settle, summaryOf } from "./fixtures";

const byTestId = <E extends Element = HTMLElement>(root: ParentNode, id: string) => root.querySelector<E & HTMLElement>(`[data-testid="${id}"]`);

const host: EditorHost = { changed: async () => undefined, newDraftFrom: () => undefined, publishedLabel: () => "2026-05-31" };

const draft = (overrides: Partial<PolicyVersion> = {}) =>
  samplePolicyVersion({ id: 2, label: "draft-2", status: "draft", effective_date: null, published_at: null, published_by: null, based_on: 1, ...overrides });

/** A backend holding the published version and a draft. */
function twoVersions() {
  const versions = [draft(), samplePolicyVersion()];
  return fakeApi({
    listPolicyVersions: async () => versions.map(summaryOf),
    getPolicyVersion: async (v) => ({ version: versions.find((x) => String(x.id) === v)!, snapshots: [] }),
    previewPolicy: async (markdown) => `<p>${markdown.length}</p>`,
    comparePolicies: async (a, b) => ({ old: a, new: b, words_inserted: 1, words_deleted: 0, runs: [{ kind: "insert", text: "We never sell personal data." }] }),
  });
}

let keyboard: KeyboardController | null = null;

afterEach(() => {
  keyboard?.destroy();
  keyboard = null;
  setLocale("en");
  document.body.replaceChildren();
  vi.useRealTimers();
});

describe("the policy screen in Traditional Chinese", () => {
  it("speaks Chinese, shows dates the Hong Kong way, and keeps the policy text as written", async () => {
    setLocale("zh-HK");
    const root = await policyScreen(twoVersions());
    document.body.appendChild(root);
    await settle();
    expect(root.querySelector("h1")?.textContent).toBe("私隱政策");
    expect(root.querySelector("caption")?.textContent).toBe("私隱政策版本");
    expect([...root.querySelectorAll("thead th")].map((th) => th.textContent)).toEqual(["版本", "狀態", "最後更新", "重大修改", "發布時間", "操作"]);
    // The calendar date, in the locale, with the ISO date kept for machines.
    const date = root.querySelector("tbody time[datetime='2026-05-31']")!;
    expect(date.textContent).toBe("2026年5月31日");
    expect(root.querySelector("tbody")?.textContent).toContain("已發布");
    expect(byTestId(root, "policy-new-draft")?.textContent).toBe("新增草稿");
    expect(root.querySelector<HTMLButtonElement>('[data-testid="policy-open"][data-version="draft-2"]')?.getAttribute("aria-label")).toBe("開啟（版本 draft-2）");
    // The editor's furniture is Chinese; the policy's markdown is the officer's text.
    expect(byTestId(root, "policy-readonly-note")?.textContent).toMatch(/已發布的版本永不更改/);
    expect(byTestId<HTMLTextAreaElement>(root, "policy-editor")!.value).toContain("Last updated: 31 May 2026");
    expect(byTestId(root, "policy-preview")?.textContent).toBe(String(samplePolicyVersion().markdown.length));
    expect(byTestId(root, "policy-export-pdf")?.textContent).toBe("匯出 PDF");
    // The compare panel names versions with their status and date in Chinese.
    const options = [...byTestId<HTMLSelectElement>(root, "compare-a")!.options].map((o) => o.textContent);
    expect(options).toContain("2026-05-31（已發布，最後更新 2026年5月31日）");
    expect(options).toContain("draft-2（草稿）");
    expect(byTestId(root, "policy-diff-counts")?.textContent).toBe("由 1 至 2：新增 1 個字詞，刪除 0 個字詞。");
    expect(byTestId(root, "policy-diff")?.textContent).toBe("We never sell personal data.");
  });

  it("shows times, counts and export results in the locale", async () => {
    setLocale("zh-HK");
    const editor = policyEditor(fakeApi(), { version: samplePolicyVersion(), snapshots: [] }, host);
    const created = editor.element.querySelector("time[datetime='2026-05-30T08:00:00Z']")!;
    expect(created.textContent).toMatch(/^2026年5月30日/);
    expect(created.parentElement?.textContent).toMatch(/^officer 於 2026年5月30日/);

    const diff = renderDiff({ old: "a", new: "b", words_inserted: 1234, words_deleted: 0, runs: [] });
    expect(byTestId(diff, "policy-diff-counts")?.textContent).toBe("由 a 至 b：新增 1,234 個字詞，刪除 0 個字詞。");

    const controls = exportControls(
      fakeApi({
        exportPolicy: async (_v, format) => ({ version: "2026-05-31", format, path: "/tmp/p.html", bytes: 2048, sha256: "cd".repeat(32), snapshot: null }),
      }),
      "1",
    );
    controls.buttons[0]!.click();
    await settle();
    expect(byTestId(controls.panel, "export-result")?.textContent).toContain("已將版本 2026-05-31 匯出為 HTML；沒有記錄快照");
    expect(byTestId(controls.panel, "export-result")?.textContent).toContain("2,048 位元組");
  });

  it("translates the backend's export stages it knows, and shows others as sent", async () => {
    setLocale("zh-HK");
    let report: ((p: { stage: string; percent: number }) => void) | null = null;
    const controls = exportControls(
      fakeApi({
        onExportProgress: async (handler) => ((report = handler), () => undefined),
        exportPolicy: () => new Promise(() => undefined),
      }),
      "1",
    );
    controls.buttons[1]!.click();
    await settle();
    expect(controls.panel.textContent).toContain("正在選擇儲存位置");
    report!({ stage: "Typesetting the PDF…", percent: 10 });
    expect(controls.panel.querySelector(".stage")?.textContent).toBe("正在排版 PDF…");
    report!({ stage: "Something new", percent: 50 });
    expect(controls.panel.querySelector(".stage")?.textContent).toBe("Something new");
  });
});

describe("keyboard hooks", () => {
  it("marks the new-draft button for the shell's shortcut", async () => {
    const root = await policyScreen(twoVersions());
    expect(root.querySelector('[data-shortcut="new-draft"]')).toBe(byTestId(root, "policy-new-draft"));
  });

  it("marks the editor's save button, enabled only while there is something to save", async () => {
    const editor = policyEditor(fakeApi(), { version: draft(), snapshots: [] }, host);
    const save = editor.element.querySelector<HTMLButtonElement>('[data-shortcut="save"]')!;
    expect(save).toBe(byTestId(editor.element, "policy-save"));
    expect(save.disabled).toBe(true);
    const textarea = byTestId<HTMLTextAreaElement>(editor.element, "policy-editor")!;
    textarea.value = `${textarea.value}More.`;
    textarea.dispatchEvent(new Event("input"));
    expect(save.disabled).toBe(false);
    editor.destroy();
  });

  it("has no save shortcut on a version that cannot be edited", () => {
    const editor = policyEditor(fakeApi(), { version: samplePolicyVersion(), snapshots: [] }, host);
    expect(editor.element.querySelector('[data-shortcut="save"]')).toBeNull();
  });

  it("Ctrl+S in the text types nothing, and with the shell's click saves once", async () => {
    let finish: (() => void) | null = null;
    const saves: string[] = [];
    const api = fakeApi({
      previewPolicy: async () => "",
      savePolicyDraft: (_v, markdown) => {
        saves.push(markdown);
        return new Promise((resolve) => (finish = () => resolve(draft({ markdown }))));
      },
    });
    const editor = policyEditor(api, { version: draft(), snapshots: [] }, host);
    document.body.appendChild(editor.element);
    const textarea = byTestId<HTMLTextAreaElement>(editor.element, "policy-editor")!;
    textarea.value = "changed";
    textarea.dispatchEvent(new Event("input"));
    const press = new KeyboardEvent("keydown", { key: "s", ctrlKey: true, bubbles: true, cancelable: true });
    textarea.dispatchEvent(press);
    expect(press.defaultPrevented).toBe(true);
    expect(textarea.value).toBe("changed");
    // The shell's global shortcut clicks the marked button too: the save already running is joined.
    editor.element.querySelector<HTMLButtonElement>('[data-shortcut="save"]')!.click();
    expect(byTestId(editor.element, "policy-save-state")?.textContent).toBe("Saving…");
    finish!();
    await settle();
    expect(saves).toEqual(["changed"]);
    expect(byTestId(editor.element, "policy-save-state")?.textContent).toMatch(/^Saved at /);
    expect(editor.element.querySelector<HTMLButtonElement>('[data-shortcut="save"]')!.disabled).toBe(true);
    editor.destroy();
  });

  it("says when saved, in the locale", async () => {
    setLocale("zh-HK");
    const editor = policyEditor(fakeApi({ previewPolicy: async () => "", savePolicyDraft: async (_v, markdown) => draft({ markdown }) }), { version: draft(), snapshots: [] }, host);
    const textarea = byTestId<HTMLTextAreaElement>(editor.element, "policy-editor")!;
    textarea.value = "changed";
    textarea.dispatchEvent(new Event("input"));
    expect(byTestId(editor.element, "policy-save-state")?.textContent).toBe("有未儲存的修改");
    byTestId(editor.element, "policy-save")!.click();
    await settle();
    expect(byTestId(editor.element, "policy-save-state")?.textContent).toMatch(/^已於 \d{4}年\d{1,2}月\d{1,2}日.* 儲存。$/);
    editor.destroy();
  });
});

describe("with the shell's shortcuts installed", () => {
  /** The policy screen in a shell stand-in with the app's keyboard handler. */
  async function inShell(api = twoVersions()) {
    const main = h("main", null, await policyScreen(api));
    document.body.appendChild(main);
    const announced: string[] = [];
    keyboard = installKeyboard({ win: window, main, navigate: () => undefined, openPalette: () => undefined, openHelp: () => undefined, announce: (text) => announced.push(text) });
    await settle();
    return { main, announced };
  }
  const press = (target: EventTarget, key: string, init: KeyboardEventInit = {}) => {
    const event = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...init });
    target.dispatchEvent(event);
    return event;
  };

  it("Ctrl+S saves the draft once, from the text or from elsewhere on the screen", async () => {
    const saves: string[] = [];
    const api = twoVersions();
    api.savePolicyDraft = async (_v, markdown) => (saves.push(markdown), draft({ markdown }));
    const { main } = await inShell(api);
    main.querySelector<HTMLButtonElement>('[data-testid="policy-open"][data-version="draft-2"]')!.click();
    await settle();
    const textarea = byTestId<HTMLTextAreaElement>(main, "policy-editor")!;
    textarea.value = "first";
    textarea.dispatchEvent(new Event("input"));
    expect(press(textarea, "s", { ctrlKey: true }).defaultPrevented).toBe(true);
    await settle();
    expect(saves).toEqual(["first"]);

    textarea.value = "second";
    textarea.dispatchEvent(new Event("input"));
    press(byTestId(main, "policy-versions")!, "s", { ctrlKey: true });
    await settle();
    expect(saves).toEqual(["first", "second"]);
  });

  it("Ctrl+Shift+N starts a new draft through the marked button", async () => {
    const api = twoVersions();
    const from: Array<string | null> = [];
    api.newPolicyDraft = async (f) => (from.push(f), draft({ id: 3, label: "draft-3" }));
    const { main } = await inShell(api);
    press(document.body, "N", { ctrlKey: true, shiftKey: true });
    await settle();
    expect(from).toEqual([null]);
    expect(main.textContent).toContain("Started draft draft-3.");
  });
});

describe("with no policy version", () => {
  it("explains the register and the way to a first version: import, review, publish", async () => {
    const root = await policyScreen(fakeApi());
    const empty = byTestId(root, "policy-versions-empty")!;
    expect(empty.textContent).toMatch(/No policy versions yet/);
    const steps = [...byTestId(root, "policy-first-steps")!.querySelectorAll("li")].map((li) => li.textContent);
    expect(steps[0]).toContain("workbench policy import FILE");
    expect(steps[1]).toMatch(/^Review the policy/);
    expect(steps[2]).toMatch(/^Publish it/);
    // Nothing to copy a draft from yet: the new-draft button is not offered.
    expect(byTestId(root, "policy-new-draft")?.closest<HTMLElement>(".toolbar")?.hidden).toBe(true);
  });

  it("looks again once a policy has been imported, and opens it", async () => {
    let versions: PolicyVersion[] = [];
    const api = fakeApi({
      listPolicyVersions: async () => versions.map(summaryOf),
      getPolicyVersion: async (v) => ({ version: versions.find((x) => String(x.id) === v)!, snapshots: [] }),
    });
    const root = await policyScreen(api);
    document.body.appendChild(root);
    byTestId(root, "policy-check-again")!.click();
    await settle();
    expect(byTestId(root, "policy-message")?.textContent).toBe("Still no policy versions in the register.");

    versions = [draft({ id: 1, label: "draft-1", based_on: null })];
    byTestId(root, "policy-check-again")!.click();
    await settle();
    expect(root.querySelectorAll("tbody tr")).toHaveLength(1);
    expect(byTestId(root, "policy-editor-panel")?.getAttribute("data-version")).toBe("draft-1");
    expect(byTestId(root, "policy-new-draft")?.closest<HTMLElement>(".toolbar")?.hidden).toBe(false);
  });

  it("explains it in Chinese too", async () => {
    setLocale("zh-HK");
    const root = await policyScreen(fakeApi());
    expect(byTestId(root, "policy-versions-empty")?.textContent).toMatch(/尚未有任何私隱政策版本/);
    expect(byTestId(root, "policy-first-steps")?.textContent).toMatch(/審閱私隱政策/);
    expect(byTestId(root, "policy-compare")?.textContent).toMatch(/比較需要兩個版本/);
  });
});
