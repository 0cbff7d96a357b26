// End-to-end scenario for the compliance checks and reports, called from run.mjs with its session
// and helpers: the dashboard's check counts against `workbench check --json` and its charts; then
// the compliance pack generated as PDF from the Reports screen, read back from disk (`%PDF-`,
// `pdftotext`), its fingerprint against the window and `workbench status --json`'s audit head.
//
// Runnable on its own against a pack made by the CLI, to try the file checks without a window:
//   node tests/e2e/reports.mjs FILE.pdf FINGERPRINT

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { asElement, waitUntil } from "./webdriver.mjs";

/** The pack's chapter of check results (src/reports/pack.rs, `CHAPTERS[1]`). */
export const CHECKS_HEADING = "Check results";
/** The first day of the period the scenario asks for; the last is the window's default, today. */
const PERIOD_FROM = "2026-01-01";
/** Typesetting the whole pack in a debug build takes a while. */
const GENERATE_TIMEOUT_MS = 240_000;

// Sets a control's value and tells the page, as typing (and, for a select, picking) would.
const SET_VALUE = `
  const el = arguments[0];
  el.focus();
  el.value = arguments[1];
  el.dispatchEvent(new Event("input", { bubbles: true }));
  el.dispatchEvent(new Event("change", { bubbles: true }));
  return el.value;
`;

/**
 * Checks a generated pack on disk: a PDF whose text holds `fingerprint` and the check-results
 * heading. Returns what it found; `fail` is called on the first thing wrong.
 */
export function checkPackPdf(path, fingerprint, fail) {
  const bytes = readFileSync(path);
  const magic = bytes.subarray(0, 5).toString("latin1");
  if (magic !== "%PDF-") fail(`${path} starts with ${JSON.stringify(magic)}, not "%PDF-"`);
  let text;
  try {
    text = execFileSync("pdftotext", [path, "-"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    fail(`\`pdftotext ${path} -\` failed (${error.code === "ENOENT" ? "pdftotext is not installed: apt-get install poppler-utils" : `exit ${error.status ?? error.signal}`}):\n${error.stderr ?? ""}`);
  }
  // A long hash may be broken across lines (or hyphenated there) by the typesetter.
  const joined = text.replace(/-\s*\n\s*/g, "").replace(/\s+/g, "");
  if (!joined.includes(fingerprint)) fail(`the text of ${path} (pdftotext) does not contain the fingerprint ${fingerprint}`);
  const heading = new RegExp(`^\\s*(\\d+(\\.\\d+)*\\s+)?${CHECKS_HEADING}\\s*$`, "m");
  if (!heading.test(text)) fail(`the text of ${path} (pdftotext) has no "${CHECKS_HEADING}" heading on a line of its own`);
  return { bytes, sha256: createHash("sha256").update(bytes).digest("hex"), characters: text.length };
}

/**
 * The checks and reports scenario.
 *
 * @param {object} ctx
 * @param {import("./webdriver.mjs").Session} ctx.session  the WebDriver session on the app's window
 * @param {(message: string) => void} ctx.step  prints one step
 * @param {(message: string) => never} ctx.fail  fails the run with a message
 * @param {string} ctx.cliPath  the workbench CLI (run here directly: `check` exits 1 while an error stands)
 * @param {NodeJS.ProcessEnv} ctx.env  the environment the CLI runs with
 * @param {string} ctx.db  the register's path
 * @param {string} ctx.exportsDir  where the app saves reports (WORKBENCH_E2E_SAVE_DIR)
 * @param {(name: string) => Promise<void>} [ctx.shot]  saves a screenshot for the README, when asked to
 */
export async function reportsScenario({ session, step, fail, cliPath, env, db, exportsDir, shot = async () => undefined }) {
  /** Runs the CLI; `okExits` are the exit codes that are answers rather than failures. */
  const cliJson = (args, okExits = [0]) => {
    const command = `workbench ${args.join(" ")}`;
    let stdout;
    try {
      stdout = execFileSync(cliPath, ["--db", db, ...args], { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });
    } catch (error) {
      if (!okExits.includes(error.status)) {
        fail(`\`${command}\` failed (exit ${error.status ?? error.signal ?? "?"}):\n${`${error.stdout ?? ""}${error.stderr ?? ""}`.trim()}`);
      }
      stdout = error.stdout ?? "";
    }
    try {
      return JSON.parse(stdout);
    } catch (error) {
      fail(`\`${command}\` printed something that is not JSON (${error.message}):\n${String(stdout).slice(0, 500)}`);
    }
  };
  const failOnAlert = async (scope, doing) => {
    const alert = await session.textOf(`${scope} [role="alert"]`);
    if (alert) fail(`${doing} failed; the window says: ${alert.trim()}`);
  };
  const byTestId = (id, timeoutMs = 15_000) => session.waitFor(`[data-testid="${id}"]`, { timeoutMs });
  const textOf = async (id) => ((await session.textOf(`[data-testid="${id}"]`)) ?? "").trim();
  const navigate = async (id, label) => {
    const link =
      (await session.find(`nav [data-testid="nav-${id}"]`)) ??
      (await session.find(`//nav//*[self::a or self::button][normalize-space()="${label}"]`, "xpath"));
    if (!link) fail(`no "${label}" item in the navigation`);
    await session.click(link);
    step(`opened ${label}`);
  };

  // 1. The dashboard's checks against `workbench check --json`.
  await navigate("dashboard", "Dashboard");
  await session.waitFor('[data-testid="checks"] [data-testid="checks-errors"]', {
    timeoutMs: 30_000,
    onPoll: () => failOnAlert("main", "running the checks on the dashboard"),
  });
  const shown = { errors: await textOf("checks-errors"), warnings: await textOf("checks-warnings") };
  const statuses = await session.execute(
    "return Array.from(document.querySelectorAll('[data-testid=\"checks\"] [data-status]')).map((el) => el.dataset.testid.replace(/^check-/, '') + ':' + el.dataset.status);",
  );
  step(`dashboard checks: ${shown.errors} error(s), ${shown.warnings} warning(s); ${statuses.length} checks (${statuses.join(", ")})`);
  const report = cliJson(["check", "--json"], [0, 1]);
  step(`\`workbench check --json\`: ${report.errors} error(s), ${report.warnings} warning(s), ${report.results?.length} checks as of ${report.today}`);
  if (shown.errors !== String(report.errors) || shown.warnings !== String(report.warnings)) {
    fail(`the dashboard shows ${shown.errors} error(s) and ${shown.warnings} warning(s); \`workbench check --json\` has ${report.errors} and ${report.warnings}`);
  }
  // The dashboard lists the checks needing attention first: compare them as sets.
  const expectedStatuses = (report.results ?? []).map((r) => `${r.id}:${r.status}`).sort();
  if (JSON.stringify([...statuses].sort()) !== JSON.stringify(expectedStatuses)) {
    fail(`the dashboard's checks ${JSON.stringify(statuses)} differ from \`workbench check --json\`'s ${JSON.stringify(expectedStatuses)}`);
  }
  step("dashboard check counts and statuses match the register");

  // The charts fill their section after the checks (the backend answers one call at a time).
  await session.waitFor('[data-testid="dashboard-chart"]', {
    timeoutMs: 30_000,
    onPoll: () => failOnAlert("main", "drawing the dashboard's charts"),
  });
  const charts = await session.execute(
    "return Array.from(document.querySelectorAll('[data-testid=\"dashboard-chart\"]')).map((img) => ({ tag: img.tagName, alt: img.alt, src: img.getAttribute('src').slice(0, 26) }));",
  );
  if (!charts.length) fail(`the dashboard shows no chart; ${await session.describePage()}`);
  const notImages = charts.filter((c) => c.tag !== "IMG" || c.src !== "data:image/svg+xml;base64,");
  if (notImages.length) fail(`dashboard charts must be <img> with data:image/svg+xml;base64 URLs: ${JSON.stringify(notImages)}`);
  await waitUntil(
    async () => (await session.execute("return Array.from(document.querySelectorAll('[data-testid=\"dashboard-chart\"]')).every((img) => img.complete && img.naturalWidth > 0);")) || null,
    { what: "the chart images to load (a bad SVG, or the CSP refusing data: images, leaves them broken)", timeoutMs: 10_000 },
  );
  step(`dashboard charts: ${charts.map((c) => JSON.stringify(c.alt)).join(", ")}, drawn as images`);
  await shot("dashboard-checks");

  // 2. The compliance pack as PDF, from the Reports screen.
  await navigate("reports", "Reports");
  await session.waitFor('[data-testid="report-form"]', { timeoutMs: 15_000, onPoll: () => failOnAlert("main", "opening the Reports screen") });
  await session.click(await byTestId("report-kind-pack"));
  const format = await session.execute(SET_VALUE, [asElement(await byTestId("report-format")), "pdf"]);
  const offered = await session.execute("return Array.from(document.querySelector('[data-testid=\"report-format\"]').options).map((o) => o.value);");
  if (JSON.stringify(offered) !== JSON.stringify(["html", "pdf"])) fail(`for the pack the format picker offers ${JSON.stringify(offered)}, expected ["html","pdf"]`);
  if (format !== "pdf") fail(`the format picker would not take "pdf" (it holds ${JSON.stringify(format)})`);
  const from = await session.execute(SET_VALUE, [asElement(await byTestId("report-from")), PERIOD_FROM]);
  const to = await session.execute("return arguments[0].value;", [asElement(await byTestId("report-to"))]);
  if (from !== PERIOD_FROM || !/^\d{4}-\d{2}-\d{2}$/.test(to)) fail(`the period reads ${JSON.stringify(from)} to ${JSON.stringify(to)}; expected ${PERIOD_FROM} to today`);
  step(`chose the compliance pack, PDF, ${from} to ${to} (offered formats ${offered.join(", ")})`);

  // Generating writes nothing, but the scenarios before this one did: read the head now.
  const status = cliJson(["status", "--json"]);
  step(`\`workbench status --json\` before generating: audit head ${status.audit_head}, ${status.counts?.audit_entries} entries`);

  await session.click(await byTestId("report-generate"));
  step("clicked Generate…");
  const result = await session.waitFor('[data-testid="report-result"]', {
    timeoutMs: GENERATE_TIMEOUT_MS,
    onPoll: () => failOnAlert('[data-testid="report-panel"]', "generating the compliance pack"),
  });
  const outcome = await session.attribute(result, "data-outcome");
  step(`report result (${outcome}): ${(await session.text(result)).replace(/\s+/g, " ").trim()}`);
  if (outcome === "cancelled") fail(`the report was cancelled: the app opened a save dialog instead of saving into WORKBENCH_E2E_SAVE_DIR (${exportsDir})`);
  if (outcome !== "generated") fail(`the report result says ${JSON.stringify(outcome)}, not "generated"`);
  const shownPath = await textOf("report-path");
  const shownSha = await textOf("report-sha256");
  const shownHash = await textOf("report-fingerprint");
  // The count shows with the locale's separators; the raw number is its data-entries.
  const shownEntries = (await session.attribute(await byTestId("report-fingerprint-entries"), "data-entries")) ?? (await textOf("report-fingerprint-entries"));
  const shownBytes = await session.attribute(await byTestId("report-bytes"), "data-bytes");
  await shot("reports");

  // 3. The file on disk.
  const expectedName = `pack-report-${PERIOD_FROM}-${to}.pdf`;
  if (basename(shownPath) !== expectedName) fail(`the window says it saved ${JSON.stringify(shownPath)}; expected a file named ${expectedName}`);
  const inside = relative(exportsDir, resolve(shownPath));
  if (inside.startsWith("..") || isAbsolute(inside)) fail(`the pack went to ${shownPath}, not into ${exportsDir}`);
  const path = join(exportsDir, basename(shownPath));
  if (!existsSync(path)) fail(`the window says it saved ${shownPath}, but ${exportsDir} holds ${JSON.stringify(readdirSync(exportsDir))}`);
  const pdf = checkPackPdf(path, shownHash, fail);
  step(`${basename(path)}: ${pdf.bytes.length} bytes, starts with %PDF-, its text (${pdf.characters} characters) holds the fingerprint and "${CHECKS_HEADING}"`);
  if (shownSha !== pdf.sha256) fail(`the window shows SHA-256 ${shownSha}; the file's is ${pdf.sha256}`);
  if (shownBytes !== String(pdf.bytes.length)) fail(`the window shows ${shownBytes} bytes; the file has ${pdf.bytes.length}`);

  // 4. The fingerprint is the register's audit head, and generating changed nothing.
  if (shownHash !== status.audit_head) fail(`the pack's fingerprint ${shownHash} is not the register's audit head ${status.audit_head} (\`workbench status --json\`)`);
  if (shownEntries !== String(status.counts?.audit_entries)) fail(`the pack's fingerprint covers ${shownEntries} entries; the register has ${status.counts?.audit_entries}`);
  const after = cliJson(["status", "--json"]);
  if (after.audit_head !== status.audit_head) fail(`generating a report changed the register's audit head from ${status.audit_head} to ${after.audit_head}`);
  step(`fingerprint ${shownHash} (${shownEntries} entries) is the register's audit head, in the window and in the PDF; generating wrote nothing to the register`);
}

// node tests/e2e/reports.mjs FILE.pdf FINGERPRINT: the file checks alone.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [file, hash] = process.argv.slice(2);
  if (!file || !hash) {
    console.error("usage: node tests/e2e/reports.mjs FILE.pdf FINGERPRINT");
    process.exit(2);
  }
  try {
    const { bytes } = checkPackPdf(resolve(file), hash, (message) => {
      throw new Error(message);
    });
    console.log(`ok: ${file} (${bytes.length} bytes) is a PDF holding ${hash} and "${CHECKS_HEADING}"`);
  } catch (error) {
    console.error(`FAIL: ${error.message}`);
    process.exit(1);
  }
}
