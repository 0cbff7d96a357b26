/**
 * The dashboard's charts: the SVG the reports draw, shown as images.
 *
 * The backend escapes every label it draws, but the UI does not rely on it: an SVG is only ever the
 * source of an `<img>` (a `data:` URL, which the CSP allows for images), where nothing in it can
 * run or reach the page. SVG markup is never inserted into the DOM.
 */
import type { DashboardChart } from "../api";
import { h } from "../h";
import { t } from "../i18n";
import { emptyState, errorAlert } from "../view";

/** An SVG document as a `data:` URL: its UTF-8 bytes, base64-encoded. */
export function svgDataUrl(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = "";
  // In slices, so a large chart never overflows the argument list.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

/** One chart as an image, titled. */
export function chartImage(chart: DashboardChart): HTMLElement {
  return h(
    "figure",
    { class: "chart" },
    h("img", { src: svgDataUrl(chart.svg), alt: chart.title, "data-testid": "dashboard-chart", width: "640", height: "300" }),
  );
}

/** The "Charts" section: the last twelve months, drawn as in the reports; or why they are missing. */
export function renderCharts(charts: DashboardChart[] | string): HTMLElement {
  const heading = h("h2", { id: "charts-heading" }, t("dashboard.charts.heading"));
  let body: HTMLElement;
  if (typeof charts === "string") body = errorAlert(charts, t("dashboard.charts.failed"));
  else if (charts.length === 0) {
    body = emptyState(t("dashboard.charts.empty_title"), t("dashboard.charts.empty"), "charts");
  } else {
    body = h("ul", { class: "chart-list" }, charts.map((c) => h("li", null, chartImage(c))));
  }
  return h(
    "section",
    { class: "charts", "aria-labelledby": "charts-heading", "data-testid": "charts" },
    heading,
    h("p", { class: "lead" }, t("dashboard.charts.lead")),
    body,
  );
}
