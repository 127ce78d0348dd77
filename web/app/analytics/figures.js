// @ts-check
/**
 * Each figure of the dashboard: its table (the numbers, from `decisionStats` as they
 * came), the chart drawn from that table, the table itself and its CSV. Nothing here
 * computes a number the API did not give, except a suppressed bucket's hidden remainder
 * (its total minus its shown cells), which both are published.
 * @module
 */

import { h, replace } from "../dom.js";
import { bars, heatmap, stackedColumns } from "./charts.js";
import { csvButton, htmlTable } from "./table.js";

/** @typedef {import("./api.js").Stats} Stats */
/** @typedef {import("./api.js").Catalog} Catalog */
/** @typedef {import("./table.js").Table} Table */

/**
 * @param {Element} box
 * @param {Table} table
 * @param {SVGElement} chart
 * @param {Node | null} [legend]
 */
function figure(box, table, chart, legend = null) {
  replace(
    box,
    h(
      "figure",
      { class: "chart-figure" },
      h("figcaption", {}, table.caption),
      // Scrolls sideways on a narrow screen rather than shrinking the text: focusable, so
      // the keyboard can scroll it too.
      h("div", { class: "chart-box", tabindex: "0", role: "region", "aria-label": `Chart: ${table.caption}` }, chart),
      legend,
      h("details", { class: "numbers-box" }, h("summary", {}, "Table of these numbers"), h("div", { class: "table-scroll" }, htmlTable(table))),
      h("p", { class: "figure-actions" }, csvButton(table)),
    ),
  );
}

/** @param {string[]} names */
function legend(names) {
  return h(
    "ul",
    { class: "chart-legend", "aria-label": "Legend" },
    names.map((n, i) => h("li", {}, h("span", { class: `swatch fw-${i % 10}`, "aria-hidden": "true" }), n)),
    h("li", {}, h("span", { class: "swatch hatched", "aria-hidden": "true" }), "suppressed"),
  );
}

/**
 * @param {Element} box
 * @param {Stats} stats
 * @param {Catalog} catalog
 * @param {string} bucket
 */
export function series(box, stats, catalog, bucket) {
  const names = catalog.frameworks.map((f) => f.name);
  const ids = catalog.frameworks.map((f) => f.frameworkId);
  const count = (/** @type {import("./api.js").Point} */ p, /** @type {string} */ id) => p.byFramework.find((c) => c.frameworkId === id)?.count ?? null;
  /** @type {Table} */
  const table = {
    name: "decisions-over-time",
    caption: `Decisions per ${bucket.toLowerCase()}, by recommended framework`,
    columns: ["Start", "End (exclusive)", "Decisions", ...names],
    rows: stats.timeSeries.map((p) => [p.start, p.end, p.count, ...ids.map((id) => count(p, id))]),
  };
  const buckets = stats.timeSeries.map((p) => ({ label: p.start, total: p.count, parts: ids.map((id) => count(p, id)) }));
  figure(box, table, stackedColumns(buckets, names), legend(names));
}

/**
 * @param {Element} box
 * @param {Stats} stats
 * @param {Catalog} catalog
 * @param {string} criterionId
 */
export function answers(box, stats, catalog, criterionId) {
  const criterion = catalog.criteria.find((c) => c.criterionId === criterionId);
  if (!criterion) return;
  const ids = catalog.frameworks.map((f) => f.frameworkId);
  const cell = (/** @type {string} */ o, /** @type {string} */ f) =>
    stats.answersByFramework.find((c) => c.optionId === o && c.frameworkId === f)?.count ?? null;
  const total = (/** @type {string} */ o) => stats.answers.find((a) => a.optionId === o)?.count ?? null;
  /** @type {Table} */
  const table = {
    name: `answers-${criterionId}`,
    caption: `“${criterion.question}”: decisions per answer, and by the framework recommended`,
    columns: ["Answer", "Decisions", ...catalog.frameworks.map((f) => `Top: ${f.name}`)],
    rows: criterion.options.map((o) => [o.label, total(o.optionId), ...ids.map((f) => cell(o.optionId, f))]),
  };
  const chart = bars(criterion.options.map((o) => ({ label: o.label, value: total(o.optionId) })), "decisions per answer");
  figure(box, table, chart);
}

/**
 * @param {Element} box
 * @param {Element} headline
 * @param {Stats} stats
 * @param {Catalog} catalog
 */
export function outcomes(box, headline, stats, catalog) {
  const ids = catalog.frameworks.map((f) => f.frameworkId);
  const names = catalog.frameworks.map((f) => f.name);
  const cell = (/** @type {string} */ r, /** @type {string} */ c) =>
    stats.outcomes.find((o) => o.recommendedFrameworkId === r && o.chosenFrameworkId === c)?.count ?? null;
  const rate = (/** @type {string} */ f) => stats.agreementByFramework.find((a) => a.frameworkId === f) ?? { rate: null, outcomes: null };
  /** @type {Table} */
  const table = {
    name: "recommended-vs-chosen",
    caption: "Reported outcomes: recommended framework (rows) vs the framework the team chose (columns)",
    columns: ["Recommended", ...names.map((n) => `Chose ${n}`), "Agreement rate", "Reported outcomes"],
    rows: ids.map((r, i) => [names[i], ...ids.map((c) => cell(r, c)), rate(r).rate, rate(r).outcomes]),
  };
  const a = stats.agreementRate;
  replace(
    headline,
    a.rate === null
      ? `Agreement rate: suppressed (fewer than ${stats.minGroupSize} reported outcomes, or a part of them below ${stats.minGroupSize}).`
      : h("span", {}, "Agreement rate: ", h("strong", {}, `${(a.rate * 100).toFixed(1)} %`), ` of ${a.outcomes} reported outcomes chose the recommended framework.`),
  );
  figure(box, table, heatmap(names, names, (r, c) => cell(ids[r], ids[c]), "reported outcomes, recommended vs chosen"));
}

/**
 * @param {Element} versionsBox
 * @param {Element} clientsBox
 * @param {Stats} stats
 */
export function versionsAndClients(versionsBox, clientsBox, stats) {
  /** @type {Table} */
  const versions = {
    name: "catalog-versions",
    caption: "Decisions per catalog version, in the order they were first counted",
    columns: ["Catalog version", "Decisions"],
    rows: stats.byCatalogVersion.map((v) => [v.catalogVersion, v.count]),
  };
  figure(versionsBox, versions, bars(versions.rows.map(([label, value]) => ({ label: String(label), value: /** @type {number | null} */ (value) })), "decisions per catalog version", 480));
  /** @type {Table} */
  const clients = {
    name: "clients",
    caption: "Decisions per client",
    columns: ["Client", "Decisions"],
    rows: stats.byClient.map((c) => [c.clientName ?? "(no client name)", c.count]),
  };
  figure(clientsBox, clients, bars(clients.rows.map(([label, value]) => ({ label: String(label), value: /** @type {number | null} */ (value) })), "decisions per client", 480));
}
