// @ts-check
/**
 * Every GraphQL document the page sends, and the one function that sends them. Nothing
 * else in the page knows the API's field names: when the schema changes, this file is the
 * edit. The rest of the page reads plain objects with the shapes of the typedefs below.
 *
 * Planned API changes, and where each lands here:
 * - Ids: every object's `id` is a global id ("Framework:django") for normalized caches;
 *   the page reads the catalog keys from their own fields (`frameworkId`, `criterionId`,
 *   `optionId`, `faqId`, `termId`, `takeawayId`), which is what answers and arguments
 *   take.
 * - The outcome token: `submitProfile` returns a secret `outcomeToken` that
 *   `recordOutcome` requires. It stays in the `Decision` object in memory, never in the
 *   URL or any storage.
 * - Ranks: equal scores share a rank (1, 1, 3); the page shows the server's `rank`.
 * @module
 */

const ENDPOINT = "/graphql";

/** @typedef {"PYTHON" | "JAVASCRIPT" | "GO"} Language */
/** @typedef {"INFO" | "CAUTION" | "WARNING"} Severity */
/** @typedef {{ optionId: string, label: string }} Option */
/** @typedef {{ criterionId: string, question: string, help: string, options: Option[] }} Criterion */
/**
 * @typedef {{ frameworkId: string, name: string, language: Language, category: string,
 *   summary: string, link: string }} Framework
 */
/** @typedef {{ termId: string, term: string, definition: string }} GlossaryTerm */
/**
 * @typedef {{ catalogVersion: string, criteria: Criterion[], frameworks: Framework[],
 *   glossary: GlossaryTerm[] }} Catalog
 */
/** @typedef {{ criterionId: string, optionId: string, weight: number }} Answer */
/** @typedef {{ answers: Answer[], languages: Language[] | null }} Profile */
/** @typedef {{ criterionId: string, optionId: string, contribution: number, explanation: string }} Reason */
/**
 * @typedef {{ rank: number, score: number, fit: number, framework: { frameworkId: string },
 *   reasons: Reason[] }} Ranked
 */
/** @typedef {{ takeawayId: string, severity: Severity, text: string, frameworkIds: string[] }} Takeaway */
/**
 * @typedef {{ criterionId: string, optionId: string, fromOptionId: string | null,
 *   newTop: { frameworkId: string }, newTopScore: number,
 *   newLeaders: { frameworkId: string }[] }} Pivot
 */
/**
 * @typedef {{ catalogVersion: string, confidence: number, ranking: Ranked[],
 *   takeaways: Takeaway[], pivots: Pivot[] }} Recommendation
 */
/**
 * What `submitProfile` gave back: the decision's id (null when it was not recorded) and
 * the secret needed to report its outcome. Kept in memory only.
 * @typedef {{ decisionId: string | null, outcomeToken: string | null }} Decision
 */
/** @typedef {{ traitId: string, label: string, values: { frameworkId: string, value: string }[] }} ComparisonRow */
/** @typedef {{ frameworks: { frameworkId: string, name: string }[], rows: ComparisonRow[] }} Comparison */
/**
 * @typedef {{ faqId: string, question: string, answer: string, tags: string[],
 *   frameworks: { frameworkId: string, name: string }[] }} Faq
 */
/** @typedef {{ message: string, extensions?: { code?: string } }} GraphQLError */

const CATALOG = `query Catalog {
  catalogVersion
  criteria {
    criterionId
    question help
    options {
      optionId
      label
    }
  }
  frameworks {
    frameworkId
    name language category summary link
  }
  glossary {
    termId
    term definition
  }
}`;

const RESULT = `fragment Result on Recommendation {
  catalogVersion confidence
  ranking {
    rank score fit
    framework {
      frameworkId
    }
    reasons { criterionId optionId contribution explanation }
  }
  takeaways {
    takeawayId
    severity text frameworkIds
  }
  pivots {
    criterionId optionId fromOptionId newTopScore
    newTop {
      frameworkId
    }
    newLeaders {
      frameworkId
    }
  }
}`;

const PREVIEW = `query Preview($profile: ProfileInput!) {
  recommendation(profile: $profile) { ...Result }
}
${RESULT}`;

// One submitProfile per request: the service refuses more.
const SUBMIT = `mutation Submit($profile: ProfileInput!) {
  submitProfile(profile: $profile) {
    decisionId
    outcomeToken
    ...Result
  }
}
${RESULT}`;

// The outcome token proves this browser submitted the decision; it is never stored.
const RECORD_OUTCOME = `mutation RecordOutcome($decisionId: ID!, $chosenFrameworkId: ID!, $outcomeToken: String!) {
  recordOutcome(decisionId: $decisionId, chosenFrameworkId: $chosenFrameworkId, outcomeToken: $outcomeToken)
}`;

const COMPARISON = `query Comparison($frameworkIds: [ID!]) {
  comparison(frameworkIds: $frameworkIds) {
    frameworks {
      frameworkId
      name
    }
    rows { traitId label values { frameworkId value } }
  }
}`;

const FAQS = `query Faqs($search: String) {
  faqs(search: $search) {
    faqId
    question answer tags
    frameworks {
      frameworkId
      name
    }
  }
}`;

/** A request that failed as a whole: network, HTTP status, or GraphQL errors without data. */
export class ApiError extends Error {
  /**
   * @param {string} message
   * @param {string[]} [codes] the errors' `extensions.code`s
   */
  constructor(message, codes = []) {
    super(message);
    this.name = "ApiError";
    this.codes = codes;
  }
}

/**
 * Sends one operation. Catalog queries go as GET, which the service lets browsers cache
 * (ETag, max-age); everything else as POST. Resolves with `data` and any field errors;
 * rejects with `ApiError` when there is no data, and with the `AbortError` of `signal`.
 * @param {string} query
 * @param {Record<string, unknown>} variables
 * @param {{ method?: "GET" | "POST", signal?: AbortSignal, clientName?: string }} [options]
 * @returns {Promise<{ data: any, errors: GraphQLError[] }>}
 */
async function send(query, variables, { method = "POST", signal, clientName } = {}) {
  /** @type {Record<string, string>} */
  const headers = { accept: "application/graphql-response+json, application/json;q=0.9" };
  if (clientName) headers["x-client-name"] = clientName;
  let url = ENDPOINT;
  /** @type {RequestInit} */
  const init = { method, headers, signal, credentials: "same-origin" };
  if (method === "GET") {
    const params = new URLSearchParams({ query, variables: JSON.stringify(variables) });
    url += `?${params}`;
  } else {
    headers["content-type"] = "application/json";
    init.body = JSON.stringify({ query, variables });
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError("The service could not be reached. Check your connection and try again.");
  }
  /** @type {{ data?: any, errors?: GraphQLError[] }} */
  let body;
  try {
    body = await response.json();
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError(`The service answered ${response.status} ${response.statusText || ""}`.trim());
  }
  const errors = body.errors ?? [];
  if (body.data === null || body.data === undefined) {
    const codes = errors.map((e) => e.extensions?.code ?? "");
    const retry = response.status === 429 ? " (too many requests: wait a moment)" : "";
    throw new ApiError(`${errors[0]?.message ?? `HTTP ${response.status}`}${retry}`, codes);
  }
  return { data: body.data, errors };
}

/**
 * @param {GraphQLError[]} errors
 * @returns {string[]}
 */
const codesOf = (errors) => errors.map((e) => e.extensions?.code ?? "");

/** @returns {Promise<Catalog>} */
export async function loadCatalog() {
  const { data } = await send(CATALOG, {}, { method: "GET" });
  return data;
}

/**
 * The live preview: computed, never logged.
 * @param {Profile} profile
 * @param {AbortSignal} signal
 * @returns {Promise<Recommendation>}
 */
export async function preview(profile, signal) {
  const { data, errors } = await send(PREVIEW, { profile }, { signal });
  if (errors.length) throw new ApiError(errors[0].message, codesOf(errors));
  return data.recommendation;
}

/**
 * Submits the profile: the same recommendation, logged anonymously. `recorded` is false
 * when the service answered `DECISION_NOT_RECORDED` (the recommendation is still valid).
 * @param {Profile} profile
 * @param {string} clientName the `X-Client-Name` label (which page sent it, never who)
 * @returns {Promise<{ recommendation: Recommendation, decision: Decision, recorded: boolean, reason: string }>}
 */
export async function submit(profile, clientName) {
  const { data, errors } = await send(SUBMIT, { profile }, { clientName });
  const result = data.submitProfile;
  const notRecorded = errors.find((e) => e.extensions?.code === "DECISION_NOT_RECORDED");
  if (errors.length && !notRecorded) throw new ApiError(errors[0].message, codesOf(errors));
  const decision = {
    decisionId: result.decisionId ?? null,
    outcomeToken: result.outcomeToken ?? null,
  };
  return {
    recommendation: result,
    decision,
    recorded: decision.decisionId !== null,
    reason: notRecorded?.message ?? "",
  };
}

/**
 * Reports which framework the team chose for a recorded decision (a later report
 * replaces an earlier one).
 * @param {Decision} decision
 * @param {string} chosenFrameworkId
 * @returns {Promise<boolean>}
 */
export async function recordOutcome(decision, chosenFrameworkId) {
  const variables = {
    decisionId: decision.decisionId,
    chosenFrameworkId,
    outcomeToken: decision.outcomeToken,
  };
  const { data, errors } = await send(RECORD_OUTCOME, variables);
  if (errors.length) throw new ApiError(errors[0].message, codesOf(errors));
  return data.recordOutcome === true;
}

/**
 * @param {string[]} frameworkIds
 * @param {AbortSignal} signal
 * @returns {Promise<Comparison>}
 */
export async function comparison(frameworkIds, signal) {
  const { data } = await send(COMPARISON, { frameworkIds }, { method: "GET", signal });
  return data.comparison;
}

/**
 * FAQs containing every word of `search` (all when empty).
 * @param {string} search
 * @param {AbortSignal} signal
 * @returns {Promise<Faq[]>}
 */
export async function faqs(search, signal) {
  const variables = search.trim() ? { search: search.trim() } : {};
  const { data } = await send(FAQS, variables, { method: "GET", signal });
  return data.faqs;
}
