/**
 * The policy editor: the markdown source on the left, a live preview on the right. Drafts can be
 * saved (button or Ctrl+S), sent for review, published and exported; versions in review, published
 * and retired ones are read-only, because the register refuses to change them.
 *
 * The policy text and its preview are the officer's data: they are never translated.
 */
import { errorMessage, type Api, type PolicyDetail, type PolicyVersion } from "../api";
import { h, replaceChildren } from "../h";
import { formatDateTime, t } from "../i18n";
import { badge, calendarDate, errorAlert, instant, setSanitisedHtml } from "../view";
import { messageParts } from "./message-parts";
import { exportControls } from "./policy-export";
import { publishDialog } from "./policy-publish";

/** What the editor asks of the screen around it. */
export interface EditorHost {
  /** The version was saved, moved or published: refresh the list and show `version` again. */
  changed(version: PolicyVersion): Promise<void>;
  /** Start a new draft copied from `version`. */
  newDraftFrom(version: PolicyVersion): void;
  /** The label of the version in force, which publishing retires. */
  publishedLabel(): string | null;
}

/** The open editor. */
export interface PolicyEditor {
  element: HTMLElement;
  version: PolicyVersion;
  /** True while the textarea holds text that is not saved. */
  dirty(): boolean;
  /**
   * Resolves true when it is fine to leave the text (nothing unsaved, or the officer chose to
   * save or discard), false when the officer keeps editing. `what` completes the question
   * "Save them before you …?" in the current language.
   */
  confirmLeave(what: string): Promise<boolean>;
  /** Stops the pending preview. */
  destroy(): void;
}

/** How long typing must pause before the preview is rendered again. */
export const PREVIEW_DELAY_MS = 250;

/** Why a version that is not a draft cannot be edited, in the current language. */
function readOnlyNote(status: string): string {
  switch (status) {
    case "in_review":
      return t("policy.editor.note_in_review");
    case "published":
      return t("policy.editor.note_published");
    case "retired":
      return t("policy.editor.note_retired");
    default:
      return t("policy.editor.note_locked");
  }
}

/** Builds the editor for one version. */
export function policyEditor(api: Api, detail: PolicyDetail, host: EditorHost, previewDelayMs = PREVIEW_DELAY_MS): PolicyEditor {
  let version = detail.version;
  let saved = version.markdown;
  const id = String(version.id);
  const status = version.status;
  const editable = status === "draft";

  const textarea = h(
    "textarea",
    {
      id: "policy-markdown",
      class: "markdown-source",
      "data-testid": "policy-editor",
      spellcheck: "true",
      readonly: !editable,
      "aria-describedby": editable ? "policy-editor-hint" : "policy-readonly-note",
    },
  );
  textarea.value = saved;
  const preview = h("div", { class: "policy-preview", "data-testid": "policy-preview", role: "region", "aria-labelledby": "policy-preview-heading", tabindex: "0" });
  const alerts = h("div", { class: "editor-alerts", "data-testid": "policy-editor-alert" });
  const guard = h("div", { class: "guard-region" });
  const saveState = h("span", { class: "save-state", role: "status", "data-testid": "policy-save-state" });
  const dialogSlot = h("div", { class: "dialog-slot" });

  // --- preview ---------------------------------------------------------------------------
  let timer: ReturnType<typeof setTimeout> | undefined;
  let previewGeneration = 0;
  const renderPreview = async () => {
    const mine = ++previewGeneration;
    preview.setAttribute("aria-busy", "true");
    try {
      const html = await api.previewPolicy(textarea.value);
      if (mine === previewGeneration) setSanitisedHtml(preview, html);
    } catch (error) {
      if (mine === previewGeneration) replaceChildren(preview, errorAlert(errorMessage(error), t("policy.editor.no_preview")));
    } finally {
      if (mine === previewGeneration) preview.removeAttribute("aria-busy");
    }
  };
  const schedulePreview = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void renderPreview(), previewDelayMs);
  };
  // Links in the preview would navigate the app's own window away: show where they point instead.
  preview.addEventListener("click", (event) => {
    const link = (event.target as Element | null)?.closest?.("a");
    if (link) event.preventDefault();
  });

  // --- saving ----------------------------------------------------------------------------
  // The save button (the shell's Ctrl+S clicks it through `data-shortcut="save"`) is enabled
  // while there is something to save and no save is running.
  const saveButton = editable
    ? h("button", { type: "button", "data-testid": "policy-save", "data-shortcut": "save", "aria-keyshortcuts": "Control+S" }, t("policy.editor.save")) // i18n-ignore: a key name
    : null;
  /** The save running now, so that a second request (button and shortcut at once) joins it. */
  let saving: Promise<boolean> | null = null;
  const isDirty = () => editable && textarea.value !== saved;
  const showDirty = () => {
    if (saving === null) saveState.textContent = isDirty() ? t("policy.editor.unsaved") : "";
    if (saveButton) saveButton.disabled = saving !== null || !isDirty();
  };
  textarea.addEventListener("input", () => {
    showDirty();
    schedulePreview();
  });

  const store = async (text: string): Promise<boolean> => {
    replaceChildren(alerts);
    saveState.textContent = t("policy.editor.saving");
    try {
      version = await api.savePolicyDraft(id, text);
      saved = text;
      return true;
    } catch (error) {
      replaceChildren(alerts, errorAlert(errorMessage(error), t("policy.editor.not_saved")));
      return false;
    }
  };

  /** Saves when there is something to save; true once the text is stored (or nothing needed storing). */
  const save = async (): Promise<boolean> => {
    if (saving) return saving;
    if (!isDirty()) {
      saveState.textContent = t("policy.editor.no_changes");
      return true;
    }
    saving = store(textarea.value);
    showDirty();
    const ok = await saving;
    saving = null;
    showDirty();
    if (ok && !isDirty()) saveState.textContent = t("policy.editor.saved_at", { time: formatDateTime(new Date().toISOString()) });
    return ok;
  };

  const confirmLeave = (what: string): Promise<boolean> => {
    if (!isDirty()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        replaceChildren(guard);
        resolve(ok);
      };
      const saveAndGo = h("button", { type: "button", "data-testid": "guard-save" }, t("policy.guard.save"));
      const discard = h("button", { type: "button", class: "secondary", "data-testid": "guard-discard" }, t("policy.guard.discard"));
      const stay = h("button", { type: "button", class: "secondary", "data-testid": "guard-stay" }, t("policy.guard.stay"));
      saveAndGo.addEventListener("click", async () => done(await save()));
      discard.addEventListener("click", () => {
        textarea.value = saved;
        showDirty();
        schedulePreview();
        done(true);
      });
      stay.addEventListener("click", () => {
        done(false);
        textarea.focus();
      });
      replaceChildren(
        guard,
        h(
          "div",
          { class: "guard", role: "alertdialog", "aria-labelledby": "guard-text" },
          h("p", { id: "guard-text" }, t("policy.guard.question", { label: version.label, what })),
          h("div", { class: "actions" }, saveAndGo, discard, stay),
        ),
      );
      saveAndGo.focus();
    });
  };

  // --- actions ---------------------------------------------------------------------------
  const actions: HTMLElement[] = [];
  if (saveButton) {
    saveButton.addEventListener("click", () => void save());
    actions.push(saveButton);
  }
  if (status === "draft" || status === "in_review") {
    const toReview = status === "draft";
    const review = h("button", { type: "button", class: "secondary", "data-testid": "policy-review" }, toReview ? t("policy.editor.send_for_review") : t("policy.editor.return_to_draft"));
    review.addEventListener("click", async () => {
      if (toReview && !(await confirmLeave(t("policy.leave.send_for_review")))) return;
      replaceChildren(alerts);
      review.disabled = true;
      try {
        await host.changed(await api.setPolicyReview(id, toReview));
      } catch (error) {
        replaceChildren(alerts, errorAlert(errorMessage(error)));
        review.disabled = false;
      }
    });
    const publish = h("button", { type: "button", "data-testid": "policy-publish", "aria-haspopup": "dialog" }, t("policy.editor.publish"));
    publish.addEventListener("click", async () => {
      // Publishing publishes the stored text, so unsaved changes are saved first.
      if (!(await save())) return;
      const dialog = publishDialog(api, version, host.publishedLabel(), (published) => void host.changed(published));
      replaceChildren(dialogSlot, dialog.element);
      dialog.element.addEventListener("close", () => publish.focus());
      dialog.open();
    });
    actions.push(review, publish);
  } else {
    const newDraft = h("button", { type: "button", "data-testid": "policy-new-from-open" }, t("policy.versions.new_from"));
    newDraft.addEventListener("click", () => host.newDraftFrom(version));
    actions.push(newDraft);
  }
  const exports = exportControls(api, id, () => confirmLeave(t("policy.leave.export")));

  const root = h(
    "section",
    {
      class: "panel policy-editor",
      "aria-labelledby": "policy-editor-heading",
      "data-testid": "policy-editor-panel",
      "data-version": version.label,
      "data-status": status,
    },
    h(
      "div",
      { class: "editor-head" },
      h("h2", { id: "policy-editor-heading", tabindex: "-1" }, t("policy.editor.heading", { label: version.label })),
      h("span", { "data-testid": "policy-status" }, badge(status)),
    ),
    h(
      "dl",
      { class: "facts inline" },
      h("dt", null, t("policy.editor.last_updated")),
      h("dd", null, calendarDate(version.effective_date)),
      h("dt", null, t("policy.editor.created")),
      h("dd", null, messageParts(t("policy.editor.when_by", { name: version.created_by }), { when: instant(version.created_at) })),
      version.published_at
        ? [
            h("dt", null, t("policy.editor.published")),
            h("dd", null, version.published_by ? messageParts(t("policy.editor.when_by", { name: version.published_by }), { when: instant(version.published_at) }) : instant(version.published_at)),
          ]
        : null,
      version.change_summary
        ? [
            h("dt", null, t("policy.editor.change")),
            h("dd", null, version.material_change ? t("policy.editor.change_material", { summary: version.change_summary }) : version.change_summary),
          ]
        : null,
      detail.snapshots.length > 0
        ? [
            h("dt", null, t("policy.editor.snapshots")),
            h("dd", null, detail.snapshots.map((s) => `${s.format.toUpperCase()} ${s.file_sha256.slice(0, 12)}`).join(t("policy.list_separator"))),
          ]
        : null,
    ),
    editable ? null : h("p", { class: "note", id: "policy-readonly-note", "data-testid": "policy-readonly-note" }, readOnlyNote(status)),
    h("div", { class: "toolbar", role: "group", "aria-label": t("policy.editor.actions_label", { label: version.label }) }, actions, exports.buttons, saveState),
    guard,
    alerts,
    exports.panel,
    h(
      "div",
      { class: "editor-grid" },
      h(
        "div",
        { class: "editor-source" },
        h("label", { for: "policy-markdown" }, t("policy.editor.source_label", { label: version.label })),
        editable ? h("p", { class: "hint", id: "policy-editor-hint" }, t("policy.editor.hint")) : null,
        textarea,
      ),
      h("div", { class: "editor-preview" }, h("h3", { id: "policy-preview-heading" }, t("policy.editor.preview")), preview),
    ),
    dialogSlot,
  );

  // Ctrl+S (Cmd+S) in a draft saves here, so the editor works on its own, and the key is spent
  // (nothing typed, no "save page"), so the shell's global shortcut leaves it alone. Should both
  // ever ask, the second request joins the save already running. In a read-only version or the
  // publish dialog the key goes on to the shell, which says there is nothing to save there.
  root.addEventListener("keydown", (event) => {
    if (!editable || event.defaultPrevented) return;
    if (event.target instanceof Element && event.target.closest("dialog")) return;
    if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === "s") {
      event.preventDefault();
      void save();
    }
  });

  showDirty();
  void renderPreview();
  return {
    element: root,
    get version() {
      return version;
    },
    dirty: isDirty,
    confirmLeave,
    destroy() {
      clearTimeout(timer);
      previewGeneration++;
    },
  };
}
