/** Hash routes: which screen `#/name` shows. Pure, so it can be tested without a window. */
import type { Api } from "./api";
import { t } from "./i18n";
import type { ImportMonitor } from "./import-monitor";
import { auditScreen } from "./screens/audit";
import { dashboardScreen } from "./screens/dashboard";
import { merchantsScreen } from "./screens/merchants";
import { policyScreen } from "./screens/policy";
import { processorsScreen } from "./screens/processors";
import { reportsScreen } from "./screens/reports";
import { requestsScreen } from "./screens/requests";
import { retentionScreen } from "./screens/retention";
import { settingsScreen } from "./screens/settings";

/** A screen reachable from the navigation. */
export interface Screen {
  /** The hash path segment: `#/<id>`. */
  id: string;
  /** The navigation label, in the language in use (looked up each time: the language can change). */
  label: () => string;
  /** What is loading, for the placeholder ("Loading the dashboard…"), in the language in use. */
  loadingText: () => string;
  /** Fetches what the screen needs and renders it; rejects with the backend's message. */
  load: (api: Api, context?: ScreenContext) => Promise<HTMLElement>;
}

/** What a screen is shown with, besides the backend. */
export interface ScreenContext {
  /** The hash path after the screen's id: `["12"]` for `#/requests/12`. */
  path: string[];
  /** The hash's query: `overdue=1` in `#/requests?overdue=1`. */
  query: URLSearchParams;
  /** The app-wide import progress and result, which outlives any one screen. */
  imports?: ImportMonitor;
}

/** A parsed location hash: the screen, and the path and query it is shown with. */
export interface Route {
  screen: Screen;
  path: string[];
  query: URLSearchParams;
}

/** Every screen, in navigation order. */
export const SCREENS: readonly Screen[] = [
  { id: "dashboard", label: () => t("common.nav.dashboard"), loadingText: () => t("common.nav.dashboard_loading"), load: dashboardScreen },
  { id: "policy", label: () => t("common.nav.policy"), loadingText: () => t("common.nav.policy_loading"), load: policyScreen },
  { id: "requests", label: () => t("common.nav.requests"), loadingText: () => t("common.nav.requests_loading"), load: requestsScreen },
  { id: "processors", label: () => t("common.nav.processors"), loadingText: () => t("common.nav.processors_loading"), load: processorsScreen },
  { id: "merchants", label: () => t("common.nav.merchants"), loadingText: () => t("common.nav.merchants_loading"), load: merchantsScreen },
  { id: "retention", label: () => t("common.nav.retention"), loadingText: () => t("common.nav.retention_loading"), load: retentionScreen },
  { id: "reports", label: () => t("common.nav.reports"), loadingText: () => t("common.nav.reports_loading"), load: reportsScreen },
  { id: "audit", label: () => t("common.nav.audit"), loadingText: () => t("common.nav.audit_loading"), load: auditScreen },
  { id: "settings", label: () => t("common.nav.settings"), loadingText: () => t("common.nav.settings_loading"), load: settingsScreen },
];

/** The screen shown for an empty or unknown hash. */
export const DEFAULT_SCREEN: Screen = SCREENS[0]!;

/** The screen a location hash (`#/audit`, `#audit`, `#/audit?x`, ``) selects. */
export function screenForHash(hash: string): Screen {
  return routeForHash(hash).screen;
}

/**
 * The route a location hash selects: `#/requests/12?x=1` is the requests screen with path
 * `["12"]` and query `x=1`. An unknown screen is the default one, with no path or query.
 */
export function routeForHash(hash: string): Route {
  const rest = hash.replace(/^#\/?/, "");
  const q = rest.indexOf("?");
  const pathPart = q === -1 ? rest : rest.slice(0, q);
  const segments = pathPart.split("/").filter((s) => s !== "").map(decodeSegment);
  const id = (segments[0] ?? "").toLowerCase();
  const screen = SCREENS.find((s) => s.id === id);
  if (!screen) return { screen: DEFAULT_SCREEN, path: [], query: new URLSearchParams() };
  return { screen, path: segments.slice(1), query: new URLSearchParams(q === -1 ? "" : rest.slice(q + 1)) };
}

/** A path segment as typed; a malformed escape is kept as it is rather than failing the route. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The hash that shows a screen. */
export function hashFor(screen: Screen): string {
  return `#/${screen.id}`;
}
