// @ts-check
/**
 * The recommendation, for a person who has never seen the API: the top pick (or the tie),
 * confidence in words, the ranking with fit bars and shared ranks, each framework's signed
 * reasons, the takeaways with their severity, and the pivots as sentences with a button
 * that applies them. Pure rendering: it reads a Recommendation and the catalog, and
 * reports "apply this answer" through a callback.
 * @module
 */

import { h, replace } from "./dom.js";
import { IMPORTANCE } from "./state.js";
import { languageName } from "./questionnaire.js";

/** @typedef {import("./api.js").Catalog} Catalog */
/** @typedef {import("./api.js").Recommendation} Recommendation */
/** @typedef {import("./api.js").Ranked} Ranked */
/** @typedef {import("./api.js").Framework} Framework */
/** @typedef {import("./state.js").State} State */
/**
 * @typedef {{ catalog: Catalog, state: State, annotate: (text: string) => (string | HTMLElement)[],
 *   onPivot: (criterionId: string, optionId: string) => void }} Context
 */
/** @typedef {{ entry: Ranked, rank: number, tied: boolean, framework: Framework }} Place */

/**
 * The ranking as places: the server's `rank` (standard competition ranking: equal scores
 * share a rank, 1, 1, 3), and whether the place is shared.
 * @param {Recommendation} rec
 * @param {Catalog} catalog
 * @returns {Place[]}
 */
export function places(rec, catalog) {
  return rec.ranking.map((entry) => {
    const same = rec.ranking.filter((o) => o.rank === entry.rank).length;
    return { entry, rank: entry.rank, tied: same > 1, framework: frameworkOf(catalog, entry.framework.frameworkId) };
  });
}

/**
 * @param {Catalog} catalog
 * @param {string} id
 * @returns {Framework}
 */
export function frameworkOf(catalog, id) {
  return (
    catalog.frameworks.find((f) => f.frameworkId === id) ?? {
      frameworkId: id, name: id, language: "PYTHON", category: "", summary: "", link: "",
    }
  );
}

/** @param {number} n */
export function ordinal(n) {
  const s = n % 100 >= 11 && n % 100 <= 13 ? "th" : ["th", "st", "nd", "rd"][n % 10] ?? "th";
  return `${n}${s}`;
}

/** @param {number} points */
export function signed(points) {
  const r = Math.round(points * 10) / 10;
  if (r === 0) return "0";
  return `${r > 0 ? "+" : "\u2212"}${Math.abs(r)}`;
}

/**
 * @param {number} confidence 0..1
 * @param {boolean} tiedFirst
 * @returns {{ word: string, level: string, explain: string }}
 */
export function confidenceWords(confidence, tiedFirst) {
  if (tiedFirst || confidence <= 0) {
    return { word: "None: a tie", level: "none", explain: "Several frameworks share first place. Answer more questions, or raise the importance of what matters most, to separate them." };
  }
  if (confidence < 0.2) return { word: "Low", level: "low", explain: "A close call: the runner-up is just behind. Read the ranking and the reasons before deciding." };
  if (confidence < 0.5) return { word: "Moderate", level: "moderate", explain: "The top pick leads, but a different answer to one question could change it (see below)." };
  if (confidence < 0.8) return { word: "High", level: "high", explain: "The top pick leads clearly on your answers." };
  return { word: "Very high", level: "very-high", explain: "Your answers favour the top pick strongly and consistently." };
}

/**
 * The one-line summary for the live region.
 * @param {Recommendation} rec
 * @param {Catalog} catalog
 */
export function summary(rec, catalog) {
  const ps = places(rec, catalog);
  const first = ps.filter((p) => p.rank === 1);
  const conf = confidenceWords(rec.confidence, first.length > 1);
  if (first.length > 1) {
    return `Tied for first: ${listNames(first.map((p) => p.framework.name))}. Confidence: none.`;
  }
  return `Best fit: ${first[0].framework.name} (fit ${first[0].entry.fit} of 100). Confidence: ${conf.word.toLowerCase()}.`;
}

/** @param {string[]} names */
export function listNames(names) {
  return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/**
 * @param {HTMLElement} container
 * @param {Recommendation} rec
 * @param {Context} ctx
 * @param {Set<string>} open the frameworks whose reasons are expanded (kept across updates)
 */
export function renderResult(container, rec, ctx, open) {
  const ps = places(rec, ctx.catalog);
  const first = ps.filter((p) => p.rank === 1);
  const conf = confidenceWords(rec.confidence, first.length > 1);
  replace(
    container,
    topPick(first, conf),
    h("h3", { id: "ranking-heading" }, "Ranking"),
    h(
      "p",
      { class: "legend" },
      h("strong", {}, "Fit"), " is how well a framework suits your answers (0 to 100). ",
      h("strong", {}, "Points"), " add up the reasons below each name: plus for an answer that favours it, minus for one that works against it.",
    ),
    h("ol", { class: "ranking", "aria-labelledby": "ranking-heading" }, ps.map((p) => rankedItem(p, ctx, open))),
    takeaways(rec, ctx),
    pivots(rec, ctx),
  );
}

/**
 * @param {Place[]} first
 * @param {{ word: string, level: string, explain: string }} conf
 */
function topPick(first, conf) {
  const f = first[0].framework;
  const heading = first.length > 1
    ? h("p", { class: "pick-name" }, "Tied: ", listNames(first.map((p) => p.framework.name)))
    : h("p", { class: "pick-name" }, f.name, " ", h("span", { class: "tag" }, `${languageName(f.language)} · ${f.category}`));
  return h(
    "div",
    { class: "pick" },
    h("p", { class: "pick-label" }, first.length > 1 ? "No single best fit" : "Best fit"),
    heading,
    first.length > 1 ? null : h("p", { class: "pick-summary" }, f.summary),
    h(
      "p",
      { class: `confidence confidence-${conf.level}` },
      h("span", { class: "confidence-word" }, "Confidence: ", h("strong", {}, conf.word)),
      " ",
      h("span", { class: "confidence-explain" }, conf.explain),
    ),
  );
}

/**
 * @param {Place} p
 * @param {Context} ctx
 * @param {Set<string>} open
 */
function rankedItem(p, ctx, open) {
  const { entry, framework: f } = p;
  const id = f.frameworkId;
  const reasons = entry.reasons.filter((r) => r.contribution !== 0 || hasAnswer(ctx, r.criterionId));
  const pos = reasons.filter((r) => r.contribution > 0).length;
  const neg = reasons.filter((r) => r.contribution < 0).length;
  const details = h(
    "details",
    { class: "reasons", "data-framework": id, open: open.has(id) },
    h("summary", {}, `Why ${f.name}: `, reasonCount(pos, neg, reasons.length)),
    h("ul", {}, reasons.map((r) => reasonItem(r, ctx))),
  );
  details.addEventListener("toggle", () => (details.open ? open.add(id) : open.delete(id)));
  return h(
    "li",
    { class: p.rank === 1 ? "ranked first" : "ranked", value: p.rank, "data-framework": id },
    h(
      "div",
      { class: "ranked-row" },
      h("span", { class: "rank" }, p.tied ? `tied ${ordinal(p.rank)}` : ordinal(p.rank)),
      h("span", { class: "fw" }, h("span", { class: "fw-name" }, f.name), " ", h("span", { class: "tag" }, languageName(f.language))),
      h("span", { class: "fit-bar", "aria-hidden": "true", style: { "--fit": `${Math.max(0, Math.min(100, entry.fit))}%` } }),
      h("span", { class: "fit" }, `fit ${entry.fit}`),
      h("span", { class: "points" }, `${signed(entry.score)} ${Math.abs(entry.score) === 1 ? "pt" : "pts"}`),
    ),
    details,
  );
}

/**
 * @param {number} pos
 * @param {number} neg
 * @param {number} total
 */
function reasonCount(pos, neg, total) {
  if (!total) return "no answer affects it";
  const parts = [];
  if (pos) parts.push(`${pos} for`);
  if (neg) parts.push(`${neg} against`);
  if (total - pos - neg) parts.push(`${total - pos - neg} neutral`);
  return parts.join(", ");
}

/**
 * @param {Context} ctx
 * @param {string} criterionId
 */
const hasAnswer = (ctx, criterionId) => ctx.state.answers.has(criterionId);

/**
 * @param {import("./api.js").Reason} r
 * @param {Context} ctx
 */
function reasonItem(r, ctx) {
  const criterion = ctx.catalog.criteria.find((c) => c.criterionId === r.criterionId);
  const option = criterion?.options.find((o) => o.optionId === r.optionId);
  const weight = ctx.state.answers.get(r.criterionId)?.weight ?? 1;
  const importance = IMPORTANCE.find((i) => i.weight === weight);
  const cls = r.contribution > 0 ? "pts plus" : r.contribution < 0 ? "pts minus" : "pts zero";
  return h(
    "li",
    {},
    h("span", { class: cls }, signed(r.contribution)),
    h(
      "span",
      { class: "reason-text" },
      ctx.annotate(r.explanation),
      h(
        "span",
        { class: "because" },
        `Your answer: “${option?.label ?? r.optionId}”`,
        weight !== 1 ? ` (importance: ${importance?.label.toLowerCase() ?? weight})` : "",
      ),
    ),
  );
}

/** @type {Record<string, string>} */
const SEVERITY = { WARNING: "Warning", CAUTION: "Caution", INFO: "Tip" };

/**
 * @param {Recommendation} rec
 * @param {Context} ctx
 */
function takeaways(rec, ctx) {
  if (!rec.takeaways.length) return null;
  return [
    h("h3", { id: "takeaways-heading" }, "Quick takeaways"),
    h(
      "ul",
      { class: "takeaways", "aria-labelledby": "takeaways-heading" },
      rec.takeaways.map((t) =>
        h(
          "li",
          { class: `takeaway severity-${t.severity.toLowerCase()}` },
          h("span", { class: "severity" }, SEVERITY[t.severity] ?? t.severity),
          h(
            "span",
            {},
            ctx.annotate(t.text),
            t.frameworkIds.length
              ? h("span", { class: "about" }, ` About ${listNames(t.frameworkIds.map((id) => frameworkOf(ctx.catalog, id).name))}.`)
              : null,
          ),
        ),
      ),
    ),
  ];
}

/**
 * @param {Recommendation} rec
 * @param {Context} ctx
 */
function pivots(rec, ctx) {
  if (!rec.pivots.length) return null;
  return [
    h("h3", { id: "pivots-heading" }, "What would change the pick"),
    h(
      "ul",
      { class: "pivots", "aria-labelledby": "pivots-heading" },
      rec.pivots.map((p, i) => {
        const criterion = ctx.catalog.criteria.find((c) => c.criterionId === p.criterionId);
        const option = criterion?.options.find((o) => o.optionId === p.optionId);
        const names = p.newLeaders.map((f) => frameworkOf(ctx.catalog, f.frameworkId).name);
        const question = criterion?.question ?? p.criterionId;
        const answer = option?.label ?? p.optionId;
        const sentenceId = `pivot-${i}`;
        return h(
          "li",
          {},
          h(
            "span",
            { id: sentenceId },
            p.fromOptionId === null ? "If you answered " : "If your answer to ",
            h("q", {}, question),
            p.fromOptionId === null ? " with " : " were ",
            h("q", {}, answer),
            ", ",
            h("strong", {}, listNames(names)),
            names.length > 1 ? " would tie for first." : " would come first.",
          ),
          " ",
          h(
            "button",
            {
              type: "button",
              class: "link-button",
              "aria-describedby": sentenceId,
              "data-pivot": `${p.criterionId}=${p.optionId}`,
              onclick: () => ctx.onPivot(p.criterionId, p.optionId),
            },
            "Try this answer",
          ),
        );
      }),
    ),
  ];
}
