// @ts-check
/**
 * A tiny DOM builder: `h("p", { class: "note" }, "text", child)`. Text is always set as
 * text (never parsed as HTML), so catalog or API strings cannot inject markup, and no
 * inline style attribute is ever written (the CSP forbids them): dynamic sizes go through
 * CSSOM custom properties (`{ style: { "--fit": "40%" } }`).
 * @module
 */

/**
 * @typedef {string | number | boolean | null | undefined | Node} Leaf
 * @typedef {Leaf | Leaf[] | Leaf[][] | (Leaf | Leaf[])[]} Child
 * @typedef {Record<string, string | number | boolean | null | undefined | Record<string, string> | EventListener>} Attrs
 */

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs} [attrs]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "style" && typeof value === "object") {
      for (const [prop, v] of Object.entries(value)) el.style.setProperty(prop, String(v));
    } else if (name.startsWith("on") && typeof value === "function") {
      el.addEventListener(name.slice(2), /** @type {EventListener} */ (value));
    } else if (value === true) {
      el.setAttribute(name, "");
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

/**
 * @param {Node} parent
 * @param {Child[]} children
 */
export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false || child === true) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * Replaces an element's children in one step (no empty intermediate state to flicker).
 * @param {Element} el
 * @param {...Child} children
 */
export function replace(el, ...children) {
  const fragment = document.createDocumentFragment();
  append(fragment, children);
  el.replaceChildren(fragment);
}

/**
 * @param {string} id
 * @returns {HTMLElement}
 */
export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el;
}

/**
 * A function that runs `fn` once calls have paused for `ms` milliseconds.
 * @template {unknown[]} A
 * @param {(...args: A) => void} fn
 * @param {number} ms
 * @returns {((...args: A) => void) & { flush(): void, cancel(): void }}
 */
export function debounce(fn, ms) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** @type {A | undefined} */
  let pending;
  const run = () => {
    timer = undefined;
    const args = pending;
    pending = undefined;
    if (args) fn(...args);
  };
  const debounced = /** @type {((...args: A) => void) & { flush(): void, cancel(): void }} */ (
    (/** @type {A} */ ...args) => {
      pending = args;
      clearTimeout(timer);
      timer = setTimeout(run, ms);
    }
  );
  debounced.flush = () => {
    clearTimeout(timer);
    run();
  };
  debounced.cancel = () => {
    clearTimeout(timer);
    timer = undefined;
    pending = undefined;
  };
  return debounced;
}
