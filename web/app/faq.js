// @ts-check
/**
 * The FAQs: searchable (the service matches every word, in the question, answer or
 * tags), and filtered to the frameworks the result shows, with a switch to see all.
 * @module
 */

import { h, replace } from "./dom.js";
import { listNames } from "./result.js";

/** @typedef {import("./api.js").Faq} Faq */

/**
 * @param {HTMLElement} list
 * @param {HTMLElement} status
 * @param {Faq[]} faqs
 * @param {{ frameworkId: string, name: string }[] | null} shown null: no filter
 * @param {string} search
 * @param {(text: string) => (string | HTMLElement)[]} annotate
 */
export function renderFaqs(list, status, faqs, shown, search, annotate) {
  const ids = new Set((shown ?? []).map((f) => f.frameworkId));
  const visible = shown ? faqs.filter((f) => f.frameworks.some((fw) => ids.has(fw.frameworkId))) : faqs;
  const about = shown ? ` about ${listNames(shown.map((f) => f.name))}` : "";
  const matching = search.trim() ? ` matching “${search.trim()}”` : "";
  const text = visible.length
    ? `${visible.length} ${visible.length === 1 ? "question" : "questions"}${about}${matching}.`
    : `No questions${about}${matching}.`;
  if (status.textContent !== text) status.textContent = text;
  replace(
    list,
    visible.map((f) =>
      h(
        "details",
        { class: "faq", "data-faq": f.faqId },
        h("summary", {}, f.question),
        h("p", {}, annotate(f.answer)),
        h("p", { class: "about" }, `About ${listNames(f.frameworks.map((fw) => fw.name))}.`),
      ),
    ),
  );
}
