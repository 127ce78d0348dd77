// @ts-check
/**
 * The comparison table for the top candidates: one column per framework, one row per
 * trait of the catalog's comparison matrix. On a narrow screen the table scrolls
 * sideways inside a focusable region, so keyboard users can scroll it too.
 * @module
 */

import { h, replace } from "./dom.js";

/** @typedef {import("./api.js").Comparison} Comparison */

/**
 * @param {HTMLElement} container
 * @param {Comparison} comparison
 * @param {(text: string) => (string | HTMLElement)[]} annotate
 */
export function renderComparison(container, comparison, annotate) {
  const names = comparison.frameworks.map((f) => f.name);
  replace(
    container,
    h(
      "div",
      { class: "table-scroll", tabindex: "0", role: "region", "aria-labelledby": "compare-caption" },
      h(
        "table",
        { class: "compare" },
        h("caption", { id: "compare-caption" }, `Feature by feature: ${names.join(", ")}`),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Feature"), comparison.frameworks.map((f) => h("th", { scope: "col" }, f.name)))),
        h(
          "tbody",
          {},
          comparison.rows.map((row) =>
            h(
              "tr",
              {},
              h("th", { scope: "row" }, annotate(row.label)),
              comparison.frameworks.map((f) => {
                const cell = row.values.find((v) => v.frameworkId === f.frameworkId);
                return h("td", {}, annotate(cell?.value ?? "–"));
              }),
            ),
          ),
        ),
      ),
    ),
  );
}
