// graphql-hooks 8, without React rendering: the hooks are thin wrappers over
// GraphQLClient.request, which runs in Node as it is (the package imports React, which is
// installed as its peer dependency, but nothing is rendered). Its cache
// (graphql-hooks-memcache) is a per-document cache used by the hooks only, so there is no
// normalized cache to read back; its APQ support is the APQMiddleware it ships.

import { GraphQLClient } from 'graphql-hooks';
import apq from 'graphql-hooks/lib/middlewares/apqMiddleware.js';
import {
  APQ_QUERY,
  CATALOG,
  OUTCOME,
  PREVIEW,
  PREVIEW_PROFILE,
  SUBMIT,
  SUBMIT_PROFILE,
  outcomeVariables,
} from '../documents.mjs';
import { badInputChecks, codesOf } from '../lib/suite.mjs';
import { recordingFetch, withoutTypename, firstDifference } from '../lib/http.mjs';
import { expect } from '../lib/harness.mjs';

export const CLIENT_NAME = 'graphql-hooks';

function describeHooksError(error) {
  if (!error) return 'no error';
  const parts = [];
  if (error.graphQLErrors?.length) {
    parts.push(`graphQLErrors [${error.graphQLErrors.map((e) => `${e.extensions?.code ?? 'NO_CODE'}: ${e.message}`).join('; ')}]`);
  }
  if (error.httpError) parts.push(`httpError ${error.httpError.status} ${String(error.httpError.body).slice(0, 200)}`);
  if (error.fetchError) parts.push(`fetchError ${error.fetchError.message}`);
  return parts.join(', ');
}

async function dataOf(promise) {
  const result = await promise;
  if (result.error) throw new Error(describeHooksError(result.error));
  return result.data;
}

export async function run(suite) {
  const { h, url } = suite;
  // logErrors: false keeps its console.group error dumps out of the output; the errors
  // themselves are checked below.
  const client = new GraphQLClient({ url, headers: { 'x-client-name': CLIENT_NAME }, logErrors: false });

  await h.check('graphql-hooks: catalog queries and the preview return the server\'s JSON', async (ctx) => {
    const docs = [
      ...Object.entries(CATALOG).map(([name, text]) => ({ name, text, variables: {} })),
      { name: 'Preview', text: PREVIEW, variables: { profile: PREVIEW_PROFILE } },
    ];
    const problems = [];
    for (const d of docs) {
      const raw = await suite.raw(d.text, d.variables);
      try {
        const data = await dataOf(client.request({ query: d.text, variables: d.variables }));
        const diff = raw.errors?.length ? 'the client returned data the server refused to give' : firstDifference(withoutTypename(data), raw.data);
        if (diff) problems.push(`${d.name}: ${diff}`);
      } catch (e) {
        problems.push(`${d.name}: ${e.message}`);
      }
    }
    expect(!problems.length, () => `${problems.length} of ${docs.length}: ${problems.join(' | ')}`);
    ctx.set(`${docs.length} documents`);
  });

  let submitted;
  await h.check(`graphql-hooks: submitProfile with X-Client-Name "${CLIENT_NAME}" is logged under that name`, async (ctx) => {
    const send = async () => (await dataOf(client.request({ query: SUBMIT, variables: { profile: SUBMIT_PROFILE } }))).submitProfile;
    await suite.submitAs('graphql-hooks (X-Client-Name)', CLIENT_NAME, send, (d) => (submitted = d));
    ctx.set(`decision ${submitted.decisionId}`);
  });
  await h.check('graphql-hooks: recordOutcome for that decision', async () => {
    expect(submitted, 'no decision to report on (the submit failed)');
    const data = await dataOf(client.request({ query: OUTCOME, variables: outcomeVariables(submitted, 'gin') }));
    expect(data.recordOutcome === true, () => `recordOutcome returned ${JSON.stringify(data)}`);
    suite.outcomeReported(submitted.decisionId, 'gin');
  });

  await badInputChecks(suite, 'graphql-hooks', async (query, variables) => {
    const result = await client.request({ query, variables });
    expect(result.error, () => `the query succeeded: ${JSON.stringify(result.data)}`);
    expect(result.error.graphQLErrors?.length, () => `graphql-hooks reports no GraphQL errors, only ${describeHooksError(result.error)}`);
    return codesOf(result.error.graphQLErrors);
  });

  await h.check('graphql-hooks: APQMiddleware registers once, then sends the hash alone', async (ctx) => {
    const expected = (await suite.raw(APQ_QUERY)).data;
    const text = APQ_QUERY.replace('ApqFrameworks', `ApqFrameworksHooks${Date.now()}`);
    const make = (fetch) => new GraphQLClient({ url, fetch, middleware: [apq.APQMiddleware], logErrors: false });
    const first = recordingFetch();
    const second = recordingFetch();
    let data = await dataOf(make(first).request({ query: text }));
    let diff = firstDifference(withoutTypename(data), expected);
    expect(!diff, () => `first query: ${diff}`);
    expect(first.requests.length === 2, () => `first query: ${first.requests.length} requests, expected 2 (hash alone, then hash + document)`);
    data = await dataOf(make(second).request({ query: text }));
    diff = firstDifference(withoutTypename(data), expected);
    expect(!diff, () => `second client: ${diff}`);
    expect(second.requests.length === 1, () => `second client: ${second.requests.length} requests; expected one, with the hash alone`);
    ctx.set(`${first.requests.map((r) => r.method).join('+')} then ${second.requests[0].method}`);
  });
}
