// @ts-check
/**
 * The questionnaire page: wires the catalog, the form, the live preview, the result, the
 * comparison, the FAQs, the decision panel and the shareable link. The page holds no data
 * of its own: everything comes from /graphql through ./api.js.
 *
 * The live preview waits until answers have stopped changing for a moment (debounce), and
 * aborts the request still in flight when a newer one starts, so fast clicking sends few
 * requests and a stale answer can never overwrite a newer one. While a request is slow the
 * old result stays on screen, dimmed, instead of blinking away.
 * @module
 */

import * as api from "./api.js";
import { renderComparison } from "./compare.js";
import { createDecisionPanel } from "./decision.js";
import { byId, debounce, h, replace } from "./dom.js";
import { renderFaqs } from "./faq.js";
import { createGlossary } from "./glossary.js";
import { read, renderQuestionnaire, write } from "./questionnaire.js";
import { places, renderResult, summary } from "./result.js";
import { countedAnswers, decode, emptyState, encode, toProfile } from "./state.js";

/** @typedef {import("./api.js").Catalog} Catalog */
/** @typedef {import("./api.js").Recommendation} Recommendation */
/** @typedef {import("./state.js").State} State */

const PREVIEW_DELAY_MS = 250;
const SEARCH_DELAY_MS = 300;
/** A slow preview dims the old result after this long; a fast one never does. */
const DIM_AFTER_MS = 300;
/** The comparison shows the frameworks placed up to this rank (more when tied), at most 5. */
const COMPARE_RANKS = 3;

const embed = document.documentElement.classList.contains("embed");
const form = /** @type {HTMLFormElement} */ (byId("questionnaire"));
const questions = byId("questions");
const notice = byId("notice");
const result = byId("result");
const resultBody = byId("result-body");
const summaryEl = byId("summary");
const jump = byId("jump");

// In-page links (skip link, the phone's jump bar) move focus and scroll without touching
// the fragment, which holds the answers.
document.addEventListener("click", (e) => {
  const link = e.target instanceof Element ? e.target.closest('a[href^="#"]') : null;
  const target = link ? document.getElementById(link.getAttribute("href")?.slice(1) ?? "") : null;
  if (!target) return;
  e.preventDefault();
  target.focus({ preventScroll: true });
  target.scrollIntoView({ block: "start" });
});

start();

async function start() {
  /** @type {Catalog} */
  let catalog;
  try {
    catalog = await api.loadCatalog();
  } catch (e) {
    replace(
      questions,
      h("p", { class: "error", role: "alert" }, `The questions could not be loaded: ${message(e)}`),
      h("button", { type: "button", onclick: () => location.reload() }, "Try again"),
    );
    return;
  }
  const glossary = createGlossary(
    catalog.glossary,
    catalog.frameworks.map((f) => f.name),
    byId("definitions"),
    byId("term-tip"),
  );
  const annotate = glossary.annotate;
  renderQuestionnaire(questions, catalog, annotate);
  performance.mark("fm:questionnaire");

  /** @type {State} */
  let state = emptyState();
  /** @type {Recommendation | null} */
  let shown = null;
  /** @type {Set<string>} */
  const openReasons = new Set();
  /** @type {AbortController | null} */
  let inFlight = null;
  let sequence = 0;

  const decision = createDecisionPanel({
    catalog,
    clientName: embed ? "framework-matrix-embed" : "framework-matrix-page",
    profile: () => toProfile(state, catalog),
    onSubmitted: (rec) => show(rec),
  });

  // --- the live preview -------------------------------------------------------------
  async function runPreview() {
    inFlight?.abort();
    inFlight = null;
    const mine = ++sequence;
    if (countedAnswers(state) === 0) {
      showEmpty();
      return;
    }
    const controller = new AbortController();
    inFlight = controller;
    const dim = setTimeout(() => resultBody.classList.add("updating"), DIM_AFTER_MS);
    result.setAttribute("aria-busy", "true");
    try {
      const rec = await api.preview(toProfile(state, catalog), controller.signal);
      if (mine === sequence) {
        show(rec);
        decision.update(rec);
      }
    } catch (e) {
      if (e instanceof DOMException && e.name === "AbortError") return;
      if (mine === sequence) showError(e);
    } finally {
      clearTimeout(dim);
      if (mine === sequence) {
        resultBody.classList.remove("updating");
        result.removeAttribute("aria-busy");
        inFlight = null;
      }
    }
  }
  const schedulePreview = debounce(runPreview, PREVIEW_DELAY_MS);

  /** @param {Recommendation} rec */
  function show(rec) {
    shown = rec;
    const keep = focusKey();
    renderResult(resultBody, rec, { catalog, state, annotate, onPivot: applyPivot }, openReasons);
    restoreFocus(keep);
    say(summary(rec, catalog));
    updateJump(rec);
    updateExtras(rec);
    if (!performance.getEntriesByName("fm:result").length) performance.mark("fm:result");
    resultBody.dataset.state = "result";
  }

  function showEmpty() {
    shown = null;
    replace(
      resultBody,
      h(
        "div",
        { class: "empty" },
        h("p", {}, "Answer any question to see which framework fits your project best, and why."),
        h("p", {}, "Every question is optional: skip what you do not know, and mark what matters most as “High” or “Essential”."),
      ),
    );
    say("No answers yet.");
    updateJump(null);
    decision.update(null);
    updateExtras(null);
    resultBody.dataset.state = "empty";
  }

  /** @param {unknown} e */
  function showError(e) {
    replace(
      resultBody,
      h(
        "div",
        { class: "error", role: "alert" },
        h("p", {}, `The recommendation could not be updated: ${message(e)}`),
        h("button", { type: "button", onclick: () => runPreview() }, "Try again"),
      ),
    );
    resultBody.dataset.state = "error";
    decision.update(null);
  }

  /** @param {string} text */
  function say(text) {
    if (summaryEl.textContent !== text) summaryEl.textContent = text;
  }

  /**
   * @param {string} criterionId
   * @param {string} optionId
   */
  function applyPivot(criterionId, optionId) {
    const weight = state.answers.get(criterionId)?.weight || 1;
    const next = { answers: new Map(state.answers), languages: new Set(state.languages) };
    next.answers.set(criterionId, { optionId, weight });
    write(form, next);
    changed();
    // Show where the answer changed; the result follows.
    const radio = /** @type {HTMLInputElement | null} */ (
      form.querySelector(`fieldset[data-criterion="${CSS.escape(criterionId)}"] input[value="${CSS.escape(optionId)}"]`)
    );
    radio?.focus();
  }

  // --- focus survives re-rendering ---------------------------------------------------
  function focusKey() {
    const el = document.activeElement;
    if (!(el instanceof HTMLElement) || !resultBody.contains(el)) return null;
    const details = el.closest("details[data-framework]");
    if (details && el.tagName === "SUMMARY") return `details[data-framework="${CSS.escape(/** @type {HTMLElement} */ (details).dataset.framework ?? "")}"] > summary`;
    return null;
  }
  /** @param {string | null} selector */
  function restoreFocus(selector) {
    if (!selector) return;
    const el = /** @type {HTMLElement | null} */ (resultBody.querySelector(selector));
    (el ?? result).focus();
  }

  // --- the comparison and the FAQs follow the result -----------------------------------
  const compareSection = byId("compare");
  const compareBody = byId("compare-body");
  const faqList = byId("faq-list");
  const faqStatus = byId("faq-status");
  const faqSearch = /** @type {HTMLInputElement} */ (byId("faq-search"));
  const faqOnlyShown = /** @type {HTMLInputElement} */ (byId("faq-only-shown"));
  /** @type {api.Faq[]} */
  let faqs = [];
  let compared = "";
  /** @type {AbortController | null} */
  let compareRequest = null;
  /** @type {AbortController | null} */
  let faqRequest = null;

  /** @param {Recommendation | null} rec */
  function candidates(rec) {
    if (!rec) return null;
    return places(rec, catalog)
      .filter((p) => p.rank <= COMPARE_RANKS)
      .slice(0, 5)
      .map((p) => ({ frameworkId: p.framework.frameworkId, name: p.framework.name }));
  }

  /** @param {Recommendation | null} rec */
  async function updateExtras(rec) {
    drawFaqs();
    const top = candidates(rec);
    if (!top) {
      compareSection.hidden = true;
      compared = "";
      return;
    }
    const key = top.map((f) => f.frameworkId).join(",");
    if (key === compared) return;
    compared = key;
    compareRequest?.abort();
    const controller = new AbortController();
    compareRequest = controller;
    try {
      const table = await api.comparison(top.map((f) => f.frameworkId), controller.signal);
      renderComparison(compareBody, table, annotate);
      compareSection.hidden = false;
    } catch (e) {
      if (e instanceof DOMException && e.name === "AbortError") return;
      compared = "";
      replace(compareBody, h("p", { class: "error" }, `The comparison could not be loaded: ${message(e)}`));
      compareSection.hidden = false;
    }
  }

  function drawFaqs() {
    const top = faqOnlyShown.checked ? candidates(shown) : null;
    renderFaqs(faqList, faqStatus, faqs, top, faqSearch.value, annotate);
  }

  async function searchFaqs() {
    faqRequest?.abort();
    const controller = new AbortController();
    faqRequest = controller;
    try {
      faqs = await api.faqs(faqSearch.value, controller.signal);
      drawFaqs();
    } catch (e) {
      if (e instanceof DOMException && e.name === "AbortError") return;
      replace(faqList, h("p", { class: "error" }, `The questions could not be loaded: ${message(e)}`));
    }
  }
  const scheduleFaqSearch = debounce(searchFaqs, SEARCH_DELAY_MS);
  faqSearch.addEventListener("input", scheduleFaqSearch);
  faqOnlyShown.addEventListener("change", drawFaqs);
  byId("faq-form").addEventListener("submit", (e) => {
    e.preventDefault();
    scheduleFaqSearch.flush();
  });
  searchFaqs();

  // --- the phone's "jump to the result" bar ------------------------------------------
  /** @param {Recommendation | null} rec */
  function updateJump(rec) {
    const text = rec ? summary(rec, catalog).replace(/ Confidence:.*$/, "") : "";
    byId("jump-text").textContent = text;
    jump.hidden = !rec;
  }
  new IntersectionObserver(([entry]) => jump.classList.toggle("offscreen", !entry.isIntersecting)).observe(result);

  // --- the shareable link ------------------------------------------------------------
  const shareInput = /** @type {HTMLInputElement} */ (byId("share-link"));
  const shareStatus = byId("share-status");
  function updateLink() {
    const fragment = encode(state, catalog);
    const pageUrl = new URL(location.href);
    pageUrl.hash = fragment;
    history.replaceState(null, "", pageUrl);
    // The link always opens the full page, also from an embedded one.
    const link = new URL("/", location.href);
    link.hash = fragment;
    shareInput.value = link.href;
    byId("share").hidden = state.answers.size === 0 && state.languages.size === 0;
    shareStatus.textContent = "";
  }
  byId("copy-link").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(shareInput.value);
      shareStatus.textContent = "Link copied.";
    } catch {
      shareInput.select();
      shareStatus.textContent = "Press Ctrl+C (or ⌘C) to copy the selected link.";
    }
  });

  // --- answers change ----------------------------------------------------------------
  function changed() {
    state = read(form);
    updateLink();
    schedulePreview();
  }
  form.addEventListener("change", changed);
  form.addEventListener("submit", (e) => e.preventDefault());
  byId("start-over").addEventListener("click", () => {
    write(form, emptyState());
    replace(notice);
    changed();
    schedulePreview.flush();
  });

  /** Puts the state of the URL's fragment into the form (first load, or a pasted link). */
  function fromUrl() {
    const { state: linked, dropped } = decode(location.hash, catalog);
    write(form, linked);
    replace(
      notice,
      dropped.length
        ? h("p", { class: "notice", role: "status" }, `Some answers in this link no longer match the questions and were left out: ${dropped.join(", ")}.`)
        : null,
    );
    state = read(form);
    updateLink();
    schedulePreview.cancel();
    runPreview();
  }
  window.addEventListener("hashchange", () => {
    // An in-page anchor (#result) is not a state; the links below never set one anyway.
    if (!document.getElementById(location.hash.slice(1))) fromUrl();
  });
  fromUrl();
}

/** @param {unknown} e */
function message(e) {
  return e instanceof Error ? e.message : String(e);
}
