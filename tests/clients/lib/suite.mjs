// What the client modules share: the run's settings, the decisions they submitted (for
// tests/api/clients.rs to find in PostgreSQL), and the cache read-back checks.

import {
  CATALOG,
  PREVIEW,
  PREVIEW_PROFILE,
  PREVIEW_TOP,
  UNKNOWN_OPTION_PROFILE,
  WRONG_TYPE_PROFILES,
} from '../documents.mjs';
import { serverJson, withoutTypename, firstDifference, describeGraphQLErrors } from './http.mjs';
import { expect } from './harness.mjs';

export class Suite {
  constructor({ url, token, origin, harness }) {
    this.url = url;
    this.token = token;
    this.origin = origin;
    this.h = harness;
    /** { label, clientName, decisionId, chosenFrameworkId } for each submitted decision. */
    this.decisions = [];
    this.rawCache = new Map();
  }

  /** The server's own JSON for a document (plain HTTP POST), memoised per run. */
  async raw(query, variables = {}) {
    const key = JSON.stringify([query, variables]);
    if (!this.rawCache.has(key)) this.rawCache.set(key, serverJson(this.url, query, variables));
    return (await this.rawCache.get(key)).json;
  }

  /**
   * Submits through `submit()` (which returns the client's `submitProfile` data) and records
   * the decision with the client name it was sent under, for tests/api/clients.rs to find in
   * PostgreSQL. (Analytics cannot confirm the name: one decision is far below the smallest
   * group `decisionStats` shows.) Hands the decision to `onAcknowledged` as soon as it has an
   * id; returns the submitted data.
   */
  async submitAs(label, clientName, submit, onAcknowledged = () => {}) {
    const submitted = await submit();
    expect(submitted && typeof submitted.decisionId === 'string', () => `no decisionId in ${JSON.stringify(submitted)}`);
    expect(typeof submitted.outcomeToken === 'string', () => `no outcomeToken in ${JSON.stringify(submitted)}`);
    this.decisions.push({ label, clientName, decisionId: submitted.decisionId, chosenFrameworkId: null });
    onAcknowledged(submitted);
    return submitted;
  }

  /** Marks the outcome reported for a recorded decision (for the PostgreSQL check). */
  outcomeReported(decisionId, chosenFrameworkId) {
    const d = this.decisions.find((x) => x.decisionId === decisionId);
    if (d) d.chosenFrameworkId = chosenFrameworkId;
  }
}

/**
 * The normalized-cache checks for one client: every catalog document and the preview are
 * sent through the client (one check, so store warnings show up there), then each is read
 * back from the client's cache and compared with the server's JSON (one check each).
 *
 * `client.execute(name, text, variables)` sends a document through the client so that its
 * result lands in the cache; `client.readBack(name, text, variables)` returns what the cache
 * now holds for it (or throws). `client.idWarning`, if set, is a pattern of console
 * warnings that mean the client merged objects of different types under one id.
 */
export async function cacheReadBackChecks(suite, label, client) {
  const docs = [
    ...Object.entries(CATALOG).map(([name, text]) => ({ name, text, variables: {} })),
    { name: 'Preview', text: PREVIEW, variables: { profile: PREVIEW_PROFILE } },
  ];
  const failedToExecute = new Map();
  await suite.h.check(`${label}: catalog queries and the preview sent through the client into its cache`, async (ctx) => {
    if (client.idWarning) ctx.failOnWarning(client.idWarning);
    for (const d of docs) {
      try {
        await client.execute(d.name, d.text, d.variables);
      } catch (e) {
        failedToExecute.set(d.name, e);
      }
    }
    const failed = [...failedToExecute.keys()];
    if (failed.length) {
      const first = failedToExecute.get(failed[0]);
      throw new Error(`${failed.length} of ${docs.length} failed (${failed.join(', ')}); ${failed[0]}: ${client.describe?.(first) ?? first.message}`);
    }
    ctx.set(`${docs.length} documents`);
  });
  for (const d of docs) {
    await suite.h.check(`${label}: ${d.name} read back from the cache equals the server's JSON`, async () => {
      const raw = await suite.raw(d.text, d.variables);
      if (raw.errors?.length) throw new Error(`the server refused the document: ${describeGraphQLErrors(raw.errors)}`);
      if (failedToExecute.has(d.name)) {
        const e = failedToExecute.get(d.name);
        throw new Error(`not in the cache, the client's request failed: ${client.describe?.(e) ?? e.message}`);
      }
      const cached = await client.readBack(d.name, d.text, d.variables);
      expect(cached != null, 'the cache cannot answer the query (incomplete or missing data)');
      const diff = firstDifference(withoutTypename(cached), raw.data);
      expect(!diff, () => `wrong data from the cache: ${diff}`);
    });
  }
}

/** The `extensions.code`s of a GraphQL error list, for messages. */
export function codesOf(errors) {
  return (errors ?? []).map((e) => e?.extensions?.code ?? 'NO_CODE');
}

/** Checks that `codes` is exactly [want] (one error, with that code). */
export function expectCode(codes, want, context = '') {
  expect(
    codes.length === 1 && codes[0] === want,
    () => `expected one error with code ${want}${context ? ` ${context}` : ''}, got [${codes.join(', ')}]`,
  );
}

/**
 * Bad input through a client: an unknown option (refused by the resolver) and a variable of
 * the wrong type (refused while coercing variables); both must reach the application as
 * BAD_USER_INPUT through the client's own error API. `codesVia(query, variables)` sends
 * the document and returns the codes the client exposes (throws when it exposes none).
 */
export async function badInputChecks(suite, label, codesVia) {
  await suite.h.check(`${label}: an unknown option gives BAD_USER_INPUT through the client's error API`, async () => {
    const codes = await codesVia(PREVIEW_TOP, { profile: UNKNOWN_OPTION_PROFILE });
    expectCode(codes, 'BAD_USER_INPUT');
  });
  const [what, profile] = Object.entries(WRONG_TYPE_PROFILES)[0];
  await suite.h.check(`${label}: a wrong-typed variable (${what}) gives BAD_USER_INPUT through the client's error API`, async () => {
    const codes = await codesVia(PREVIEW_TOP, { profile });
    expectCode(codes, 'BAD_USER_INPUT');
  });
}
