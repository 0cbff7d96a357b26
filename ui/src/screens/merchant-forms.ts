/**
 * The merchant form (add, edit) and the grant form (record an OAuth authorization), both checked
 * by the backend field by field as the officer types. Their Save buttons carry the shell's save
 * shortcut (`data-shortcut="save"`, set by the shared form).
 */
import { errorMessage, type Api, type AuthorizationInput, type Granted, type Merchant, type MerchantDetail, type MerchantInput, type MerchantRecord, type Platform, type Scope } from "../api";
import { h, replaceChildren } from "../h";
import { t } from "../i18n";
import { formDialog, validatedForm, type FieldSpec, type FormDialog, type Values } from "./register-form";
import { localToday } from "./register-table";
import { PURPOSES, scopeName, sensitivityBadge } from "./scope-catalog";

/** How many merchants the grant form suggests as the officer types a name. */
const SUGGESTIONS = 10;

/** How long typing a merchant's name must pause before the grant form looks for suggestions. */
const SUGGEST_DELAY_MS = 250;

/** The merchant form's fields, filled from `m` when editing. */
export function merchantFields(m: MerchantRecord | null): FieldSpec[] {
  const v = (value: string | null | undefined) => value ?? "";
  const fields: FieldSpec[] = [
    { name: "name", label: t("merchants.field.name"), required: true, value: v(m?.name), hint: t("merchants.field.name_hint") },
    { name: "shop_domain", label: t("merchants.field.shop_domain"), value: v(m?.shop_domain), hint: t("merchants.field.shop_domain_hint"), attrs: { spellcheck: "false" } },
    { name: "contact_email", label: t("merchants.field.contact_email"), type: "email", value: v(m?.contact_email) },
    { name: "contract_start", label: t("merchants.field.contract_start"), type: "date", value: v(m?.contract_start) },
    { name: "contract_end", label: t("merchants.field.contract_end"), type: "date", value: v(m?.contract_end), hint: t("merchants.field.contract_end_hint") },
  ];
  if (m) {
    fields.push({
      name: "status",
      label: t("merchants.field.status"),
      type: "select",
      options: [
        ["active", t("merchants.field.status_active")],
        ["ended", t("merchants.field.status_ended")],
      ],
      value: m.status,
    });
  }
  fields.push({ name: "notes", label: t("merchants.field.notes"), type: "textarea", value: v(m?.notes) });
  return fields;
}

/** Opens the add (`existing` null) or edit form for a merchant; `saved` receives the stored merchant. */
export function merchantDialog(api: Api, existing: MerchantRecord | null, saved: (m: MerchantDetail) => void, closed: () => void): FormDialog {
  const id = existing?.id ?? null;
  const form = validatedForm({
    prefix: "merchant",
    heading: existing ? t("merchants.form.edit_heading", { name: existing.name }) : t("merchants.form.add_heading"),
    fields: merchantFields(existing),
    check: (values) => api.checkMerchant(id, values as MerchantInput),
    submit: async (values) => {
      const detail = await api.saveMerchant(id, values as MerchantInput);
      dialog.close();
      saved(detail);
    },
    submitLabel: existing ? t("merchants.form.save_changes") : t("merchants.form.add_submit"),
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
    merchant: (values.merchant ?? "").trim(),
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
    h("legend", null, t("merchants.grant.scopes_legend"), h("span", { class: "required-mark" }, t("merchants.grant.required_mark"))),
    list,
    h(
      "div",
      { class: "field" },
      h("label", { for: "authorization-field-scopes-other" }, t("merchants.grant.other_scopes")),
      other,
      h("p", { class: "hint", id: "authorization-field-scopes-other-hint" }, t("merchants.grant.other_scopes_hint")),
    ),
  );
  const show = (scopes: Scope[] | null, note?: string) => {
    if (scopes === null) {
      replaceChildren(list, h("p", { class: "hint" }, note ?? t("merchants.grant.choose_platform_first")));
      return;
    }
    if (scopes.length === 0) {
      replaceChildren(list, h("p", { class: "hint" }, t("merchants.grant.no_catalogued_scopes")));
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
  /**
   * The merchants to choose from (on a merchant's page, just that one). Absent: the register may
   * hold tens of thousands, so the officer types the merchant and the form suggests matches.
   */
  merchants?: Merchant[] | MerchantRecord[];
  /** Preselected merchant id. */
  merchant?: number;
}

/** The merchant field of the grant form: a select of `merchants`, or a text box with suggestions. */
function merchantField(choices: GrantChoices): FieldSpec {
  const label = t("merchants.grant.merchant");
  if (choices.merchants === undefined) {
    return {
      name: "merchant",
      label,
      required: true,
      value: choices.merchant === undefined ? "" : String(choices.merchant),
      hint: t("merchants.grant.merchant_hint"),
      attrs: { list: "authorization-merchant-suggestions", spellcheck: "false" },
    };
  }
  const options: Array<readonly [string, string]> = [
    ...(choices.merchant === undefined ? [["", t("merchants.grant.choose_merchant")] as const] : []),
    ...choices.merchants.map((m) => [String(m.id), m.status === "ended" ? t("merchants.grant.merchant_ended", { name: m.name }) : m.name] as const),
  ];
  return { name: "merchant", label, type: "select", required: true, options, value: choices.merchant === undefined ? "" : String(choices.merchant) };
}

/** Suggests merchants whose name, shop domain or contact matches what is typed in `input`. */
function suggestMerchants(api: Api, input: HTMLInputElement, list: HTMLDataListElement): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const mine = ++generation;
    const typed = input.value.trim();
    if (typed === "") {
      replaceChildren(list);
      return;
    }
    timer = setTimeout(async () => {
      try {
        const page = await api.listMerchantsPage({ search: typed, limit: SUGGESTIONS, offset: 0 });
        if (mine === generation) replaceChildren(list, page.rows.map((m) => h("option", { value: m.name }, m.shop_domain ?? "")));
      } catch {
        // Suggestions are a convenience: the officer can still type the merchant in full.
      }
    }, SUGGEST_DELAY_MS);
  });
}

/** Opens the grant form. `granted` receives what the backend recorded. */
export function grantDialog(api: Api, choices: GrantChoices, granted: (g: Granted, input: AuthorizationInput) => void, closed: () => void, today: string = localToday()): FormDialog {
  const picker = scopesPicker();
  const fields: FieldSpec[] = [
    merchantField(choices),
    { name: "platform", label: t("merchants.grant.platform"), type: "select", required: true, options: [["", t("merchants.grant.choose_platform")], ...choices.platforms.map((p) => [p.code, p.name] as const)], value: "" },
    { name: "scopes", label: t("merchants.grant.scopes"), custom: picker },
    { name: "purpose", label: t("merchants.grant.purpose"), type: "select", options: PURPOSES, value: "merchant_operation_support", hint: t("merchants.grant.purpose_hint") },
    { name: "granted_at", label: t("merchants.grant.granted_on"), type: "date", value: "", attrs: { max: today }, hint: t("merchants.grant.granted_on_hint") },
  ];
  const form = validatedForm({
    prefix: "authorization",
    heading: t("merchants.grant.heading"),
    intro: h("p", { class: "hint" }, t("merchants.grant.intro")),
    fields,
    check: (values) => api.checkAuthorization(grantInput(values)),
    submit: async (values) => {
      const input = grantInput(values);
      const result = await api.grantAuthorization(input);
      dialog.close();
      granted(result, input);
    },
    submitLabel: t("merchants.grant.submit"),
    onCancel: () => dialog.close(),
  });

  const merchant = form.control("merchant");
  if (merchant instanceof HTMLInputElement) {
    const suggestions = h("datalist", { id: "authorization-merchant-suggestions", "data-testid": "authorization-merchant-suggestions" });
    form.element.appendChild(suggestions);
    suggestMerchants(api, merchant, suggestions);
  }

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
    picker.show(null, t("merchants.grant.loading_scopes"));
    try {
      const scopes = await api.listScopes(code);
      if (mine === generation) picker.show(scopes);
    } catch (error) {
      if (mine === generation) picker.show(null, t("merchants.grant.catalog_unreadable", { error: errorMessage(error) }));
    }
  });

  const dialog = formDialog("authorization", form, closed);
  return dialog;
}
