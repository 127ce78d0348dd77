// @ts-check
/**
 * "Use this recommendation": submits the profile through `submitProfile` (the decision
 * is logged anonymously), then offers "we chose …" through `recordOutcome`. Says plainly
 * what is and is not stored, and what happened: recorded, not recorded
 * (`DECISION_NOT_RECORDED`: the result stays on screen), or failed. The decision (its id
 * and its outcome token) lives in this closure only.
 * @module
 */

import * as api from "./api.js";
import { byId, h, replace } from "./dom.js";
import { frameworkOf } from "./result.js";

/** @typedef {import("./api.js").Catalog} Catalog */
/** @typedef {import("./api.js").Profile} Profile */
/** @typedef {import("./api.js").Recommendation} Recommendation */
/** @typedef {import("./api.js").Decision} Decision */

/**
 * @param {{ catalog: Catalog, clientName: string, profile: () => Profile,
 *   onSubmitted: (rec: Recommendation) => void }} options
 */
export function createDecisionPanel({ catalog, clientName, profile, onSubmitted }) {
  const button = /** @type {HTMLButtonElement} */ (byId("submit-decision"));
  const status = byId("decision-status");
  const outcome = byId("outcome");
  const section = byId("use");
  /** @type {Decision | null} */
  let decision = null;
  /** @type {Recommendation | null} */
  let current = null;
  let busy = false;
  /** Whether the recommendation on screen is the one recorded (until the answers change). */
  let recorded = false;
  const label = button.textContent ?? "";

  /**
   * @param {string} text
   * @param {"info" | "ok" | "warn" | "error"} kind
   */
  const say = (text, kind) => {
    status.className = `decision-status ${kind}`;
    status.textContent = text;
  };

  button.addEventListener("click", async () => {
    if (busy || !current) return;
    busy = true;
    button.disabled = true;
    say("Recording your decision…", "info");
    try {
      const result = await api.submit(profile(), clientName);
      onSubmitted(result.recommendation);
      current = result.recommendation;
      if (result.recorded) {
        decision = result.decision;
        recorded = true;
        button.textContent = "Recorded";
        say("Recorded, anonymously. Thank you. When your team has decided, tell us what you chose:", "ok");
        showOutcome(result.recommendation);
      } else {
        decision = null;
        say(
          `Your decision could not be recorded, so nothing was stored. The recommendation above is still valid. ${result.reason ? `(${result.reason})` : ""}`.trim(),
          "warn",
        );
      }
    } catch (e) {
      say(`Your decision was not recorded: ${e instanceof Error ? e.message : String(e)}`, "error");
    } finally {
      busy = false;
      button.disabled = !current || recorded;
      status.focus();
    }
  });

  /** @param {Recommendation} rec */
  function showOutcome(rec) {
    const select = h(
      "select",
      { id: "chosen-framework" },
      rec.ranking.map((r, i) => h("option", { value: r.framework.frameworkId, selected: i === 0 }, frameworkOf(catalog, r.framework.frameworkId).name)),
    );
    const note = h("p", { id: "outcome-status", class: "decision-status", role: "status", tabindex: "-1" });
    const form = h(
      "form",
      { class: "outcome-form" },
      h("label", { for: "chosen-framework" }, "We chose"),
      " ",
      select,
      " ",
      h("button", { type: "submit", class: "secondary" }, "Record our choice"),
    );
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      if (!decision) return;
      const chosen = select.value;
      const name = frameworkOf(catalog, chosen).name;
      note.className = "decision-status info";
      note.textContent = "Recording your choice…";
      try {
        await api.recordOutcome(decision, chosen);
        note.className = "decision-status ok";
        note.textContent = `Recorded: your team chose ${name}. If that changes, pick again: the latest choice replaces the earlier one.`;
      } catch (err) {
        note.className = "decision-status error";
        note.textContent = `Your choice was not recorded: ${err instanceof Error ? err.message : String(err)}`;
      }
      note.focus();
    });
    replace(outcome, form, note);
    outcome.hidden = false;
  }

  return {
    /**
     * A new preview is on screen: what was submitted (if anything) no longer matches.
     * @param {Recommendation | null} rec null: no result to use
     */
    update(rec) {
      const hadDecision = decision !== null;
      current = rec;
      decision = null;
      recorded = false;
      button.textContent = label;
      section.hidden = !rec;
      outcome.hidden = true;
      replace(outcome);
      button.disabled = busy || !rec;
      if (hadDecision) say("Your answers changed after you recorded a decision. Use the new recommendation to record it too.", "info");
      else if (!busy) say("", "info");
    },
  };
}
