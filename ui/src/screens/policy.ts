/**
 * Policy: every version of the privacy policy (newest first, as the backend lists them), an editor
 * with a live preview for the one open, and a word-level comparison of any two.
 */
import { errorMessage, type Api, type PolicySummary, type PolicyVersion } from "../api";
import { h, replaceChildren } from "../h";
import { badge, calendarDate, dataTable, errorAlert, instant, loading, screenTitle } from "../view";
import { comparePanel, type ComparePanel } from "./policy-compare";
import { policyEditor, type EditorHost, type PolicyEditor } from "./policy-editor";

/** What a row of the versions table can ask for. */
export interface VersionActions {
  open(v: PolicySummary): void;
  compareWith(v: PolicySummary): void;
  newDraftFrom(v: PolicySummary): void;
}

const NO_VERSIONS =
  "No policy versions yet. The register keeps every version of the privacy policy with its \"Last updated\" date; initialise the register (`workbench init`) or import the current policy (`workbench policy import FILE`), then draft and publish changes here.";

/** Renders the versions table with its row actions, or the empty state. */
export function renderVersionsTable(versions: PolicySummary[], actions: VersionActions, openId: number | null = null): HTMLElement {
  const table = dataTable({
    caption: "Privacy policy versions",
    testid: "policy-versions",
    rows: versions,
    empty: NO_VERSIONS,
    columns: [
      { header: "Version", cell: (v) => v.label },
      { header: "Status", cell: (v) => badge(v.status) },
      { header: "Last updated", cell: (v) => calendarDate(v.effective_date) },
      { header: "Material change", cell: (v) => (v.material_change ? "Yes" : "No") },
      { header: "Published", cell: (v) => instant(v.published_at) },
      {
        header: "Actions",
        cell: (v) =>
          h(
            "div",
            { class: "row-actions" },
            button("Open", "policy-open", v, () => actions.open(v)),
            button("Compare with\u2026", "policy-compare-with", v, () => actions.compareWith(v)),
            button("New draft from this version", "policy-new-from", v, () => actions.newDraftFrom(v)),
          ),
      },
    ],
  });
  // Mark the open version's row for eyes and screen readers alike.
  const rows = table.querySelectorAll("tbody tr");
  versions.forEach((v, i) => {
    if (v.id === openId) rows[i]?.setAttribute("aria-current", "true");
  });
  return table;
}

/** A row action; its accessible name starts with what it shows and adds which version it acts on. */
function button(text: string, testid: string, v: PolicySummary, onClick: () => void): HTMLButtonElement {
  return h("button", { type: "button", class: "secondary small", "aria-label": `${text} (version ${v.label})`, "data-testid": testid, "data-version": v.label, onClick }, text);
}

/** Loads the versions, opens the one in force (else the newest) and wires everything together. */
export async function policyScreen(api: Api): Promise<HTMLElement> {
  let versions = await api.listPolicyVersions();
  let editor: PolicyEditor | null = null;
  let compare: ComparePanel | null = null;

  const messages = h("div", { class: "screen-messages", "data-testid": "policy-message", role: "status" });
  const newDraft = h("button", { type: "button", "data-testid": "policy-new-draft" }, "New draft");
  const tableRegion = h("div", { class: "versions" });
  const editorRegion = h("div", { class: "editor-region" });
  const compareRegion = h("div", { class: "compare-region" });

  const published = () => versions.find((v) => v.status === "published") ?? null;

  const actions: VersionActions = {
    open: (v) => {
      replaceChildren(messages);
      void open(v.id, true);
    },
    compareWith: (v) => compare?.compareFrom(v, editor ? versions.find((o) => o.id === editor!.version.id) : undefined),
    newDraftFrom: (v) => void createDraft(String(v.id)),
  };

  const showTable = () => {
    replaceChildren(tableRegion, renderVersionsTable(versions, actions, editor?.version.id ?? null));
    const inForce = published();
    newDraft.disabled = inForce === null;
    newDraft.title = inForce ? `A new draft copied from ${inForce.label}, the version in force` : "No version is published yet";
  };

  const showVersions = () => {
    showTable();
    compare = comparePanel(api, versions);
    replaceChildren(compareRegion, compare.element);
  };

  const reload = async () => {
    versions = await api.listPolicyVersions();
    showVersions();
  };

  const closeEditor = () => {
    editor?.destroy();
    editor = null;
  };

  /**
   * Opens a version in the editor. Unless `asked` (the caller already did), asks first when the
   * open one has unsaved changes.
   */
  const open = async (id: number, focus: boolean, asked = false): Promise<void> => {
    if (!asked && editor && !(await editor.confirmLeave("open another version"))) return;
    closeEditor();
    replaceChildren(editorRegion, loading("the policy text"));
    try {
      const detail = await api.getPolicyVersion(String(id));
      editor = policyEditor(api, detail, host);
      replaceChildren(editorRegion, editor.element);
      showTable();
      if (focus) editor.element.querySelector<HTMLElement>(detail.version.status === "draft" ? "textarea" : "h2")?.focus();
    } catch (error) {
      replaceChildren(editorRegion, errorAlert(errorMessage(error)));
    }
  };

  const createDraft = async (from: string | null) => {
    if (editor && !(await editor.confirmLeave("start a new draft"))) return;
    replaceChildren(messages);
    newDraft.disabled = true;
    try {
      const draft = await api.newPolicyDraft(from, null);
      await reload();
      replaceChildren(messages, h("p", { class: "ok" }, `Started draft ${draft.label}.`));
      await open(draft.id, true, true);
    } catch (error) {
      replaceChildren(messages, errorAlert(errorMessage(error)));
    } finally {
      newDraft.disabled = published() === null;
    }
  };

  const host: EditorHost = {
    changed: async (v: PolicyVersion) => {
      const retired = published()?.label;
      try {
        await reload();
      } catch (error) {
        replaceChildren(messages, errorAlert(errorMessage(error)));
        return;
      }
      // The record changed under the editor, and what it held is saved: no need to ask.
      await open(v.id, false, true);
      const note =
        v.status === "published"
          ? `Published ${v.label}, Last updated ${v.effective_date ?? "?"}${retired && retired !== v.label ? `; ${retired} is retired` : ""}.`
          : v.status === "in_review"
            ? `${v.label} is in review.`
            : `${v.label} is a draft again.`;
      replaceChildren(messages, h("p", { class: "ok" }, note));
      editorRegion.querySelector<HTMLElement>("h2")?.focus();
    },
    newDraftFrom: (v: PolicyVersion) => void createDraft(String(v.id)),
    publishedLabel: () => published()?.label ?? null,
  };

  newDraft.addEventListener("click", () => void createDraft(null));
  showVersions();

  const root = h(
    "div",
    { class: "screen policy-screen", "data-testid": "policy" },
    screenTitle("Policy", "Each published version is immutable; a correction is a new version with a new \u201cLast updated\u201d date."),
    versions.length > 0 ? h("div", { class: "toolbar" }, newDraft) : null,
    messages,
    tableRegion,
    editorRegion,
    compareRegion,
  );

  const first = published() ?? versions[0];
  if (first) await open(first.id, false, true);
  return root;
}
