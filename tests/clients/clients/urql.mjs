// urql 5 (its Client, from @urql/core 6): the normalized cache of
// @urql/exchange-graphcache with no configuration (no keys, no schema), the default
// document cache, and @urql/exchange-persisted for APQ.

import { Client, cacheExchange as documentCacheExchange, fetchExchange, gql } from 'urql';
import { cacheExchange } from '@urql/exchange-graphcache';
import { persistedExchange } from '@urql/exchange-persisted';
import {
  APQ_QUERY,
  OUTCOME,
  SUBMIT,
  SUBMIT_PROFILE,
  outcomeVariables,
} from '../documents.mjs';
import { badInputChecks, cacheReadBackChecks, codesOf } from '../lib/suite.mjs';
import { recordingFetch, withoutTypename, firstDifference } from '../lib/http.mjs';
import { expect } from '../lib/harness.mjs';

export const CLIENT_NAME = 'urql-client';
const docs = new Map();
const doc = (text) => {
  if (!docs.has(text)) docs.set(text, gql(text));
  return docs.get(text);
};

function describeUrqlError(error) {
  if (!error) return 'no error';
  const parts = [];
  if (error.graphQLErrors?.length) {
    parts.push(`graphQLErrors [${error.graphQLErrors.map((e) => `${e.extensions?.code ?? 'NO_CODE'}: ${e.message}`).join('; ')}]`);
  }
  if (error.networkError) parts.push(`networkError: ${error.networkError.message}`);
  if (error.response?.status) parts.push(`HTTP ${error.response.status}`);
  return `CombinedError ${parts.join(', ') || error.message}`;
}

/** A result's data, or throws with urql's CombinedError. */
function dataOf(result) {
  if (result.error) {
    const e = new Error(describeUrqlError(result.error));
    e.urql = result.error;
    throw e;
  }
  return result.data;
}

export async function run(suite) {
  const { h, url } = suite;

  for (const [label, makeCache] of [
    ['urql graphcache', () => cacheExchange()],
    ['urql document cache', () => documentCacheExchange],
  ]) {
    const client = new Client({
      url,
      exchanges: [makeCache(), fetchExchange],
      fetchOptions: { headers: { 'x-client-name': CLIENT_NAME } },
    });
    await cacheReadBackChecks(suite, label, {
      async execute(_name, text, variables) {
        dataOf(await client.query(doc(text), variables, { requestPolicy: 'network-only' }).toPromise());
      },
      async readBack(_name, text, variables) {
        const r = client.readQuery(doc(text), variables);
        if (r?.error) throw new Error(describeUrqlError(r.error));
        return r?.data ?? null;
      },
    });
    if (label !== 'urql graphcache') continue;

    let submitted;
    await h.check(`urql: submitProfile with X-Client-Name "${CLIENT_NAME}" (fetchOptions) is logged under that name`, async (ctx) => {
      const send = async () => dataOf(await client.mutation(doc(SUBMIT), { profile: SUBMIT_PROFILE }).toPromise()).submitProfile;
      await suite.submitAs('urql (X-Client-Name)', CLIENT_NAME, send, (d) => (submitted = d));
      ctx.set(`decision ${submitted.decisionId}`);
    });
    await h.check('urql: recordOutcome for that decision', async () => {
      expect(submitted, 'no decision to report on (the submit failed)');
      const data = dataOf(await client.mutation(doc(OUTCOME), outcomeVariables(submitted, 'flask')).toPromise());
      expect(data.recordOutcome === true, () => `recordOutcome returned ${JSON.stringify(data)}`);
      suite.outcomeReported(submitted.decisionId, 'flask');
    });
    await badInputChecks(suite, 'urql', async (query, variables) => {
      const r = await client.query(doc(query), variables, { requestPolicy: 'network-only' }).toPromise();
      expect(r.error, () => `the query succeeded: ${JSON.stringify(r.data)}`);
      expect(r.error.graphQLErrors?.length, () => `urql reports no GraphQL errors, only ${describeUrqlError(r.error)}`);
      return codesOf(r.error.graphQLErrors);
    });
  }

  await h.check('urql: queries go out as GET by default and catalog responses are HTTP-cacheable', async (ctx) => {
    const fetch = recordingFetch();
    const getClient = new Client({ url, fetch, exchanges: [documentCacheExchange, fetchExchange] });
    const data = dataOf(await getClient.query(doc(APQ_QUERY), {}).toPromise());
    const diff = firstDifference(withoutTypename(data), (await suite.raw(APQ_QUERY)).data);
    expect(!diff, diff);
    const [r] = fetch.requests;
    expect(r?.method === 'GET', () => `sent ${r?.method}`);
    const cc = r.response.headers['cache-control'] ?? '';
    expect(/public/.test(cc) && r.response.headers.etag, () => `Cache-Control "${cc}", ETag ${r.response.headers.etag}`);
    ctx.set(`Cache-Control "${cc}"`);
  });

  // APQ with @urql/exchange-persisted: GET for hashed queries (its default), SHA-256 from
  // Web Crypto (its default).
  await h.check('urql: persistedExchange registers once, then sends the hash alone', async (ctx) => {
    const expected = (await suite.raw(APQ_QUERY)).data;
    const text = APQ_QUERY.replace('ApqFrameworks', `ApqFrameworksUrql${Date.now()}`);
    const make = (fetch) =>
      new Client({ url, fetch, exchanges: [documentCacheExchange, persistedExchange(), fetchExchange] });
    const first = recordingFetch();
    const second = recordingFetch();
    let data = dataOf(await make(first).query(gql(text), {}).toPromise());
    let diff = firstDifference(withoutTypename(data), expected);
    expect(!diff, () => `first query: ${diff}`);
    expect(first.requests.length === 2, () => `first query: ${first.requests.length} requests, expected 2 (hash alone, then hash + document)`);
    data = dataOf(await make(second).query(gql(text), {}).toPromise());
    diff = firstDifference(withoutTypename(data), expected);
    expect(!diff, () => `second client: ${diff}`);
    const hashOnly = (r) => (r.method === 'GET' ? !new URL(r.url).searchParams.has('query') : !JSON.parse(r.body).query);
    expect(second.requests.length === 1 && hashOnly(second.requests[0]), () => `second client: ${second.requests.length} requests; expected one, with the hash alone`);
    ctx.set(`${first.requests.map((r) => r.method).join('+')} then ${second.requests[0].method}`);
  });
}
