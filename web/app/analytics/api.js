// @ts-check
/**
 * The dashboard's GraphQL documents, the analytics token, and the one function that sends
 * them. The token lives in `sessionStorage` (this tab only, gone when it closes) and goes
 * in the `Authorization: Bearer` header: never in a URL, so it reaches no access log or
 * history.
 * @module
 */

const ENDPOINT = "/graphql";
const TOKEN_KEY = "framework-matrix.analytics-token";

/** @typedef {number | null} Shown a count, or null when suppressed */
/** @typedef {{ frameworkId: string, count: Shown }} FrameworkCount */
/** @typedef {{ start: string, end: string, count: Shown, byFramework: FrameworkCount[] }} Point */
/** @typedef {{ rate: number | null, outcomes: Shown }} Rate */
/**
 * @typedef {{ total: Shown, suppressed: boolean, minGroupSize: number, from: string | null,
 *   to: string | null, byFramework: FrameworkCount[], timeSeries: Point[],
 *   byClient: { clientName: string | null, count: Shown }[],
 *   byCatalogVersion: { catalogVersion: string, count: Shown }[],
 *   agreementRate: Rate, agreementByFramework: (Rate & { frameworkId: string })[],
 *   outcomes: { recommendedFrameworkId: string, chosenFrameworkId: string, count: Shown }[],
 *   answers: { optionId: string, count: Shown }[],
 *   answersByFramework: { optionId: string, frameworkId: string, count: Shown }[] }} Stats
 */
/**
 * @typedef {{ frameworks: { frameworkId: string, name: string }[],
 *   criteria: { criterionId: string, question: string,
 *     options: { optionId: string, label: string }[] }[] }} Catalog
 */
/**
 * @typedef {{ from: string | null, to: string | null, clientName: string | null,
 *   catalogVersion: string | null, bucket: "DAY" | "WEEK" | "MONTH", criterionId: string }} Filters
 */

const CATALOG = `query DashboardCatalog {
  frameworks { frameworkId name }
  criteria { criterionId question options { optionId label } }
}`;

const STATS = `query Dashboard($from: DateTime, $to: DateTime, $clientName: String,
    $catalogVersion: String, $bucket: TimeBucket!, $criterionId: ID!) {
  decisionStats(from: $from, to: $to, clientName: $clientName, catalogVersion: $catalogVersion) {
    total suppressed minGroupSize from to
    byFramework { frameworkId count }
    timeSeries(bucket: $bucket) { start end count byFramework { frameworkId count } }
    byClient { clientName count }
    byCatalogVersion { catalogVersion count }
    agreementRate { rate outcomes }
    agreementByFramework { frameworkId rate outcomes }
    outcomes { recommendedFrameworkId chosenFrameworkId count }
    answers(criterionId: $criterionId) { optionId count }
    answersByFramework(criterionId: $criterionId) { optionId frameworkId count }
  }
}`;

/** A refusal of the service, with its `extensions.code`. */
export class ApiError extends Error {
  /**
   * @param {string} message
   * @param {string} code
   */
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

/** @returns {string | null} */
export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** @param {string | null} value */
export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/**
 * @param {string} query
 * @param {Record<string, unknown>} variables
 * @param {AbortSignal} [signal]
 * @returns {Promise<any>}
 */
async function ask(query, variables, signal) {
  /** @type {Record<string, string>} */
  const headers = { "content-type": "application/json", accept: "application/graphql-response+json, application/json" };
  const t = token();
  if (t) headers.authorization = `Bearer ${t}`;
  const res = await fetch(ENDPOINT, { method: "POST", headers, body: JSON.stringify({ query, variables }), signal });
  /** @type {{ data?: any, errors?: { message: string, extensions?: { code?: string } }[] }} */
  let body;
  try {
    body = await res.json();
  } catch {
    throw new ApiError(`the service answered ${res.status} without GraphQL`, "NETWORK");
  }
  const error = body.errors?.[0];
  if (error) throw new ApiError(error.message, error.extensions?.code ?? "ERROR");
  return body.data;
}

/** @returns {Promise<Catalog>} */
export function catalog() {
  return ask(CATALOG, {});
}

/**
 * @param {Filters} f
 * @param {AbortSignal} [signal]
 * @returns {Promise<Stats>}
 */
export async function stats(f, signal) {
  const day = (/** @type {string | null} */ d) => (d ? `${d}T00:00:00Z` : null);
  const data = await ask(
    STATS,
    {
      from: day(f.from),
      to: day(f.to),
      clientName: f.clientName,
      catalogVersion: f.catalogVersion,
      bucket: f.bucket,
      criterionId: f.criterionId,
    },
    signal,
  );
  return data.decisionStats;
}
