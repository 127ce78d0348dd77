// @ts-check
/**
 * The questionnaire's state (answers with their importance, and the language filter), and
 * its place in the URL: the fragment holds it, so a link reproduces the same answers and
 * therefore the same result. The fragment never reaches a server (not even ours) and holds
 * only catalog ids and numbers, nothing personal:
 *
 *     #admin_panel=yes&realtime=core*2&team_size=small*0&lang=PYTHON&lang=GO
 *
 * `*w` is the importance weight when it is not the default 1.
 * @module
 */

/** @typedef {import("./api.js").Catalog} Catalog */
/** @typedef {import("./api.js").Language} Language */
/** @typedef {import("./api.js").Profile} Profile */
/** @typedef {{ optionId: string, weight: number }} Choice */
/** @typedef {{ answers: Map<string, Choice>, languages: Set<Language> }} State */

/**
 * The importance control's levels and the `weight` each sends. "Ignore" keeps the answer
 * on screen but makes it count for nothing (weight 0, the same as no answer).
 */
export const IMPORTANCE = [
  { weight: 0, label: "Ignore" },
  { weight: 0.5, label: "Low" },
  { weight: 1, label: "Normal" },
  { weight: 2, label: "High" },
  { weight: 3, label: "Essential" },
];

const LANG_KEY = "lang";

/** @returns {State} */
export function emptyState() {
  return { answers: new Map(), languages: new Set() };
}

/**
 * The profile the API takes, answers in questionnaire order.
 * @param {State} state
 * @param {Catalog} catalog
 * @returns {Profile}
 */
export function toProfile(state, catalog) {
  const answers = [];
  for (const c of catalog.criteria) {
    const choice = state.answers.get(c.criterionId);
    if (choice) answers.push({ criterionId: c.criterionId, optionId: choice.optionId, weight: choice.weight });
  }
  const languages = state.languages.size
    ? catalogLanguages(catalog).filter((l) => state.languages.has(l))
    : null;
  return { answers, languages };
}

/**
 * Answers that count: given, with a weight above 0.
 * @param {State} state
 */
export function countedAnswers(state) {
  return [...state.answers.values()].filter((c) => c.weight > 0).length;
}

/**
 * The languages of the catalog's frameworks, in catalog order.
 * @param {Catalog} catalog
 * @returns {Language[]}
 */
export function catalogLanguages(catalog) {
  return [...new Set(catalog.frameworks.map((f) => f.language))];
}

/**
 * @param {State} state
 * @param {Catalog} catalog
 * @returns {string} the fragment, without `#`
 */
export function encode(state, catalog) {
  const params = new URLSearchParams();
  for (const { criterionId, optionId, weight } of toProfile(state, catalog).answers) {
    params.append(criterionId, weight === 1 ? optionId : `${optionId}*${weight}`);
  }
  for (const l of toProfile(state, catalog).languages ?? []) params.append(LANG_KEY, l);
  return params.toString();
}

/**
 * Reads a fragment against the catalog. Anything that does not name a current question,
 * option, importance or language is dropped, and reported so the page can say so.
 * @param {string} fragment with or without `#`
 * @param {Catalog} catalog
 * @returns {{ state: State, dropped: string[] }}
 */
export function decode(fragment, catalog) {
  const state = emptyState();
  /** @type {string[]} */
  const dropped = [];
  const languages = catalogLanguages(catalog);
  const weights = new Set(IMPORTANCE.map((i) => i.weight));
  for (const [key, value] of new URLSearchParams(fragment.replace(/^#/, ""))) {
    if (key === "embed") continue;
    if (key === LANG_KEY) {
      const lang = /** @type {Language} */ (value.toUpperCase());
      if (languages.includes(lang)) state.languages.add(lang);
      else dropped.push(`${key}=${value}`);
      continue;
    }
    const criterion = catalog.criteria.find((c) => c.criterionId === key);
    const star = value.lastIndexOf("*");
    const optionId = star >= 0 ? value.slice(0, star) : value;
    const weight = star >= 0 ? Number(value.slice(star + 1)) : 1;
    if (!criterion || !criterion.options.some((o) => o.optionId === optionId) || !weights.has(weight)) {
      dropped.push(`${key}=${value}`);
      continue;
    }
    state.answers.set(key, { optionId, weight });
  }
  return { state, dropped };
}
