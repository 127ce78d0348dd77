// @ts-check
/**
 * The charts, as inline SVG built with DOM calls (no library, no HTML strings, no style
 * attributes: colours come from classes in analytics.css, so the CSP stays strict and dark
 * mode works). Each chart is drawn from the numbers its table shows; a suppressed value is
 * drawn hatched and labelled "suppressed", never as an empty or zero bar. The SVG is an
 * image with a short label: the numbers themselves are in the table beside it.
 * @module
 */

const NS = "http://www.w3.org/2000/svg";
let uid = 0;

/**
 * @param {string} tag
 * @param {Record<string, string | number>} [attrs]
 * @param {(Node | string | null)[]} children
 * @returns {SVGElement}
 */
function s(tag, attrs = {}, ...children) {
  const el = /** @type {SVGElement} */ (document.createElementNS(NS, tag));
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) if (c !== null) el.append(c);
  return el;
}

/**
 * An `<svg>` with the hatch pattern suppressed values are filled with.
 * @param {number} width
 * @param {number} height
 * @param {string} label
 * @returns {{ svg: SVGElement, hatch: string }}
 */
function canvas(width, height, label) {
  const id = `hatch-${++uid}`;
  const svg = s(
    "svg",
    { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label, class: "chart", preserveAspectRatio: "xMinYMin meet" },
    s(
      "defs",
      {},
      s(
        "pattern",
        { id, patternUnits: "userSpaceOnUse", width: 6, height: 6, patternTransform: "rotate(45)" },
        s("rect", { width: 6, height: 6, class: "hatch-bg" }),
        s("line", { x1: 0, y1: 0, x2: 0, y2: 6, class: "hatch-line" }),
      ),
    ),
  );
  return { svg, hatch: `url(#${id})` };
}

/** @param {string} text */
const title = (text) => s("title", {}, text);

/**
 * Stacked columns: one per bucket, one segment per framework with a shown count, and one
 * hatched segment for what the bucket's total holds in suppressed cells. A bucket whose
 * total is suppressed is a short hatched stub.
 * @param {{ label: string, total: number | null, parts: (number | null)[] }[]} buckets
 * @param {string[]} series the names of `parts`, in order (colour i is class fw-i)
 * @returns {SVGElement}
 */
export function stackedColumns(buckets, series) {
  const W = 760, H = 280, left = 48, bottom = 40, top = 12;
  const plotH = H - bottom - top;
  const max = Math.max(1, ...buckets.map((b) => b.total ?? 0));
  const step = (W - left - 8) / Math.max(1, buckets.length);
  const bar = Math.max(2, Math.min(40, step * 0.75));
  const y = (/** @type {number} */ v) => top + plotH - (v / max) * plotH;
  const { svg, hatch } = canvas(W, H, `Stacked columns of decisions per bucket, by recommended framework (${buckets.length} buckets); the numbers are in the table below.`);
  for (const t of [0, Math.round(max / 2), max]) {
    svg.append(s("line", { x1: left, x2: W, y1: y(t), y2: y(t), class: "grid" }), s("text", { x: left - 6, y: y(t) + 4, class: "tick", "text-anchor": "end" }, String(t)));
  }
  const every = Math.max(1, Math.ceil(buckets.length / 8));
  buckets.forEach((b, i) => {
    const x = left + i * step + (step - bar) / 2;
    const g = s("g", {});
    if (b.total === null) {
      g.append(s("rect", { x, y: y(0) - 14, width: bar, height: 14, fill: hatch, class: "suppressed-mark" }, title(`${b.label}: suppressed`)));
    } else {
      let acc = 0;
      b.parts.forEach((n, f) => {
        if (n === null || n === 0) return;
        g.append(s("rect", { x, y: y(acc + n), width: bar, height: y(acc) - y(acc + n), class: `fw-${f % 10}` }, title(`${b.label}, ${series[f]}: ${n}`)));
        acc += n;
      });
      const hidden = b.total - acc;
      if (hidden > 0) {
        g.append(s("rect", { x, y: y(acc + hidden), width: bar, height: y(acc) - y(acc + hidden), fill: hatch, class: "suppressed-mark" }, title(`${b.label}: ${hidden} in suppressed cells`)));
      }
    }
    svg.append(g);
    if (i % every === 0) svg.append(s("text", { x: x + bar / 2, y: H - bottom + 16, class: "tick", "text-anchor": "middle" }, b.label));
  });
  svg.append(s("line", { x1: left, x2: W, y1: y(0), y2: y(0), class: "axis" }));
  return svg;
}

/**
 * Horizontal bars, one per row; a suppressed row is a hatched stub labelled "suppressed".
 * @param {{ label: string, value: number | null }[]} rows
 * @param {string} what e.g. "decisions per client"
 * @param {number} [width] of the drawing, in pixels at scale 1 (narrower for half columns)
 * @returns {SVGElement}
 */
export function bars(rows, what, width = 760) {
  const W = width, row = 30, left = Math.round(width * 0.32), right = 90;
  const H = Math.max(1, rows.length) * row + 8;
  const max = Math.max(1, ...rows.map((r) => r.value ?? 0));
  const { svg, hatch } = canvas(W, H, `Bar chart of ${what} (${rows.length} bars); the numbers are in the table below.`);
  rows.forEach((r, i) => {
    const y = 4 + i * row;
    const fit = Math.floor((left - 12) / 7.6);
    const label = r.label.length > fit ? `${r.label.slice(0, fit - 1)}…` : r.label;
    svg.append(s("text", { x: left - 8, y: y + row / 2 + 4, class: "label", "text-anchor": "end" }, label, title(r.label)));
    if (r.value === null) {
      svg.append(
        s("rect", { x: left, y: y + 5, width: 36, height: row - 10, fill: hatch, class: "suppressed-mark" }, title(`${r.label}: suppressed`)),
        s("text", { x: left + 44, y: y + row / 2 + 4, class: "value muted" }, "suppressed"),
      );
    } else {
      const w = Math.max(1, (r.value / max) * (W - left - right));
      svg.append(
        s("rect", { x: left, y: y + 5, width: w, height: row - 10, class: "fw-0" }, title(`${r.label}: ${r.value}`)),
        s("text", { x: left + w + 8, y: y + row / 2 + 4, class: "value" }, String(r.value)),
      );
    }
  });
  return svg;
}

/**
 * A heat map: rows x columns, darker for more; suppressed cells hatched.
 * @param {string[]} rowNames
 * @param {string[]} colNames
 * @param {(r: number, c: number) => number | null} value
 * @param {string} what
 * @returns {SVGElement}
 */
export function heatmap(rowNames, colNames, value, what) {
  const cell = 58, left = 96, top = 64;
  const W = left + colNames.length * cell + 4, H = top + rowNames.length * cell + 4;
  let max = 1;
  rowNames.forEach((_, r) => colNames.forEach((_, c) => (max = Math.max(max, value(r, c) ?? 0))));
  const { svg, hatch } = canvas(W, H, `Heat map of ${what}; the numbers are in the table below.`);
  colNames.forEach((name, c) => {
    const x = left + c * cell + cell / 2;
    svg.append(s("text", { x, y: top - 10, class: "label", "text-anchor": "start", transform: `rotate(-40 ${x} ${top - 10})` }, name));
  });
  rowNames.forEach((name, r) => {
    const y = top + r * cell;
    svg.append(s("text", { x: left - 8, y: y + cell / 2 + 4, class: "label", "text-anchor": "end" }, name));
    colNames.forEach((col, c) => {
      const v = value(r, c);
      const x = left + c * cell;
      const level = v === null ? 0 : Math.min(5, Math.ceil((v / max) * 5));
      svg.append(
        s("rect", { x: x + 1, y: y + 1, width: cell - 2, height: cell - 2, class: v === null ? "suppressed-mark" : `heat-${level}`, ...(v === null ? { fill: hatch } : {}) }, title(`${name} → ${col}: ${v ?? "suppressed"}`)),
      );
      if (v !== null) svg.append(s("text", { x: x + cell / 2, y: y + cell / 2 + 4, class: `cell-value${level >= 3 ? " on-dark" : ""}`, "text-anchor": "middle" }, String(v)));
    });
  });
  return svg;
}
