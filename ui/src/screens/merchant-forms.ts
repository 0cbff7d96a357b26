/**
 * The merchant form (add, edit) and the grant form (record an OAuth authorization), both checked
 * by the backend field by field as the officer types.
 */
import { errorMessage, type Api, type AuthorizationInput, type Granted, type Merchant, type MerchantDetail, type MerchantInput, type MerchantRecord, type Platform, type Scope } from "../api";
import { h, replaceChildren } from "../h";
import { formDialog, validatedForm, type FieldSpec, type FormDialog, type Values } from "./register-form";
import { localToday } from "./register-table";
import { PURPOSES, scopeName, sensitivityBadge } from "./scope-catalog";

/** The merchant form's fields, filled from `m` when editing. */
export function merchantFields(m: MerchantRecord | null): FieldSpec[] {
  const v = (value: string | null | undefined) => value ?? "";
  const fields: FieldSpec[] = [
    { name: "name", label: "Name", required: true, value: v(m?.name), hint: "The merchant's business name; unique in the register." },
    { name: "shop_domain", label: "Shop domain", value: v(m?.shop_domain), hint: "The shop's domain, e.g. example.myshopify.com.", attrs: { spellcheck: "false" } },
    { name: "contact_email", label: "Contact e-mail", type: "email", value: v(m?.contact_email) },
    { name: "contract_start", label: "Contract start", type: "date", value: v(m?.contract_start) },
    { name: "contract_end", label: "Contract end", type: "date", value: v(m?.contract_end), hint: "Required once the contract has ended; it starts the retention periods of the merchant's data." },
  ];
  if (m) fields.push({ name: "status", label: "Status", type: "select", options: [["active", "Active"], ["ended", "Contract ended"]], value: m.status });
  fields.push({ name: "notes", label: "Notes", type: "textarea", value: v(m?.notes) });
  return fields;
}

/** Opens the add (`existing` null) or edit form for a merchant; `saved` receives the stored merchant. */
export function merchantDialog(api: Api, existing: MerchantRecord | null, saved: (m: MerchantDetail) => void, closed: () => void): FormDialog {
  const id = existing?.id ?? null;
  const form = validatedForm({
    prefix: "merchant",
    heading: existing ? `Edit ${existing.name}` : "Add a merchant",
    fields: merchantFields(existing),
    check: (values) => api.checkMerchant(id, values as MerchantInput),
    submit: async (values) => {
      const detail = await api.saveMerchant(id, values as MerchantInput);
      dialog.close();
      saved(detail);
    },
    submitLabel: existing ? "Save changes" : "Add merchant",
    onCancel: () => dialog.close(),
  });
  const dialog = formDialog("merchant", form, closed);
  return dialog;
}

/** Splits typed scopes (commas, semicolons or spaces) into names. */
export function splitScopes(text: string): string[] {
  return text.split(/[\s,;]+/).filter((s) => s !== "");
}

/** The grant the form's values describe: the ticked scopes plus the typed ones, once each. */
export function grantInput(values: Values): AuthorizationInput {
  return {
    merchant: values.merchant ?? "",
    platform: values.platform ?? "",
    scopes: values.scopes ?? "",
    purpose: values.purpose ?? "",
    granted_at: values.granted_at ?? "",
  };
}

/**
 * The scopes field: a checklist of the chosen platform's catalogued scopes (each with its
 * sensitivity), and a text box for scopes missing from the catalog, which are kept and flagged.
 */
export function scopesPicker(): {
  element: HTMLElement;
  read: () => string;
  focus: () => void;
  show: (scopes: Scope[] | null, note?: string) => void;
} {
  const list = h("div", { class: "scope-checklist", "data-testid": "authorization-scope-list" });
  const other = h("input", { id: "authorization-field-scopes-other", type: "text", autocomplete: "off", spellcheck: "false", "data-testid": "authorization-field-scopes-other", "aria-describedby": "authorization-field-scopes-other-hint" });
  const element = h(
    "fieldset",
    { class: "scopes-field", "data-testid": "authorization-field-scopes" },
    h("legend", null, "Scopes the merchant approved", h("span", { class: "required-mark" }, " (required)")),
    list,
    h(
      "div",
      { class: "field" },
      h("label", { for: "authorization-field-scopes-other" }, "Other scopes, not in the catalog"),
      other,
      h("p", { class: "hint", id: "authorization-field-scopes-other-hint" }, "Separate them with spaces or commas. They are kept and flagged until the catalog classifies them."),
    ),
  );
  const show = (scopes: Scope[] | null, note?: string) => {
    if (scopes === null) {
      replaceChildren(list, h("p", { class: "hint" }, note ?? "Choose a platform to see its catalogued scopes."));
      return;
    }
    if (scopes.length === 0) {
      replaceChildren(list, h("p", { class: "hint" }, "This platform has no catalogued scopes; type the approved ones below."));
      return;
    }
    replaceChildren(
      list,
      h(
        "ul",
        { class: "plain-list" },
        scopes.map((s, i) => {
          const id = `authorization-scope-${i}`;
          return h(
            "li",
            { class: "scope-option" },
            h("input", { type: "checkbox", id, value: s.scope, "data-testid": "authorization-scope", "data-scope": s.scope, "aria-describedby": `${id}-description` }),
            h("label", { for: id }, scopeName(s.scope), " ", sensitivityBadge(s.sensitivity)),
            h("p", { class: "hint", id: `${id}-description` }, s.description),
          );
        }),
      ),
    );
  };
  show(null);
  return {
    element,
    show,
    read: () => {
      const ticked = Array.from(list.querySelectorAll<HTMLInputElement>("input[type=checkbox]:checked")).map((c) => c.value);
      const all = [...ticked, ...splitScopes(other.value)];
      return [...new Set(all)].join(" ");
    },
    focus: () => (list.querySelector<HTMLInputElement>("input[type=checkbox]") ?? other).focus(),
  };
}

/** What the grant form offers and starts with. */
export interface GrantChoices {
  platforms: Platform[];
  /** Every merchant to choose from; or, on a merchant's page, just that one. */
  merchants: Merchant[] | MerchantRecord[];
  /** Preselected merchant id. */
  merchant?: number;
}

/** Opens the grant form. `granted` receives what the backend recorded. */
export function grantDialog(api: Api, choices: GrantChoices, granted: (g: Granted, input: AuthorizationInput) => void, closed: () => void, today: string = localToday()): FormDialog {
  const picker = scopesPicker();
  const merchantOptions: Array<readonly [string, string]> = [
    ...(choices.merchant === undefined ? [["", "Choose a merchant\u2026"] as const] : []),
    ...choices.merchants.map((m) => [String(m.id), m.status === "ended" ? `${m.name} (contract ended)` : m.name] as const),
  ];
  const fields: FieldSpec[] = [
    { name: "merchant", label: "Merchant", type: "select", required: true, options: merchantOptions, value: choices.merchant === undefined ? "" : String(choices.merchant) },
    { name: "platform", label: "Platform", type: "select", required: true, options: [["", "Choose a platform\u2026"], ...choices.platforms.map((p) => [p.code, p.name] as const)], value: "" },
    { name: "scopes", label: "Scopes", custom: picker },
    { name: "purpose", label: "Purpose", type: "select", options: PURPOSES, value: "merchant_operation_support", hint: "What the data is used for; policy \u00a74 allows these four uses only." },
    { name: "granted_at", label: "Granted on", type: "date", value: "", attrs: { max: today }, hint: "The date the merchant approved it; leave empty for today." },
  ];
  const form = validatedForm({
    prefix: "authorization",
    heading: "Grant an authorization",
    intro: h("p", { class: "hint" }, "Record an OAuth grant a merchant approved: the platform, exactly the scopes approved, and the purpose."),
    fields,
    check: (values) => api.checkAuthorization(grantInput(values)),
    submit: async (values) => {
      const input = grantInput(values);
      const result = await api.grantAuthorization(input);
      dialog.close();
      granted(result, input);
    },
    submitLabel: "Grant",
    onCancel: () => dialog.close(),
  });

  // The checklist follows the platform chosen; a later choice wins over a slower earlier one.
  let generation = 0;
  const platform = form.control("platform")!;
  platform.addEventListener("change", async () => {
    const mine = ++generation;
    const code = platform.value;
    if (code === "") {
      picker.show(null);
      return;
    }
    picker.show(null, "Loading the catalogued scopes\u2026");
    try {
      const scopes = await api.listScopes(code);
      if (mine === generation) picker.show(scopes);
    } catch (error) {
      if (mine === generation) picker.show(null, `The catalog could not be read (${errorMessage(error)}); type the approved scopes below.`);
    }
  });

  const dialog = formDialog("authorization", form, closed);
  return dialog;
}
