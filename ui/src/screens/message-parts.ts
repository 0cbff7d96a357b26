/**
 * Catalog messages with elements inside them. A sentence such as "{from} to {to}" or "Created
 * {when} by {name}" keeps its word order per language, while some of its placeholders are nodes
 * (a `<time>`, a `<code>`, a styled count) rather than text.
 */
import type { Child } from "../h";

/**
 * Splits `text` (a message from `t()`, its text placeholders already filled) at the `{name}`
 * placeholders that `parts` names and puts those children there; the rest stays text. A
 * placeholder `parts` does not name stays as written, so a gap shows.
 */
export function messageParts(text: string, parts: Record<string, Child>): Child[] {
  const out: Child[] = [];
  const placeholder = /\{(\w+)\}/g;
  let last = 0;
  for (let match = placeholder.exec(text); match; match = placeholder.exec(text)) {
    const name = match[1]!;
    if (!Object.prototype.hasOwnProperty.call(parts, name)) continue;
    if (match.index > last) out.push(text.slice(last, match.index));
    out.push(parts[name]);
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
