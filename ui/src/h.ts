/**
 * The one way the UI builds DOM: `h(tag, attrs, ...children)`.
 *
 * Strings become text nodes, never markup, so register data can hold `<script>` and still show
 * as text. Attributes are set with `setAttribute`; event handlers are passed as functions under
 * `on<event>` keys and attached with `addEventListener` (inline handler strings would be blocked by
 * the CSP anyway, and `innerHTML`/`style` are refused outright).
 */

/** An attribute value; `false`, `null` and `undefined` leave the attribute off. */
export type AttrValue = string | number | boolean | null | undefined;

/** Attributes, plus `on<event>` listeners given as functions. */
export type Attrs = { [name: string]: AttrValue | ((event: Event) => void) };

/** Anything `h` accepts as a child; `null`, `undefined` and `false` are skipped. */
export type Child = Node | string | number | null | undefined | false | Child[];

const FORBIDDEN = new Set(["innerhtml", "outerhtml", "style", "srcdoc"]);

/** Creates an element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    const lower = name.toLowerCase();
    if (FORBIDDEN.has(lower)) {
      throw new Error(`h(): the "${name}" attribute is not allowed; use text children and CSS classes`);
    }
    if (lower.startsWith("on")) {
      if (typeof value !== "function") {
        throw new Error(`h(): "${name}" must be a function, not a string handler`);
      }
      el.addEventListener(lower.slice(2), value);
      continue;
    }
    if (typeof value === "function") {
      throw new Error(`h(): "${name}" is not an event and cannot take a function`);
    }
    if (value === false || value === null || value === undefined) continue;
    el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

/** Appends children (flattening arrays) to a node, turning strings and numbers into text. */
export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) {
      append(parent, child);
    } else if (typeof child === "string" || typeof child === "number") {
      parent.appendChild(document.createTextNode(String(child)));
    } else {
      parent.appendChild(child);
    }
  }
}

/** Replaces every child of `parent` with `children`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, children);
}
