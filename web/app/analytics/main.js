// @ts-check
/**
 * The dashboard at `/analytics`: asks for the analytics token once (kept for this tab in
 * sessionStorage), then loads `decisionStats` for the filters and draws every figure.
 * A wrong or missing token brings the token form back with the service's message; a newer
 * load aborts the one in flight, so a slow old answer never replaces a newer one.
 * @module
 */

import { byId, h, replace } from "../dom.js";
import { ApiError, catalog, setToken, stats, token } from "./api.js";
import * as figures from "./figures.js";

/** @typedef {import("./api.js").Filters} Filters */

const login = /** @type {HTMLFormElement} */ (byId("login"));
const dashboard = byId("dashboard");
const filters = /** @type {HTMLFormElement} */ (byId("filters"));
const status = byId("status");
const field = (/** @type {string} */ id) => /** @type {HTMLInputElement | HTMLSelectElement} */ (byId(id));

/** @type {import("./api.js").Catalog | null} */
let cat = null;
/** @type {AbortController | null} */
let inFlight = null;
/** Clients and versions seen without a filter, for the filter lists. */
const known = { clients: new Set(/** @type {string[]} */ ([])), versions: new Set(/** @type {string[]} */ ([])) };

/** @param {string} message */
function askForToken(message) {
  setToken(null);
  dashboard.hidden = true;
  login.hidden = false;
  replace(byId("login-error"), message);
  field("token").focus();
}

/** The day after `d` (`YYYY-MM-DD`): the "to" field is inclusive, the API's `to` is not. */
function nextDay(/** @type {string} */ d) {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}

/** @returns {Filters} */
function current() {
  const v = (/** @type {string} */ id) => field(id).value || null;
  const to = v("to");
  return {
    from: v("from"),
    to: to ? nextDay(to) : null,
    clientName: v("client"),
    catalogVersion: v("version"),
    bucket: /** @type {Filters["bucket"]} */ (field("bucket").value),
    criterionId: field("criterion").value,
  };
}

/**
 * @param {HTMLSelectElement} select
 * @param {Set<string>} values
 * @param {(v: string) => string} label
 */
function fill(select, values, label) {
  const chosen = select.value;
  const first = /** @type {HTMLOptionElement} */ (select.options[0]);
  replace(select, first, [...values].sort().map((v) => h("option", { value: v }, label(v))));
  select.value = chosen;
}

async function load() {
  if (!cat) return;
  inFlight?.abort();
  const mine = new AbortController();
  inFlight = mine;
  const f = current();
  dashboard.setAttribute("aria-busy", "true");
  replace(status, "Loading…");
  try {
    const s = await stats(f, mine.signal);
    if (mine !== inFlight) return;
    for (const k of document.querySelectorAll(".k")) k.textContent = String(s.minGroupSize);
    if (!f.clientName && !f.catalogVersion) {
      for (const c of s.byClient) if (c.clientName) known.clients.add(c.clientName);
      for (const v of s.byCatalogVersion) known.versions.add(v.catalogVersion);
      fill(/** @type {HTMLSelectElement} */ (field("client")), known.clients, (c) => c);
      fill(/** @type {HTMLSelectElement} */ (field("version")), known.versions, (v) => v);
    }
    summary(s);
    figures.series(byId("over-time").querySelector(".figure") ?? dashboard, s, cat, f.bucket);
    figures.answers(byId("answers").querySelector(".figure") ?? dashboard, s, cat, f.criterionId);
    figures.outcomes(byId("outcomes").querySelector(".figure") ?? dashboard, byId("agreement"), s, cat);
    figures.versionsAndClients(byId("versions").querySelector(".figure") ?? dashboard, byId("clients").querySelector(".figure") ?? dashboard, s);
    const range = s.from && s.to ? ` from ${s.from} to ${s.to} (exclusive)` : "";
    replace(status, s.suppressed ? `Fewer than ${s.minGroupSize} decisions match these filters: every figure is suppressed.` : `Showing ${s.total} decisions${range}.`);
  } catch (e) {
    if (mine !== inFlight || (e instanceof DOMException && e.name === "AbortError")) return;
    if (e instanceof ApiError && e.code === "UNAUTHENTICATED") return askForToken(`The service refused the token: ${e.message}.`);
    replace(status, h("span", { class: "error" }, `Could not load the figures: ${e instanceof Error ? e.message : String(e)}`));
  } finally {
    if (mine === inFlight) dashboard.removeAttribute("aria-busy");
  }
}

/** @param {import("./api.js").Stats} s */
function summary(s) {
  const card = (/** @type {string} */ label, /** @type {string} */ value) => h("div", { class: "card" }, h("p", { class: "card-label" }, label), h("p", { class: "card-value" }, value));
  const rate = s.agreementRate.rate;
  replace(
    byId("summary"),
    card("Decisions", s.total === null ? "suppressed" : String(s.total)),
    card("Weeks covered", s.from && s.to ? `${s.from} – ${s.to}` : "none"),
    card("Agreement rate", rate === null ? "suppressed" : `${(rate * 100).toFixed(1)} %`),
    card("Minimum group size (k)", String(s.minGroupSize)),
  );
}

async function start() {
  login.hidden = true;
  dashboard.hidden = false;
  try {
    cat = cat ?? (await catalog());
  } catch (e) {
    replace(status, h("span", { class: "error" }, `Could not load the catalog: ${e instanceof Error ? e.message : String(e)}`));
    return;
  }
  const criterion = /** @type {HTMLSelectElement} */ (field("criterion"));
  if (criterion.options.length === 0) {
    replace(criterion, cat.criteria.map((c) => h("option", { value: c.criterionId }, c.question)));
  }
  await load();
}

login.addEventListener("submit", (e) => {
  e.preventDefault();
  const value = field("token").value.trim();
  if (!value) return;
  setToken(value);
  field("token").value = "";
  void start();
});
filters.addEventListener("submit", (e) => {
  e.preventDefault();
  void load();
});
for (const id of ["client", "version", "bucket", "criterion"]) field(id).addEventListener("change", () => void load());
byId("sign-out").addEventListener("click", () => askForToken("Token forgotten. Enter it again to see the dashboard."));

if (token()) void start();
else {
  login.hidden = false;
  field("token").focus();
}
