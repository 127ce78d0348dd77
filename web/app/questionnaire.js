// @ts-check
/**
 * The questionnaire form: one fieldset per criterion, in catalog order, with its help
 * text, its options as radio buttons (plus "Skip"), and an importance select once it is
 * answered; then the language filter. The form is the source of truth while the user
 * edits: `read()` turns it into a State, `write(state)` puts a State (from a link) back.
 * @module
 */

import { h, replace } from "./dom.js";
import { IMPORTANCE, catalogLanguages, emptyState } from "./state.js";

/** @typedef {import("./api.js").Catalog} Catalog */
/** @typedef {import("./api.js").Language} Language */
/** @typedef {import("./state.js").State} State */

const SKIP = "";

/** @type {Record<string, string>} */
const LANGUAGE_NAMES = { PYTHON: "Python", JAVASCRIPT: "JavaScript", GO: "Go" };

/** @param {string} language */
export const languageName = (language) => LANGUAGE_NAMES[language] ?? language;

/**
 * @param {HTMLElement} container
 * @param {Catalog} catalog
 * @param {(text: string) => (string | HTMLElement)[]} annotate
 */
export function renderQuestionnaire(container, catalog, annotate) {
  const questions = catalog.criteria.map((c, i) => {
    const help = `help-${c.criterionId}`;
    const importance = `importance-${c.criterionId}`;
    return h(
      "fieldset",
      { class: "question", id: `q-${c.criterionId}`, "data-criterion": c.criterionId, "aria-describedby": help },
      h("legend", {}, h("span", { class: "qnum", "aria-hidden": "true" }, `${i + 1}`), " ", c.question),
      h("p", { class: "help", id: help }, annotate(c.help)),
      h(
        "div",
        { class: "options" },
        [...c.options, { optionId: SKIP, label: "Skip: no answer" }].map((o) =>
          h(
            "label",
            { class: o.optionId === SKIP ? "option skip" : "option" },
            h("input", { type: "radio", name: `answer-${c.criterionId}`, value: o.optionId, checked: o.optionId === SKIP }),
            h("span", {}, o.label),
          ),
        ),
      ),
      h(
        "div",
        { class: "importance", hidden: true },
        h("label", { for: importance }, "How much this answer matters"),
        h(
          "select",
          { id: importance, name: importance },
          IMPORTANCE.map((l) => h("option", { value: String(l.weight), selected: l.weight === 1 }, l.label)),
        ),
      ),
    );
  });
  const languages = h(
    "fieldset",
    { class: "question languages", id: "q-languages", "aria-describedby": "help-languages" },
    h("legend", {}, "Which languages can your team use?"),
    h("p", { class: "help", id: "help-languages" }, "Only frameworks in the checked languages are ranked. Leave all unchecked to consider every language."),
    h(
      "div",
      { class: "options inline" },
      catalogLanguages(catalog).map((l) =>
        h("label", { class: "option" }, h("input", { type: "checkbox", name: "language", value: l }), h("span", {}, languageName(l))),
      ),
    ),
  );
  replace(container, questions, languages);
  container.removeAttribute("aria-busy");
}

/**
 * @param {HTMLFormElement} form
 * @returns {State}
 */
export function read(form) {
  const state = emptyState();
  for (const fs of form.querySelectorAll("fieldset[data-criterion]")) {
    const id = /** @type {HTMLElement} */ (fs).dataset.criterion ?? "";
    const checked = /** @type {HTMLInputElement | null} */ (fs.querySelector("input[type=radio]:checked"));
    const select = /** @type {HTMLSelectElement} */ (fs.querySelector("select"));
    const answered = !!checked && checked.value !== SKIP;
    /** @type {HTMLElement} */ (fs.querySelector(".importance")).hidden = !answered;
    fs.classList.toggle("answered", answered);
    fs.classList.toggle("ignored", answered && Number(select.value) === 0);
    if (answered && checked) state.answers.set(id, { optionId: checked.value, weight: Number(select.value) });
  }
  for (const box of form.querySelectorAll("input[name=language]:checked")) {
    state.languages.add(/** @type {Language} */ (/** @type {HTMLInputElement} */ (box).value));
  }
  return state;
}

/**
 * @param {HTMLFormElement} form
 * @param {State} state
 */
export function write(form, state) {
  for (const fs of form.querySelectorAll("fieldset[data-criterion]")) {
    const id = /** @type {HTMLElement} */ (fs).dataset.criterion ?? "";
    const choice = state.answers.get(id);
    for (const radio of fs.querySelectorAll("input[type=radio]")) {
      const r = /** @type {HTMLInputElement} */ (radio);
      r.checked = r.value === (choice ? choice.optionId : SKIP);
    }
    /** @type {HTMLSelectElement} */ (fs.querySelector("select")).value = String(choice ? choice.weight : 1);
  }
  for (const box of form.querySelectorAll("input[name=language]")) {
    const b = /** @type {HTMLInputElement} */ (box);
    b.checked = state.languages.has(/** @type {Language} */ (b.value));
  }
  read(form); // show or hide the importance controls to match
}
