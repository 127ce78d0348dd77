// @ts-check
/**
 * A figure's numbers, once: the same `Table` model renders the accessible HTML table and
 * the CSV download, so the CSV is exactly what the table (and the chart drawn from it)
 * shows. A suppressed count is the word "suppressed" in both, never 0 or an empty cell.
 * @module
 */

import { h } from "../dom.js";

export const SUPPRESSED = "suppressed";

/**
 * `rows[i][0]` is the row's header; the other cells are counts (null: suppressed), rates
 * or text.
 * @typedef {{ name: string, caption: string, columns: string[],
 *   rows: (string | number | null)[][] }} Table
 */

/**
 * @param {string | number | null} v
 * @returns {string}
 */
export function cellText(v) {
  if (v === null) return SUPPRESSED;
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toFixed(3);
  return v;
}

/**
 * @param {Table} t
 * @returns {HTMLTableElement}
 */
export function htmlTable(t) {
  return h(
    "table",
    { class: "numbers", "data-table": t.name },
    h("caption", {}, t.caption),
    h("thead", {}, h("tr", {}, t.columns.map((c) => h("th", { scope: "col" }, c)))),
    h(
      "tbody",
      {},
      t.rows.map((row) =>
        h(
          "tr",
          {},
          row.map((v, i) =>
            i === 0
              ? h("th", { scope: "row" }, cellText(v))
              : h("td", { class: v === null ? "suppressed" : typeof v === "number" ? "num" : null }, cellText(v)),
          ),
        ),
      ),
    ),
  );
}

/**
 * RFC 4180: every field quoted when it holds a comma, a quote or a line break.
 * @param {Table} t
 * @returns {string}
 */
export function csv(t) {
  const field = (/** @type {string} */ s) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const lines = [t.columns, ...t.rows.map((r) => r.map(cellText))].map((r) => r.map(field).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/**
 * A button that downloads the table as `<name>.csv` (built in the browser: no request).
 * @param {Table} t
 * @returns {HTMLButtonElement}
 */
export function csvButton(t) {
  return h(
    "button",
    {
      type: "button",
      class: "secondary csv",
      "data-csv": t.name,
      onclick: () => {
        const url = URL.createObjectURL(new Blob([csv(t)], { type: "text/csv;charset=utf-8" }));
        const a = h("a", { href: url, download: `${t.name}.csv`, hidden: true });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
      },
    },
    "Download CSV",
    h("span", { class: "visually-hidden" }, ` of ${t.caption}`),
  );
}
