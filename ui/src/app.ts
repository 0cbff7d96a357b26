/**
 * The shell: a left navigation and a main area showing the screen the location hash selects.
 * Screens are rebuilt from the backend on every visit, so what is shown is what the register holds.
 * Above every screen sits the import monitor: mail dropped on the window is imported wherever the
 * officer is, and its progress and result stay in view.
 */
import { errorMessage, type Api } from "./api";
import { h, replaceChildren } from "./h";
import { importMonitor, type ImportMonitor } from "./import-monitor";
import { hashFor, routeForHash, SCREENS } from "./routes";
import { errorAlert, loading } from "./view";

/** Builds the shell inside `root`, shows the current route and follows hash changes. */
export function mountApp(root: HTMLElement, api: Api, win: Window = window): { show: () => Promise<void>; imports: ImportMonitor } {
  const links = new Map<string, HTMLAnchorElement>();
  const nav = h(
    "nav",
    { class: "sidebar", "aria-label": "Main" },
    h("p", { class: "brand" }, "Compliance Workbench"),
    h(
      "ul",
      null,
      SCREENS.map((screen) => {
        const link = h("a", { href: hashFor(screen), "data-testid": `nav-${screen.id}` }, screen.label);
        links.set(screen.id, link);
        return h("li", null, link);
      }),
    ),
  );
  const imports = importMonitor(api);
  const screenRegion = h("div", { class: "screen-region" });
  const main = h("main", { id: "main", class: "main" }, imports.element, screenRegion);
  replaceChildren(root, h("div", { class: "layout" }, nav, main));

  // A later navigation wins over an earlier one still loading.
  let generation = 0;
  let first = true;

  const show = async () => {
    const { screen, path, query } = routeForHash(win.location.hash);
    const mine = ++generation;
    for (const [id, link] of links) {
      if (id === screen.id) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    win.document.title = `${screen.label} · Compliance Workbench`;
    replaceChildren(screenRegion, loading(screen.loadingText));
    let content: HTMLElement;
    try {
      content = await screen.load(api, { path, query, imports });
    } catch (error) {
      content = h("div", { class: "screen" }, h("h1", { class: "screen-title", tabindex: "-1" }, screen.label), errorAlert(errorMessage(error)));
    }
    if (mine !== generation) return;
    replaceChildren(screenRegion, content);
    // Move focus to the new screen's title for keyboard and screen-reader users, but not on
    // start-up, where focus belongs at the top of the page.
    if (!first) screenRegion.querySelector<HTMLElement>(".screen-title")?.focus();
    first = false;
  };

  win.addEventListener("hashchange", () => void show());
  return { show, imports };
}
