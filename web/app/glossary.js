// @ts-check
/**
 * Glossary terms explained where they appear. `annotate(text)` turns the first mention of
 * each term in a piece of text into a small button; hovering, focusing or pressing it
 * shows the definition in a popover, Escape hides it. Screen readers get the definition
 * as the button's description (`aria-describedby` to a hidden copy), so they do not
 * depend on the visual popover, which is `aria-hidden`.
 * @module
 */

import { h } from "./dom.js";

/** @typedef {import("./api.js").GlossaryTerm} GlossaryTerm */
/** @typedef {{ variant: string, strict: boolean, term: GlossaryTerm }} Variant */

/**
 * @param {GlossaryTerm[]} terms
 * @param {string[]} skip names not to explain (the frameworks, shown everywhere anyway)
 * @param {HTMLElement} definitions a hidden container for the screen-reader copies
 * @param {HTMLElement} tip the shared visual popover
 */
export function createGlossary(terms, skip, definitions, tip) {
  /** @type {Variant[]} */
  const variants = [];
  const skipped = new Set(skip.map((s) => s.toLowerCase()));
  for (const term of terms) {
    if (skipped.has(term.term.toLowerCase())) continue;
    definitions.append(h("span", { id: defId(term) }, `${term.term}: ${term.definition}`));
    // "ORM (Object-Relational Mapper)" is mentioned as "ORM" or as the long form.
    const m = term.term.match(/^(.*?)\s*\((.*)\)$/);
    for (const v of m ? [m[1], m[2], term.term] : [term.term]) {
      // Acronyms (two capitals in a row: ORM, NoSQL, REST API) only match as written.
      variants.push({ variant: v, strict: /[A-Z]{2}/.test(v), term });
    }
  }
  variants.sort((a, b) => b.variant.length - a.variant.length);
  const pattern = variants.length
    ? new RegExp(`(?<![\\w.-])(?:${variants.map((v) => escape(v.variant)).join("|")})(?:e?s)?(?![\\w-])`, "gi")
    : null;

  /**
   * @param {string} text
   * @returns {(string | HTMLElement)[]}
   */
  function annotate(text) {
    if (!pattern) return [text];
    /** @type {(string | HTMLElement)[]} */
    const out = [];
    const seen = new Set();
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      const found = match[0];
      const v = variants.find((v) => {
        const stem = found.slice(0, v.variant.length);
        return v.variant.length <= found.length && (v.strict ? stem === v.variant : stem.toLowerCase() === v.variant.toLowerCase())
          && /^(e?s)?$/i.test(found.slice(v.variant.length));
      });
      if (!v || seen.has(v.term.termId)) continue;
      seen.add(v.term.termId);
      const index = match.index ?? 0;
      out.push(text.slice(last, index));
      out.push(h("button", { type: "button", class: "term", "aria-describedby": defId(v.term), "data-term": v.term.termId }, found));
      last = index + found.length;
    }
    out.push(text.slice(last));
    return out;
  }

  /** @type {HTMLElement | null} */
  let anchor = null;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let hideTimer;

  /** @param {HTMLElement} button */
  function show(button) {
    clearTimeout(hideTimer);
    const term = terms.find((t) => t.termId === button.dataset.term);
    if (!term) return;
    anchor = button;
    tip.replaceChildren(h("strong", {}, term.term), " ", term.definition);
    tip.hidden = false;
    const r = button.getBoundingClientRect();
    const width = Math.min(320, document.documentElement.clientWidth - 16);
    const left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - width - 8));
    tip.style.setProperty("--tip-width", `${width}px`);
    tip.style.left = `${left + window.scrollX}px`;
    tip.style.top = `${r.bottom + window.scrollY + 6}px`;
  }
  function hide() {
    clearTimeout(hideTimer);
    tip.hidden = true;
    anchor = null;
  }
  const hideSoon = () => {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 200);
  };

  /** @param {EventTarget | null} t */
  const termOf = (t) => (t instanceof Element ? /** @type {HTMLElement | null} */ (t.closest("button.term")) : null);
  document.addEventListener("mouseover", (e) => {
    const b = termOf(e.target);
    if (b) show(b);
    else if (e.target instanceof Node && tip.contains(e.target)) clearTimeout(hideTimer);
  });
  document.addEventListener("mouseout", (e) => {
    if (termOf(e.target) || (e.target instanceof Node && tip.contains(e.target))) hideSoon();
  });
  document.addEventListener("focusin", (e) => {
    const b = termOf(e.target);
    if (b) show(b);
    else if (anchor) hide();
  });
  document.addEventListener("click", (e) => {
    const b = termOf(e.target);
    if (b) (anchor === b && !tip.hidden ? hide() : show(b));
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !tip.hidden) hide();
  });
  window.addEventListener("resize", hide);

  return { annotate };
}

/** @param {GlossaryTerm} term */
const defId = (term) => `def-${term.termId}`;

/** @param {string} s */
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
