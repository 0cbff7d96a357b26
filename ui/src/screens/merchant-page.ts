/**
 * A merchant's page (`#/merchants/<id>`): its details and every authorization it granted, each
 * with its scopes and their sensitivity, its flags, the grant and (once revoked) the revocation.
 * Revoking is one action that records why, through which channel and the request that asked.
 */
import { errorMessage, type Api, type AuthorizationDetail, type AuthorizationFlag, type FieldError, type MerchantDetail, type Platform, type Revocation } from "../api";
import { h, replaceChildren, type Child } from "../h";
import { badge, calendarDate, errorAlert, instant, optional } from "../view";
import { grantDialog, merchantDialog } from "./merchant-forms";
import { formDialog, validatedForm, type FormDialog, type Values } from "./register-form";
import { localToday, words } from "./register-table";
import { purposeList, scopeName, sensitivityBadge } from "./scope-catalog";

/** How an authorization was revoked, in the officers' words. */
export const REVOKE_CHANNELS: ReadonlyArray<readonly [string, string]> = [
  ["platform", "In the platform (the merchant disconnected)"],
  ["email_request", "By e-mail request"],
  ["contract_end", "At the end of the contract"],
  ["other", "Other"],
];

/** How an authorization was revoked, as the revocation line says it. */
const CHANNEL_WORDS: Record<string, string> = {
  platform: "in the platform",
  email_request: "by e-mail request",
  contract_end: "at the end of the contract",
  other: "another way",
};

/** The flags' names, in the officers' words. */
export const FLAG_LABELS: Record<string, string> = {
  uncatalogued: "Not in the catalog",
  purpose_not_permitted: "Purpose not permitted",
  no_security_assessment: "No security assessment",
};

/** A flag as a badge (its message in the title, for the table); `count` flags of one kind show as one. */
export function flagBadge(flag: AuthorizationFlag, count = 1): HTMLElement {
  const label = FLAG_LABELS[flag.kind] ?? words(flag.kind);
  return h(
    "span",
    { class: `badge flag flag-${flag.kind.replace(/_/g, "-")}`, "data-testid": "flag-badge", "data-kind": flag.kind, "data-count": count, title: flag.message },
    count > 1 ? `${label} (${count})` : label,
  );
}

/** Flags grouped by kind, one badge per kind with its count, in the order first met. */
export function flagBadges(flags: readonly AuthorizationFlag[]): HTMLElement[] {
  const kinds = new Map<string, { first: AuthorizationFlag; count: number }>();
  for (const f of flags) {
    const seen = kinds.get(f.kind);
    if (seen) seen.count++;
    else kinds.set(f.kind, { first: f, count: 1 });
  }
  return [...kinds.values()].map(({ first, count }) => flagBadge(first, count));
}

/** The revocation the revoke form's values describe; blank optional fields are left to the backend. */
export function revocationFrom(values: Values): Revocation {
  const text = (name: string) => (values[name] ?? "").trim();
  const request = text("request");
  return {
    reason: text("reason"),
    channel: text("channel") === "" ? null : text("channel"),
    request: request === "" ? null : Number(request),
    revoked_on: text("revoked_on") === "" ? null : text("revoked_on"),
  };
}

/** What the revoke form can tell before asking the backend. */
export function checkRevocation(values: Values): FieldError[] {
  const errors: FieldError[] = [];
  if ((values.reason ?? "").trim() === "") errors.push({ field: "reason", message: "is required: say why access is withdrawn" });
  const request = (values.request ?? "").trim();
  if (request !== "" && !/^[1-9]\d*$/.test(request)) errors.push({ field: "request", message: `'${request}' is not a rights request number` });
  return errors;
}

/** Opens the revoke form for `a`; `revoked` receives the authorization as the backend now holds it. */
export function revokeDialog(api: Api, a: AuthorizationDetail, platformName: string, revoked: (a: AuthorizationDetail) => void, closed: () => void, today: string = localToday()): FormDialog {
  const form = validatedForm({
    prefix: "revoke",
    heading: `Revoke ${a.merchant}'s ${platformName} authorization`,
    intro: h("p", null, `Access through the ${a.scopes.length} approved ${a.scopes.length === 1 ? "scope" : "scopes"} ends. The authorization stays on record as revoked, and is never restored: a later grant is a new one.`),
    fields: [
      { name: "reason", label: "Reason", type: "textarea", required: true, hint: "Why access is withdrawn, e.g. the merchant asked by e-mail, the contract ended." },
      { name: "channel", label: "How it was revoked", type: "select", options: [["", "Not stated (by e-mail request when a request is linked, else other)"], ...REVOKE_CHANNELS], value: "" },
      { name: "request", label: "Rights request number", type: "number", attrs: { min: "1", step: "1", inputmode: "numeric" }, hint: "The rights request that asked for it, if any." },
      { name: "revoked_on", label: "Revoked on", type: "date", attrs: { max: today, min: a.granted_at }, hint: "Leave empty for today." },
    ],
    check: async (values) => checkRevocation(values),
    submit: async (values) => {
      const result = await api.revokeAuthorization(a.id, revocationFrom(values));
      dialog.close();
      revoked(result);
    },
    submitLabel: "Revoke authorization",
    onCancel: () => dialog.close(),
  });
  const dialog = formDialog("revoke", form, closed);
  return dialog;
}

/** One authorization of the merchant page. `onRevoke` is absent for revoked ones. */
export function renderAuthorization(a: AuthorizationDetail, platformName: string, onRevoke?: (a: AuthorizationDetail) => void): HTMLElement {
  const headingId = `authorization-${a.id}-heading`;
  const revoked = a.status === "revoked";
  const facts: Child[] = [
    h("dt", null, "Purpose"),
    h("dd", null, words(a.purpose)),
    h("dt", null, "Granted"),
    h("dd", null, calendarDate(a.granted_at), ` by ${a.granted_by}`),
  ];
  if (revoked) {
    facts.push(
      h("dt", null, "Revoked"),
      h("dd", { "data-testid": "authorization-revoked" }, calendarDate(a.revoked_at), a.revoked_by ? ` by ${a.revoked_by}` : "", a.revoke_channel ? ` (${CHANNEL_WORDS[a.revoke_channel] ?? words(a.revoke_channel)})` : ""),
      h("dt", null, "Reason"),
      h("dd", null, optional(a.revoke_reason)),
    );
    if (a.revoke_request_id !== null) {
      facts.push(h("dt", null, "Asked for by"), h("dd", null, h("a", { href: `#/requests/${a.revoke_request_id}` }, `rights request ${a.revoke_request_id}`)));
    }
  }
  return h(
    "article",
    { class: "panel authorization", "aria-labelledby": headingId, "data-testid": "authorization", "data-id": a.id, "data-status": a.status },
    h(
      "div",
      { class: "editor-head" },
      h("h3", { id: headingId }, `${platformName} authorization ${a.id}`),
      badge(a.status),
      onRevoke && !revoked
        ? h("button", { type: "button", class: "secondary small", "data-testid": "authorization-revoke", "data-id": a.id, "aria-haspopup": "dialog", "aria-label": `Revoke ${platformName} authorization ${a.id}\u2026`, onClick: () => onRevoke(a) }, "Revoke\u2026")
        : null,
    ),
    h("dl", { class: "facts inline" }, facts),
    a.flags.length > 0
      ? h(
          "ul",
          { class: "flags", "data-testid": "authorization-flags", "aria-label": `Flags on authorization ${a.id}` },
          a.flags.map((f) => h("li", { "data-testid": "authorization-flag", "data-kind": f.kind, "data-scope": f.scope }, flagBadge(f), " ", f.message)),
        )
      : null,
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { "data-testid": "authorization-scopes" },
        h("caption", null, `Scopes granted (${a.scope_details.length})`),
        h("thead", null, h("tr", null, ["Scope", "Sensitivity", "May serve", "What it gives access to"].map((t) => h("th", { scope: "col" }, t)))),
        h(
          "tbody",
          null,
          a.scope_details.map((s) =>
            h(
              "tr",
              { "data-testid": "granted-scope", "data-scope": s.scope, "data-catalogued": String(s.catalogued) },
              h("td", null, scopeName(s.scope)),
              h("td", null, sensitivityBadge(s.catalogued ? s.sensitivity : null)),
              h("td", null, s.catalogued ? purposeList(s.purposes) : h("span", { class: "none" }, "unknown")),
              h("td", null, optional(s.description)),
            ),
          ),
        ),
      ),
    ),
  );
}

/** The merchant page for `detail`, wired to the backend. */
export function renderMerchantPage(initial: MerchantDetail, platforms: Platform[], api: Api, today: string = localToday()): HTMLElement {
  let detail = initial;
  const names = new Map(platforms.map((p) => [p.code, p.name]));
  const platformName = (code: string) => names.get(code) ?? code;
  const messages = h("div", { class: "screen-messages", role: "status", "data-testid": "merchant-message" });
  const content = h("div", { class: "merchant-content" });
  const dialogSlot = h("div", { class: "dialog-slot" });
  let dialog: FormDialog | null = null;

  const reload = async () => {
    try {
      detail = await api.getMerchant(detail.merchant.id);
      show();
    } catch (error) {
      replaceChildren(messages, errorAlert(errorMessage(error)));
    }
  };
  const say = (text: string) => replaceChildren(messages, h("p", { class: "ok" }, text));
  const open = (d: FormDialog, returnFocus: () => void) => {
    dialog = d;
    replaceChildren(messages);
    replaceChildren(dialogSlot, d.element);
    d.element.addEventListener("close", returnFocus, { once: true });
    d.open();
  };
  const closed = () => {
    dialog = null;
    replaceChildren(dialogSlot);
  };

  const revoke = (a: AuthorizationDetail) => {
    if (dialog) return;
    open(
      revokeDialog(
        api,
        a,
        platformName(a.platform),
        async (r) => {
          await reload();
          say(`Revoked ${platformName(r.platform)} authorization ${r.id} on ${r.revoked_at ?? today}.`);
          content.querySelector<HTMLElement>(`#authorization-${r.id}-heading`)?.focus();
        },
        closed,
        today,
      ),
      () => content.querySelector<HTMLElement>(`[data-testid="authorization-revoke"][data-id="${a.id}"]`)?.focus(),
    );
  };

  const edit = h("button", { type: "button", class: "secondary", "data-testid": "merchant-edit", "aria-haspopup": "dialog" }, "Edit merchant\u2026");
  const grant = h("button", { type: "button", "data-testid": "merchant-grant", "aria-haspopup": "dialog" }, "Grant authorization\u2026");
  edit.addEventListener("click", () => {
    if (dialog) return;
    open(
      merchantDialog(
        api,
        detail.merchant,
        (saved) => {
          detail = saved;
          show();
          say(`Saved ${saved.merchant.name}.`);
        },
        closed,
      ),
      () => edit.focus(),
    );
  });
  grant.addEventListener("click", () => {
    if (dialog) return;
    open(
      grantDialog(
        api,
        { platforms, merchants: [detail.merchant], merchant: detail.merchant.id },
        async (g, input) => {
          await reload();
          say(grantedMessage(g.id, platformName(input.platform ?? ""), g.uncatalogued));
        },
        closed,
        today,
      ),
      () => grant.focus(),
    );
  });

  const show = () => {
    const m = detail.merchant;
    const active = detail.authorizations.filter((a) => a.status === "active").length;
    replaceChildren(
      content,
      h(
        "div",
        { class: "editor-head" },
        h("h1", { class: "screen-title", tabindex: "-1", "data-testid": "merchant-name" }, m.name),
        h("span", { "data-testid": "merchant-status" }, badge(m.status)),
      ),
      h(
        "dl",
        { class: "facts panel", "data-testid": "merchant-facts" },
        h("dt", null, "Shop domain"),
        h("dd", null, optional(m.shop_domain)),
        h("dt", null, "Contact"),
        h("dd", null, optional(m.contact_email)),
        h("dt", null, "Contract"),
        h("dd", null, calendarDate(m.contract_start), " to ", calendarDate(m.contract_end)),
        h("dt", null, "Notes"),
        h("dd", null, optional(m.notes)),
        h("dt", null, "Recorded"),
        h("dd", null, instant(m.created_at)),
      ),
      h("div", { class: "toolbar", role: "group", "aria-label": `Actions for ${m.name}` }, edit, grant),
      messages,
      h(
        "section",
        { "aria-labelledby": "merchant-authorizations-heading", "data-testid": "merchant-authorizations" },
        h("h2", { id: "merchant-authorizations-heading" }, `Authorizations (${active} active of ${detail.authorizations.length})`),
        detail.authorizations.length === 0
          ? h(
              "section",
              { class: "empty", "data-testid": "merchant-authorizations-empty", "aria-label": "No authorizations" },
              h("p", null, `No authorizations recorded for ${m.name} yet. Record each OAuth grant the merchant approves (Grant authorization\u2026): the platform, exactly the scopes approved and the purpose. Data is reached only through those scopes, and the merchant can revoke them at any time (policy \u00a73).`),
            )
          : detail.authorizations.map((a) => renderAuthorization(a, platformName(a.platform), revoke)),
      ),
    );
  };
  show();

  return h(
    "div",
    { class: "screen merchant-page", "data-testid": "merchant-page", "data-id": initial.merchant.id },
    h("p", { class: "back" }, h("a", { href: "#/merchants", "data-testid": "merchant-back" }, "\u2190 All merchants and authorizations")),
    content,
    dialogSlot,
  );
}

/** What the officer is told after a grant. */
export function grantedMessage(id: number, platformName: string, uncatalogued: string[]): string {
  const base = `Granted ${platformName} authorization ${id}.`;
  if (uncatalogued.length === 0) return base;
  return `${base} Not in the catalog, kept and flagged: ${uncatalogued.join(", ")}.`;
}

export async function merchantPageScreen(api: Api, id: number): Promise<HTMLElement> {
  const [detail, platforms] = await Promise.all([api.getMerchant(id), api.listPlatforms()]);
  return renderMerchantPage(detail, platforms, api);
}
