// graphql-request 7: no cache, so the data it returns must be the server's; errors through
// ClientError; batching through batchRequests.

import { GraphQLClient, ClientError } from 'graphql-request';
import {
  BATCH_IDS,
  BATCH_ITEM,
  CATALOG,
  OUTCOME,
  PREVIEW,
  PREVIEW_PROFILE,
  SUBMIT,
  SUBMIT_PROFILE,
  outcomeVariables,
} from '../documents.mjs';
import { badInputChecks, codesOf } from '../lib/suite.mjs';
import { withoutTypename, firstDifference, describeGraphQLErrors } from '../lib/http.mjs';
import { describeError, expect } from '../lib/harness.mjs';

export const CLIENT_NAME = 'graphql-request';

function describeClientError(e) {
  if (e instanceof ClientError) {
    const errors = e.response?.errors;
    return `ClientError HTTP ${e.response?.status}${errors ? ` [${describeGraphQLErrors(errors)}]` : ''}`;
  }
  return describeError(e);
}

export async function run(suite) {
  const { h, url } = suite;
  const client = new GraphQLClient(url, { headers: { 'x-client-name': CLIENT_NAME } });

  await h.check('graphql-request: catalog queries and the preview return the server\'s JSON', async (ctx) => {
    const docs = [
      ...Object.entries(CATALOG).map(([name, text]) => ({ name, text, variables: {} })),
      { name: 'Preview', text: PREVIEW, variables: { profile: PREVIEW_PROFILE } },
    ];
    const problems = [];
    for (const d of docs) {
      const raw = await suite.raw(d.text, d.variables);
      try {
        const data = await client.request(d.text, d.variables);
        const diff = raw.errors?.length ? 'the client returned data the server refused to give' : firstDifference(withoutTypename(data), raw.data);
        if (diff) problems.push(`${d.name}: ${diff}`);
      } catch (e) {
        problems.push(`${d.name}: ${describeClientError(e)}`);
      }
    }
    expect(!problems.length, () => `${problems.length} of ${docs.length}: ${problems.join(' | ')}`);
    ctx.set(`${docs.length} documents`);
  });

  let submitted;
  await h.check(`graphql-request: submitProfile with X-Client-Name "${CLIENT_NAME}" is logged under that name`, async (ctx) => {
    const send = async () => (await client.request(SUBMIT, { profile: SUBMIT_PROFILE })).submitProfile;
    await suite.submitAs('graphql-request (X-Client-Name)', CLIENT_NAME, send, (d) => (submitted = d));
    ctx.set(`decision ${submitted.decisionId}`);
  });
  await h.check('graphql-request: recordOutcome for that decision', async () => {
    expect(submitted, 'no decision to report on (the submit failed)');
    const data = await client.request(OUTCOME, outcomeVariables(submitted, 'express'));
    expect(data.recordOutcome === true, () => `recordOutcome returned ${JSON.stringify(data)}`);
    suite.outcomeReported(submitted.decisionId, 'express');
  });

  await badInputChecks(suite, 'graphql-request', async (query, variables) => {
    try {
      const data = await client.request(query, variables);
      throw new Error(`the query succeeded: ${JSON.stringify(data)}`);
    } catch (e) {
      if (!(e instanceof ClientError)) throw e;
      expect(e.response?.errors, () => `graphql-request reports no GraphQL errors, only ${describeClientError(e)}`);
      return codesOf(e.response.errors);
    }
  });

  await h.check('graphql-request: batchRequests of 10 queries, every result right', async () => {
    const ids = BATCH_IDS.slice(0, 10);
    const raw = await Promise.all(ids.map((id) => suite.raw(BATCH_ITEM, { id })));
    const results = await client.batchRequests(ids.map((id) => ({ document: BATCH_ITEM, variables: { id } })));
    expect(Array.isArray(results) && results.length === ids.length, () => `got ${JSON.stringify(results).slice(0, 200)}`);
    results.forEach((r, i) => {
      const diff = firstDifference(withoutTypename(r.data), raw[i].data);
      expect(!diff, () => `operation ${i}: ${diff}`);
    });
  });

  await h.check(`graphql-request: batchRequests of ${BATCH_IDS.length} (over MAX_BATCH) shows BATCH_LIMIT_EXCEEDED through ClientError`, async (ctx) => {
    try {
      const results = await client.batchRequests(BATCH_IDS.map((id) => ({ document: BATCH_ITEM, variables: { id } })));
      throw new Error(`the batch succeeded: ${JSON.stringify(results).slice(0, 200)}`);
    } catch (e) {
      if (!(e instanceof ClientError)) throw e;
      // ClientError.response holds the parsed body: the errors of a single result, or, for
      // a list of results, one entry per operation (keys 0, 1, ...). Either shows the code.
      const r = e.response;
      const perOperation = BATCH_IDS.map((_, i) => r?.[i]).filter(Boolean);
      const codes = perOperation.length ? perOperation.flatMap((x) => codesOf(x.errors)) : codesOf(r?.errors);
      expect(
        codes.length > 0 && codes.every((c) => c === 'BATCH_LIMIT_EXCEEDED'),
        () => `ClientError (HTTP ${r?.status}) shows codes [${codes.join(', ')}]: ${String(r?.body).slice(0, 200)}`,
      );
      ctx.set(`HTTP ${r.status}, ${perOperation.length ? `${perOperation.length} per-operation results` : 'one error for the batch'}`);
    }
  });
}
