/**
 * A merchant's page (`#/merchants/<id>`): its details and every authorization it granted, each
 * with its scopes and their sensitivity, its flags, the grant and (once revoked) the revocation.
 * Revoking is one action that records why, through which channel and the request that asked.
 * One merchant's authorizations are few, so the page shows them all (`getMerchant`).
 */
import { errorMessage, type Api, type AuthorizationDetail, type AuthorizationFlag, type FieldError, type MerchantDetail, type Platform, type Revocation } from "../api";
import { h, replaceChildren, type Child } from "../h";
import { formatDate, t, tn, tOptional } from "../i18n";
import { badge, calendarDate, errorAlert, instant, optional } from "../view";
import { grantDialog, merchantDialog } from "./merchant-forms";
import { formDialog, validatedForm, type FormDialog, type Values } from "./register-form";
import { fillNodes, localToday, words } from "./register-table";
import { purposeList, scopeName, sensitivityBadge } from "./scope-catalog";

/** The ways an authorization is revoked, as the backend names them. */
const REVOKE_CHANNEL_CODES = ["platform", "email_request", "contract_end", "other"] as const;

/** How an authorization was revoked, in the officers' words ([code, label] for the revoke form). */
export function revokeChannels(): Array<readonly [string, string]> {
  return REVOKE_CHANNEL_CODES.map((code) => [code, t(`merchants.revoke.channel.${code}`)] as const);
}

/** How an authorization was revoked, as the revocation line says it ("by e-mail request"). */
function channelWords(channel: string): string {
  return tOptional(`merchants.revoked.channel.${channel}`) ?? words(channel);
}

/** A flag's name in the officers' words ("Not in the catalog"). */
export function flagLabel(kind: string): string {
  return tOptional(`merchants.flag.${kind}`) ?? words(kind);
}

/** A flag as a badge (its message in the title, for the table); `count` flags of one kind show as one. */
export function flagBadge(flag: AuthorizationFlag, count = 1): HTMLElement {
  const label = flagLabel(flag.kind);
  return h(
    "span",
    { class: `badge flag flag-${flag.kind.replace(/_/g, "-")}`, "data-testid": "flag-badge", "data-kind": flag.kind, "data-count": count, title: flag.message },
    count > 1 ? t("merchants.flag.counted", { label, count }) : label,
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

/** What the revoke form can tell before asking the backend (whole sentences, in the chosen language). */
export function checkRevocation(values: Values): FieldError[] {
  const errors: FieldError[] = [];
  if ((values.reason ?? "").trim() === "") errors.push({ field: "reason", message: t("merchants.revoke.reason_required") });
  const request = (values.request ?? "").trim();
  if (request !== "" && !/^[1-9]\d*$/.test(request)) errors.push({ field: "request", message: t("merchants.revoke.request_invalid", { value: request }) });
  return errors;
}

/** Opens the revoke form for `a`; `revoked` receives the authorization as the backend now holds it. */
export function revokeDialog(api: Api, a: AuthorizationDetail, platformName: string, revoked: (a: AuthorizationDetail) => void, closed: () => void, today: string = localToday()): FormDialog {
  const form = validatedForm({
    prefix: "revoke",
    heading: t("merchants.revoke.heading", { merchant: a.merchant, platform: platformName }),
    intro: h("p", null, tn("merchants.revoke.intro", a.scopes.length)),
    fields: [
      { name: "reason", label: t("merchants.revoke.reason"), type: "textarea", required: true, hint: t("merchants.revoke.reason_hint") },
      { name: "channel", label: t("merchants.revoke.channel_label"), type: "select", options: [["", t("merchants.revoke.channel.unstated")], ...revokeChannels()], value: "" },
      { name: "request", label: t("merchants.revoke.request"), type: "number", attrs: { min: "1", step: "1", inputmode: "numeric" }, hint: t("merchants.revoke.request_hint") },
      { name: "revoked_on", label: t("merchants.revoke.revoked_on"), type: "date", attrs: { max: today, min: a.granted_at }, hint: t("merchants.revoke.revoked_on_hint") },
    ],
    check: async (values) => checkRevocation(values),
    submit: async (values) => {
      const result = await api.revokeAuthorization(a.id, revocationFrom(values));
      dialog.close();
      revoked(result);
    },
    submitLabel: t("merchants.revoke.submit"),
    onCancel: () => dialog.close(),
  });
  const dialog = formDialog("revoke", form, closed);
  return dialog;
}

/** One authorization of the merchant page. `onRevoke` is absent for revoked ones. */
export function renderAuthorization(a: AuthorizationDetail, platformName: string, onRevoke?: (a: AuthorizationDetail) => void): HTMLElement {
  const headingId = `authorization-${a.id}-heading`;
  const revoked = a.status === "revoked";
  const id = String(a.id);
  const facts: Child[] = [
    h("dt", null, t("merchants.authorization.purpose")),
    h("dd", null, words(a.purpose)),
    h("dt", null, t("merchants.authorization.granted")),
    h("dd", null, fillNodes(t("merchants.authorization.granted_by", { by: a.granted_by }), { date: calendarDate(a.granted_at) })),
  ];
  if (revoked) {
    const line = a.revoked_by ? t("merchants.authorization.revoked_by", { by: a.revoked_by }) : "{date}";
    facts.push(
      h("dt", null, t("merchants.authorization.revoked")),
      h(
        "dd",
        { "data-testid": "authorization-revoked" },
        fillNodes(line, { date: calendarDate(a.revoked_at) }),
        a.revoke_channel ? t("merchants.authorization.revoked_how", { how: channelWords(a.revoke_channel) }) : "",
      ),
      h("dt", null, t("merchants.authorization.reason")),
      h("dd", null, optional(a.revoke_reason)),
    );
    if (a.revoke_request_id !== null) {
      const request = String(a.revoke_request_id);
      facts.push(
        h("dt", null, t("merchants.authorization.asked_by")),
        h("dd", null, h("a", { href: `#/requests/${request}` }, t("merchants.authorization.request_link", { id: request }))),
      );
    }
  }
  return h(
    "article",
    { class: "panel authorization", "aria-labelledby": headingId, "data-testid": "authorization", "data-id": a.id, "data-status": a.status },
    h(
      "div",
      { class: "editor-head" },
      h("h3", { id: headingId }, t("merchants.authorization.heading", { platform: platformName, id })),
      badge(a.status),
      onRevoke && !revoked
        ? h(
            "button",
            { type: "button", class: "secondary small", "data-testid": "authorization-revoke", "data-id": a.id, "aria-haspopup": "dialog", "aria-label": t("merchants.authorization.revoke_label", { platform: platformName, id }), onClick: () => onRevoke(a) },
            t("merchants.authorization.revoke"),
          )
        : null,
    ),
    h("dl", { class: "facts inline" }, facts),
    a.flags.length > 0
      ? h(
          "ul",
          { class: "flags", "data-testid": "authorization-flags", "aria-label": t("merchants.authorization.flags_label", { id }) },
          a.flags.map((f) => h("li", { "data-testid": "authorization-flag", "data-kind": f.kind, "data-scope": f.scope }, flagBadge(f), " ", f.message)),
        )
      : null,
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { "data-testid": "authorization-scopes" },
        h("caption", null, t("merchants.authorization.scopes_caption", { count: a.scope_details.length })),
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            [t("merchants.scope.scope"), t("merchants.scope.sensitivity"), t("merchants.scope.may_serve"), t("merchants.scope.description")].map((text) => h("th", { scope: "col" }, text)),
          ),
        ),
        h(
          "tbody",
          null,
          a.scope_details.map((s) =>
            h(
              "tr",
              { "data-testid": "granted-scope", "data-scope": s.scope, "data-catalogued": String(s.catalogued) },
              h("td", null, scopeName(s.scope)),
              h("td", null, sensitivityBadge(s.catalogued ? s.sensitivity : null)),
              h("td", null, s.catalogued ? purposeList(s.purposes) : h("span", { class: "none" }, t("merchants.scope.unknown"))),
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
          say(t("merchants.page.revoked_message", { platform: platformName(r.platform), id: String(r.id), date: formatDate(r.revoked_at ?? today) }));
          content.querySelector<HTMLElement>(`#authorization-${r.id}-heading`)?.focus();
        },
        closed,
        today,
      ),
      () => content.querySelector<HTMLElement>(`[data-testid="authorization-revoke"][data-id="${a.id}"]`)?.focus(),
    );
  };

  const edit = h("button", { type: "button", class: "secondary", "data-testid": "merchant-edit", "aria-haspopup": "dialog" }, t("merchants.page.edit"));
  const grantButton = (testid: string) => h("button", { type: "button", "data-testid": testid, "aria-haspopup": "dialog", onClick: (event: Event) => openGrant(event.currentTarget as HTMLElement) }, t("merchants.grant_button"));
  const grant = grantButton("merchant-grant");
  edit.addEventListener("click", () => {
    if (dialog) return;
    open(
      merchantDialog(
        api,
        detail.merchant,
        (saved) => {
          detail = saved;
          show();
          say(t("merchants.page.saved_message", { name: saved.merchant.name }));
        },
        closed,
      ),
      () => edit.focus(),
    );
  });
  const openGrant = (opener: HTMLElement) => {
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
      // The empty state's button is gone once a grant is recorded; the toolbar's stays.
      () => (opener.isConnected ? opener : grant).focus(),
    );
  };

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
        h("dt", null, t("merchants.field.shop_domain")),
        h("dd", null, optional(m.shop_domain)),
        h("dt", null, t("merchants.field.contact")),
        h("dd", null, optional(m.contact_email)),
        h("dt", null, t("merchants.page.contract")),
        h("dd", null, fillNodes(t("merchants.page.contract_span"), { start: calendarDate(m.contract_start), end: calendarDate(m.contract_end) })),
        h("dt", null, t("merchants.field.notes")),
        h("dd", null, optional(m.notes)),
        h("dt", null, t("merchants.page.recorded")),
        h("dd", null, instant(m.created_at)),
      ),
      h("div", { class: "toolbar", role: "group", "aria-label": t("merchants.page.actions_label", { name: m.name }) }, edit, grant),
      messages,
      h(
        "section",
        { "aria-labelledby": "merchant-authorizations-heading", "data-testid": "merchant-authorizations" },
        h("h2", { id: "merchant-authorizations-heading" }, t("merchants.page.authorizations_heading", { active, count: detail.authorizations.length })),
        detail.authorizations.length === 0
          ? h(
              "section",
              { class: "empty", "data-testid": "merchant-authorizations-empty", "aria-label": t("merchants.page.empty_title") },
              h("h3", null, t("merchants.page.empty_title")),
              h("p", null, t("merchants.page.empty_text", { name: m.name })),
              h("div", { class: "toolbar" }, grantButton("merchant-empty-grant")),
            )
          : detail.authorizations.map((a) => renderAuthorization(a, platformName(a.platform), revoke)),
      ),
    );
  };
  show();

  return h(
    "div",
    { class: "screen merchant-page", "data-testid": "merchant-page", "data-id": initial.merchant.id },
    h("p", { class: "back" }, h("a", { href: "#/merchants", "data-testid": "merchant-back" }, t("merchants.page.back"))),
    content,
    dialogSlot,
  );
}

/** What the officer is told after a grant. */
export function grantedMessage(id: number, platformName: string, uncatalogued: string[]): string {
  const base = t("merchants.grant.granted_message", { platform: platformName, id: String(id) });
  if (uncatalogued.length === 0) return base;
  return t("merchants.grant.granted_uncatalogued", { base, scopes: uncatalogued.join(t("merchants.list_separator")) });
}

export async function merchantPageScreen(api: Api, id: number): Promise<HTMLElement> {
  const [detail, platforms] = await Promise.all([api.getMerchant(id), api.listPlatforms()]);
  return renderMerchantPage(detail, platforms, api);
}
