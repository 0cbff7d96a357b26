/** Hash routes: which screen `#/name` shows. Pure, so it can be tested without a window. */
import type { Api } from "./api";
import { auditScreen } from "./screens/audit";
import { dashboardScreen } from "./screens/dashboard";
import { merchantsScreen } from "./screens/merchants";
import { policyScreen } from "./screens/policy";
import { processorsScreen } from "./screens/processors";
import { reportsScreen } from "./screens/reports";
import { requestsScreen } from "./screens/requests";
import { settingsScreen } from "./screens/settings";

/** A screen reachable from the navigation. */
export interface Screen {
  /** The hash path segment: `#/<id>`. */
  id: string;
  /** The navigation label. */
  label: string;
  /** What is loading, for the placeholder ("Loading the dashboard…"). */
  loadingText: string;
  /** Fetches what the screen needs and renders it; rejects with the backend's message. */
  load: (api: Api) => Promise<HTMLElement>;
}

/** Every screen, in navigation order. */
export const SCREENS: readonly Screen[] = [
  { id: "dashboard", label: "Dashboard", loadingText: "the dashboard", load: dashboardScreen },
  { id: "policy", label: "Policy", loadingText: "policy versions", load: policyScreen },
  { id: "requests", label: "Requests", loadingText: "rights requests", load: requestsScreen },
  { id: "processors", label: "Processors", loadingText: "processors", load: processorsScreen },
  { id: "merchants", label: "Merchants & authorizations", loadingText: "merchants and authorizations", load: merchantsScreen },
  { id: "reports", label: "Reports", loadingText: "reports", load: reportsScreen },
  { id: "audit", label: "Audit", loadingText: "the audit log", load: auditScreen },
  { id: "settings", label: "Settings", loadingText: "settings", load: settingsScreen },
];

/** The screen shown for an empty or unknown hash. */
export const DEFAULT_SCREEN: Screen = SCREENS[0]!;

/** The screen a location hash (`#/audit`, `#audit`, `#/audit?x`, ``) selects. */
export function screenForHash(hash: string): Screen {
  const id = hash.replace(/^#\/?/, "").split(/[/?]/)[0]!.toLowerCase();
  return SCREENS.find((s) => s.id === id) ?? DEFAULT_SCREEN;
}

/** The hash that shows a screen. */
export function hashFor(screen: Screen): string {
  return `#/${screen.id}`;
}
