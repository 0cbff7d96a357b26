/**
 * The catalogs are complete in both languages, and no screen carries a hard-coded sentence: every
 * string literal in the UI's sources that reads like words for a person must come from `t()`.
 */
import ts from "typescript";
import { afterEach, describe, expect, it } from "vitest";
import { formatDate, formatNumber, LOCALES, setLocale, t, tn } from "../src/i18n";
import { en, zhHK, type MessageKey } from "../src/locales";

/** Every source file of the UI, as text, by path. */
const SOURCES = import.meta.glob("../src/**/*.ts", { query: "?raw", import: "default", eager: true }) as Record<string, string>;

/** Files that are not screens: the catalogs themselves, and `h()`'s developer-only errors. */
const EXEMPT_FILES = [/\/locales\//, /\/i18n\.ts$/, /\/h\.ts$/];

/** Literals that look like words but are identifiers: keyboard keys, MIME types, locale names. */
const ALLOWED = new Set([
  "Enter", "Escape", "Tab", "ArrowDown", "ArrowUp", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown",
  "Backspace", "Delete", " ", "Shift", "Control", "Meta", "Alt",
]);

/** Attributes whose values are never shown to a person. */
const NOT_SHOWN = new Set(["class", "id", "role", "type", "name", "href", "for", "data-testid", "autocomplete", "inputmode", "pattern", "accept", "rel", "scope", "datetime", "lang", "testid"]);

/** Whether a literal's text reads like words meant for a person. */
function readsAsWords(text: string): boolean {
  const bare = text.replace(/\$\{[^}]*\}/g, " ").trim();
  if (bare === "" || ALLOWED.has(bare)) return false;
  if (/[\u3400-\u9fff]/.test(bare)) return true; // Chinese belongs in the zh-HK catalog
  if (/\b[A-Z][a-z]{2,}\b/.test(bare)) return true; // a capitalised word: "Save", "Requests"
  return /\b[a-z]{2,} [a-z]{2,} [a-z]{2,}\b/.test(bare); // a lower-case phrase of three words
}

/** Whether `node` is in a place where a literal is not shown: a key, an import, a type, a t() call. */
function isExemptPlace(node: ts.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isImportTypeNode(parent)) return true;
  if (ts.isLiteralTypeNode(parent)) return true;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent)) && parent.name === node) return true;
  if (ts.isPropertyAssignment(parent) && NOT_SHOWN.has(parent.name.getText().replace(/^["']|["']$/g, ""))) return true;
  if (ts.isCallExpression(parent)) {
    const callee = parent.expression.getText();
    if (callee === "t" || callee === "tn" || callee.endsWith(".t") || callee === "invoke" || callee.endsWith("querySelector") || callee.endsWith("querySelectorAll")) return true;
  }
  return false;
}

/** The hard-coded sentences in one file: "path:line: text". */
function hardCoded(path: string, source: string): string[] {
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.ES2021, true);
  const lines = source.split("\n");
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      const place = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node : node.parent;
      if (!isExemptPlace(place) && readsAsWords(node.text)) {
        const line = file.getLineAndCharacterOfPosition(node.getStart()).line;
        const marked = /i18n-ignore/.test(lines[line] ?? "") || /i18n-ignore/.test(lines[line - 1] ?? "");
        if (!marked) found.push(`${path}:${line + 1}: ${node.text}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe("catalogs", () => {
  afterEach(() => setLocale("en"));

  it("carry the same keys in English and Traditional Chinese", () => {
    expect(Object.keys(zhHK).sort()).toEqual(Object.keys(en).sort());
  });

  it("have no empty message and the same placeholders in both languages", () => {
    const problems: string[] = [];
    for (const key of Object.keys(en) as MessageKey[]) {
      const a: string = en[key];
      const b: string = zhHK[key];
      if (!a.trim() || !b.trim()) problems.push(`${key}: empty`);
      const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join(",");
      if (holes(a) !== holes(b)) problems.push(`${key}: ${holes(a)} vs ${holes(b)}`);
    }
    expect(problems).toEqual([]);
  });

  it("offer both languages, each named in itself", () => {
    expect(LOCALES.map((l) => l.id)).toEqual(["en", "zh-HK"]);
  });

  it("format dates and numbers for the chosen locale", () => {
    expect(formatDate("2026-11-29")).toBe("29 Nov 2026");
    expect(formatNumber(1234567)).toBe("1,234,567");
    setLocale("zh-HK");
    expect(formatDate("2026-11-29")).toBe("2026年11月29日");
    expect(document.documentElement.lang).toBe("zh-HK");
    expect(formatDate("not a date")).toBe("not a date");
  });

  it("choose plural forms and fill placeholders", () => {
    const key = Object.keys(en).find((k) => k.endsWith(".one"));
    if (!key) return; // no counted message yet
    const base = key.slice(0, -".one".length);
    expect(tn(base, 1)).not.toContain("{count}");
    expect(t("missing.key" as MessageKey)).toBe("missing.key");
  });
});

describe("screens", () => {
  it("hard-code no words for people: every sentence comes from the catalogs", () => {
    const found: string[] = [];
    for (const [path, source] of Object.entries(SOURCES)) {
      if (EXEMPT_FILES.some((pattern) => pattern.test(path))) continue;
      found.push(...hardCoded(path, source));
    }
    expect(found).toEqual([]);
  });

  it("the finder catches a hard-coded sentence and spares keys, imports and classes", () => {
    const sample = [
      'import { h } from "./h";',
      'const a = h("button", { class: "btn primary", "data-testid": "save" }, "Save draft");',
      'const b = t("policy.save_draft");',
      'const c = `${n} requests are overdue`;',
      'const d = "Enter";',
      'const e = "已儲存";',
      'const f = "Keep me"; // i18n-ignore',
    ].join("\n");
    const found = hardCoded("sample.ts", sample).map((line) => line.replace(/^sample\.ts:\d+: /, ""));
    expect(found).toEqual(["Save draft", " requests are overdue", "已儲存"]);
  });
});
