// End-to-end scenario for the registers screens, called from run.mjs with its session and helpers:
// add a processor in the window (seeing an inline validation message come and go on the way),
// find it in the table, export the register as CSV, and check the file on disk and
// `workbench processors list --json` against what was typed.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { asElement, waitUntil } from "./webdriver.mjs";

/** The processor the scenario adds, as the officer types it. */
const PROCESSOR = {
  name: "Lotus Cloud Hosting Ltd",
  service: "hosting",
  purpose: "Hosting the TrackTrack service",
  country: "SG",
  confidentiality: "dpa",
  confidentiality_date: "2026-01-15",
  next_review: "2027-01-15",
};
const BAD_COUNTRY = "Singapore";

// Sets a control's value and tells the page, as typing would (and, for a select, as picking would).
const SET_VALUE = `
  const el = arguments[0];
  el.focus();
  el.value = arguments[1];
  el.dispatchEvent(new Event("input", { bubbles: true }));
  if (arguments[2]) el.dispatchEvent(new Event("change", { bubbles: true }));
  return el.value;
`;

/**
 * The processors scenario.
 *
 * @param {object} ctx
 * @param {import("./webdriver.mjs").Session} ctx.session  the WebDriver session on the app's window
 * @param {(message: string) => void} ctx.step  prints one step
 * @param {(message: string) => never} ctx.fail  fails the run with a message
 * @param {(args: string[]) => string} ctx.cli  runs the workbench CLI and returns its stdout
 * @param {string} ctx.db  the register's path
 * @param {string} ctx.exportsDir  where the app saves exports (WORKBENCH_E2E_SAVE_DIR)
 * @param {(name: string) => Promise<void>} [ctx.shot]  saves a screenshot for the README, when asked to
 */
export async function registersScenario({ session, step, fail, cli, db, exportsDir, shot = async () => undefined }) {
  /** Fails with the text of an alert inside `scope`, if one is showing. */
  const failOnAlert = async (scope, doing) => {
    const alert = await session.textOf(`${scope} [role="alert"]`);
    if (alert) fail(`${doing} failed; the window says: ${alert.trim()}`);
  };
  const byTestId = (id, timeoutMs = 15_000) => session.waitFor(`[data-testid="${id}"]`, { timeoutMs });
  const processorsJson = () => {
    const text = cli(["--db", db, "processors", "list", "--json"]);
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      fail(`\`workbench processors list --json\` printed something that is not JSON (${error.message}):\n${text.slice(0, 500)}`);
    }
    if (!Array.isArray(parsed)) fail(`\`workbench processors list --json\` printed no list:\n${text.slice(0, 500)}`);
    return parsed;
  };

  const before = processorsJson();
  if (before.some((p) => p.name === PROCESSOR.name)) fail(`the fresh register already holds a processor named ${PROCESSOR.name}`);
  step(`register: ${before.length} processor(s) before the scenario`);

  // 1. Processors, then the add form.
  const link =
    (await session.find('nav [data-testid="nav-processors"]')) ??
    (await session.find('//nav//*[self::a or self::button][normalize-space()="Processors"]', "xpath"));
  if (!link) fail('no "Processors" item in the navigation');
  await session.click(link);
  step("opened Processors");
  await session.waitFor('[data-testid="processors"]', { timeoutMs: 15_000, onPoll: () => failOnAlert("main", "opening the Processors screen") });

  await session.click(await byTestId("processors-add"));
  step("clicked Add processor…");
  await session.waitFor('[data-testid="processor-form"]', { timeoutMs: 10_000 });

  const set = async (name, value, { pick = false } = {}) => {
    const el = await byTestId(`processor-field-${name}`, 5_000);
    const now = await session.execute(SET_VALUE, [asElement(el), value, pick]);
    if (now !== value) fail(`the ${name} field holds ${JSON.stringify(now)} after setting it to ${JSON.stringify(value)}`);
    step(`  ${name} = ${JSON.stringify(value)}`);
  };
  await set("name", PROCESSOR.name);
  await set("service", PROCESSOR.service);
  await set("purpose", PROCESSOR.purpose);

  // 2. A country the register refuses: the message shows under the field, and Save waits.
  await set("country", BAD_COUNTRY);
  const countryError = await waitUntil(
    async () => {
      await failOnAlert('[data-testid="processor-form-error"]', "checking the form");
      const text = ((await session.textOf('[data-testid="processor-field-error-country"]')) ?? "").trim();
      return text || null;
    },
    { what: `an inline error under the country field after typing "${BAD_COUNTRY}"`, timeoutMs: 10_000 },
  );
  step(`inline error under country: ${JSON.stringify(countryError)}`);
  if (!countryError.includes(BAD_COUNTRY)) fail(`the country error does not name what was typed (${BAD_COUNTRY}): ${countryError}`);
  const saveButton = await byTestId("processor-save", 5_000);
  if ((await session.execute("return arguments[0].disabled;", [asElement(saveButton)])) !== true) {
    fail("Save is enabled while the country field shows an error");
  }
  step("Save is disabled while the error stands");
  await shot("processor-form-error");

  await set("country", PROCESSOR.country);
  await waitUntil(async () => (await session.find('[data-testid="processor-field-error-country"]')) === null, {
    what: `the country error to go once the country is "${PROCESSOR.country}"`,
    timeoutMs: 10_000,
  });
  step("the country error is gone");

  await set("confidentiality", PROCESSOR.confidentiality, { pick: true });
  await set("confidentiality_date", PROCESSOR.confidentiality_date);
  await set("next_review", PROCESSOR.next_review);

  // Every check has answered and none stands: Save is enabled.
  let state = null;
  try {
    await waitUntil(
      async () => {
        state = await session.execute(
          "const f = document.querySelector('[data-testid=\"processor-form\"]'); const s = document.querySelector('[data-testid=\"processor-save\"]'); return { busy: f ? f.hasAttribute('aria-busy') : false, disabled: s ? s.disabled : true, errors: Array.from(document.querySelectorAll('[data-testid^=\"processor-field-error-\"]')).map((e) => e.textContent) };",
        );
        return state && !state.busy && !state.disabled && state.errors.length === 0;
      },
      { what: "Save to be enabled once the form is filled in", timeoutMs: 10_000 },
    );
  } catch (error) {
    if (state?.errors?.length) fail(`the form still shows field errors after it was filled in: ${state.errors.join(" | ")}`);
    throw error;
  }
  step("every field checks out; Save is enabled");
  await shot("processor-form");

  // 3. Save, and the row appears.
  await session.click(saveButton);
  step("clicked Save");
  const rowXpath = `//tr[@data-testid="processor-row"][td[1][normalize-space()="${PROCESSOR.name}"]]`;
  const row = await session.waitFor(rowXpath, {
    using: "xpath",
    timeoutMs: 15_000,
    onPoll: async () => {
      await failOnAlert('[data-testid="processor-form"]', "saving the processor");
      await failOnAlert('[data-testid="processors-message"]', "reloading the processors");
    },
  });
  const rowId = await session.attribute(row, "data-id");
  const rowText = await session.execute(
    // Dates show in the officer's locale; each <time>'s ISO datetime is added to its cell's text.
    "return Array.from(arguments[0].cells).map((c) => [c.textContent, ...Array.from(c.querySelectorAll('time'), (t) => t.getAttribute('datetime'))].join(' ').replace(/\\s+/g, ' ').trim()).join(' | ');",
    [asElement(row)],
  );
  step(`the table shows processor ${rowId}: ${rowText}`);
  if (!rowText.includes(PROCESSOR.country) || !rowText.includes("DPA") || !rowText.includes(PROCESSOR.next_review)) {
    fail(`the new row does not show country ${PROCESSOR.country}, DPA and review ${PROCESSOR.next_review}: ${rowText}`);
  }
  if (await session.find('[data-testid="processor-dialog"]')) fail("the processor form is still open after saving");
  await shot("processors");

  // 4. Export CSV, then the file on disk.
  await session.click(await byTestId("processors-export-csv"));
  step("clicked Export CSV");
  const result = await session.waitFor('[data-testid="processors-export-result"][data-format="csv"]', {
    timeoutMs: 30_000,
    onPoll: () => failOnAlert('[data-testid="processors-sheet-results"]', "exporting the processors"),
  });
  const outcome = await session.attribute(result, "data-outcome");
  const resultText = (await session.text(result)).replace(/\s+/g, " ").trim();
  step(`export result (${outcome}): ${resultText}`);
  if (outcome === "cancelled") fail(`the export was cancelled: the app opened a save dialog instead of saving into WORKBENCH_E2E_SAVE_DIR (${exportsDir})`);
  if (outcome !== "saved") fail(`the export did not succeed: ${resultText}`);

  const expected = join(exportsDir, "processors.csv");
  const shownPath = ((await session.textOf('[data-testid="processors-export-path"]')) ?? "").trim();
  const inside = relative(exportsDir, resolve(shownPath || "."));
  if (!shownPath || inside.startsWith("..") || isAbsolute(inside)) {
    fail(`the export went to ${JSON.stringify(shownPath)}, not into ${exportsDir}; files there: ${JSON.stringify(readdirSync(exportsDir))}`);
  }
  if (resolve(shownPath) !== resolve(expected)) fail(`the export went to ${shownPath}, expected ${expected}`);
  if (!existsSync(expected)) fail(`the window says it exported ${shownPath}, but there is no such file; ${exportsDir} holds ${JSON.stringify(readdirSync(exportsDir))}`);
  const csv = readFileSync(expected, "utf8").replace(/^\uFEFF/, "");
  const lines = csv.split(/\r?\n/);
  const line = lines.find((l) => l.includes(PROCESSOR.name) && l.includes(PROCESSOR.country));
  if (!line) fail(`${expected} has no line with "${PROCESSOR.name}" and "${PROCESSOR.country}":\n${csv.slice(0, 800)}`);
  step(`${expected} (${lines.filter((l) => l).length - 1} data row(s)) holds: ${line}`);

  // 5. The register agrees.
  const mine = processorsJson().find((p) => p.name === PROCESSOR.name);
  if (!mine) fail(`\`workbench processors list --json\` has no processor named ${PROCESSOR.name}`);
  step(`register: processor ${mine.id} ${JSON.stringify(mine)}`);
  const mismatches = [];
  if (String(mine.id) !== rowId) mismatches.push(`the table row is processor ${rowId}, the register's is ${mine.id}`);
  if (mine.country !== PROCESSOR.country) mismatches.push(`country ${JSON.stringify(mine.country)}, expected ${PROCESSOR.country}`);
  if (mine.confidentiality !== PROCESSOR.confidentiality) mismatches.push(`confidentiality ${JSON.stringify(mine.confidentiality)}, expected ${PROCESSOR.confidentiality}`);
  if (mine.service !== PROCESSOR.service) mismatches.push(`service ${JSON.stringify(mine.service)}, expected ${PROCESSOR.service}`);
  if (mine.next_review !== PROCESSOR.next_review) mismatches.push(`next_review ${JSON.stringify(mine.next_review)}, expected ${PROCESSOR.next_review}`);
  if (mine.status !== "active") mismatches.push(`status ${JSON.stringify(mine.status)}, expected active`);
  if (mismatches.length) fail(`\`workbench processors list --json\` disagrees with what was typed:\n  - ${mismatches.join("\n  - ")}`);
  step(`register: ${PROCESSOR.name} is processor ${mine.id}, ${mine.country}, confidentiality ${mine.confidentiality}, review ${mine.next_review}`);
}
