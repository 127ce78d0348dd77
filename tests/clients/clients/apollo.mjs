// Apollo Client 4: InMemoryCache with its default type policies, HttpLink, client
// awareness, the persisted-queries link and BatchHttpLink, as their docs set them up.

import { createHash } from 'node:crypto';
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { BatchHttpLink } from '@apollo/client/link/batch-http';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import {
  APQ_QUERY,
  BATCH_IDS,
  BATCH_ITEM,
  OUTCOME,
  SUBMIT,
  SUBMIT_PROFILE,
  outcomeVariables,
} from '../documents.mjs';
import { badInputChecks, cacheReadBackChecks, codesOf } from '../lib/suite.mjs';
import { recordingFetch, withoutTypename, firstDifference } from '../lib/http.mjs';
import { describeError, expect } from '../lib/harness.mjs';

export const CLIENT_NAME = 'apollo-client';
const docs = new Map();
const doc = (text) => {
  if (!docs.has(text)) docs.set(text, gql(text));
  return docs.get(text);
};

/** What Apollo's error API shows: the codes of CombinedGraphQLErrors, else the error. */
function codesOfApolloError(e) {
  if (CombinedGraphQLErrors.is(e)) return codesOf(e.errors);
  throw new Error(`Apollo reports no GraphQL errors, only ${describeApolloError(e)}`);
}

export function describeApolloError(e) {
  if (CombinedGraphQLErrors.is(e)) {
    return `CombinedGraphQLErrors [${e.errors.map((x) => `${x.extensions?.code ?? 'NO_CODE'}: ${x.message}`).join('; ')}]`;
  }
  if (ServerError.is(e)) return `ServerError ${e.statusCode}: ${e.message} (body: ${String(e.bodyText).slice(0, 200)})`;
  return describeError(e);
}

export async function run(suite) {
  const { h, url } = suite;
  const sha256 = (text) => createHash('sha256').update(text).digest('hex');

  // The default setup of the docs, plus client awareness (a name the decision log accepts).
  const client = new ApolloClient({
    link: new HttpLink({ uri: url }),
    cache: new InMemoryCache(),
    clientAwareness: { name: CLIENT_NAME, version: '1.0.0' },
  });

  await cacheReadBackChecks(suite, 'apollo', {
    async execute(_name, text, variables) {
      await client.query({ query: doc(text), variables, fetchPolicy: 'network-only' });
    },
    async readBack(_name, text, variables) {
      return client.readQuery({ query: doc(text), variables });
    },
    describe: describeApolloError,
  });

  let submitted;
  await h.check(`apollo: submitProfile with clientAwareness { name: "${CLIENT_NAME}" } is logged under that name`, async (ctx) => {
    const send = async () => {
      const { data } = await client.mutate({ mutation: doc(SUBMIT), variables: { profile: SUBMIT_PROFILE } });
      return data.submitProfile;
    };
    await suite.submitAs('apollo (clientAwareness)', CLIENT_NAME, send, (d) => (submitted = d));
    ctx.set(`decision ${submitted.decisionId}`);
  });

  await h.check('apollo: recordOutcome for that decision', async () => {
    expect(submitted, 'no decision to report on (the submit failed)');
    const vars = outcomeVariables(submitted, 'django');
    const { data } = await client.mutate({ mutation: doc(OUTCOME), variables: vars });
    expect(data.recordOutcome === true, () => `recordOutcome returned ${JSON.stringify(data)}`);
    suite.outcomeReported(submitted.decisionId, 'django');
  });

  await badInputChecks(suite, 'apollo', async (query, variables) => {
    try {
      const r = await client.query({ query: doc(query), variables, fetchPolicy: 'network-only' });
      throw new Error(`the query succeeded: ${JSON.stringify(r.data)}`);
    } catch (e) {
      if (e.message?.startsWith('the query succeeded')) throw e;
      return codesOfApolloError(e);
    }
  });

  await h.check('apollo: HttpLink with useGETForQueries gets HTTP-cacheable catalog responses', async (ctx) => {
    const fetch = recordingFetch();
    const getClient = new ApolloClient({
      link: new HttpLink({ uri: url, useGETForQueries: true, fetch }),
      cache: new InMemoryCache(),
      clientAwareness: { name: CLIENT_NAME, version: '1.0.0' },
    });
    const { data } = await getClient.query({ query: doc(APQ_QUERY) });
    const diff = firstDifference(withoutTypename(data), (await suite.raw(APQ_QUERY)).data);
    expect(!diff, diff);
    const [r] = fetch.requests;
    expect(r?.method === 'GET', () => `sent ${r?.method}`);
    const cc = r.response.headers['cache-control'] ?? '';
    expect(/public/.test(cc) && r.response.headers.etag, () => `Cache-Control "${cc}", ETag ${r.response.headers.etag}`);
    ctx.set(`Cache-Control "${cc}"`);
  });

  // Automatic persisted queries, with the documented sha256 and the default POST.
  for (const useGET of [false, true]) {
    const label = useGET ? ' (useGETForHashedQueries)' : '';
    await h.check(`apollo: persisted-queries link${label}: registers once, then sends the hash alone`, async (ctx) => {
      const expected = (await suite.raw(APQ_QUERY)).data;
      const first = recordingFetch();
      const second = recordingFetch();
      const make = (fetch) =>
        new ApolloClient({
          link: new PersistedQueryLink({ sha256, useGETForHashedQueries: useGET }).concat(new HttpLink({ uri: url, fetch })),
          cache: new InMemoryCache(),
        });
      // A query text only this check sends, so the server cannot know it yet.
      const text = APQ_QUERY.replace('ApqFrameworks', `ApqFrameworks${useGET ? 'Get' : 'Post'}${Date.now()}`);
      const r1 = await make(first).query({ query: gql(text) });
      let diff = firstDifference(withoutTypename(r1.data), expected);
      expect(!diff, () => `first query: ${diff}`);
      expect(first.requests.length === 2, () => `first query: ${first.requests.length} requests, expected 2 (hash alone, then hash + document)`);
      const hashOnly = (r) => (r.method === 'GET' ? !new URL(r.url).searchParams.has('query') : !JSON.parse(r.body).query);
      expect(hashOnly(first.requests[0]), 'the first request already carried the document');
      const r2 = await make(second).query({ query: gql(text) });
      diff = firstDifference(withoutTypename(r2.data), expected);
      expect(!diff, () => `second client: ${diff}`);
      expect(second.requests.length === 1 && hashOnly(second.requests[0]), () => `second client: ${second.requests.length} requests; expected one, with the hash alone`);
      ctx.set(`${first.requests.map((r) => r.method).join('+')} then ${second.requests[0].method}`);
    });
  }

  // BatchHttpLink with the server's MAX_BATCH: 11 operations go out as 10 + 1.
  const rawItems = await Promise.all(BATCH_IDS.map((id) => suite.raw(BATCH_ITEM, { id })));
  await h.check(`apollo: BatchHttpLink (batchMax 10) sends ${BATCH_IDS.length} queries as 10 + 1, every result right`, async (ctx) => {
    const fetch = recordingFetch();
    const batched = new ApolloClient({
      link: new BatchHttpLink({ uri: url, batchMax: 10, batchInterval: 20, fetch }),
      cache: new InMemoryCache(),
    });
    const results = await Promise.all(BATCH_IDS.map((id) => batched.query({ query: doc(BATCH_ITEM), variables: { id } })));
    results.forEach((r, i) => {
      const diff = firstDifference(withoutTypename(r.data), rawItems[i].data);
      expect(!diff, () => `operation ${i} (${BATCH_IDS[i]}): ${diff}`);
    });
    const sizes = fetch.requests.map((r) => JSON.parse(r.body).length);
    expect(sizes.join('+') === '10+1', () => `batches of ${sizes.join('+')}`);
    ctx.set(`batches of ${sizes.join('+')}`);
  });

  // A client configured above the server's limit: each operation must learn why it failed,
  // with the code, through Apollo's error API (today the server answers one error object
  // for the whole batch, which the link cannot hand to the operations).
  await h.check(`apollo: BatchHttpLink over the server's limit (batchMax 11): every operation gets BATCH_LIMIT_EXCEEDED`, async (ctx) => {
    const fetch = recordingFetch();
    const batched = new ApolloClient({
      link: new BatchHttpLink({ uri: url, batchMax: 11, batchInterval: 20, fetch }),
      cache: new InMemoryCache(),
    });
    const settled = await Promise.allSettled(BATCH_IDS.map((id) => batched.query({ query: doc(BATCH_ITEM), variables: { id } })));
    expect(fetch.requests.length === 1, () => `${fetch.requests.length} requests, expected one batch of 11`);
    const seen = settled.map((s) => {
      if (s.status === 'fulfilled') return 'data';
      return CombinedGraphQLErrors.is(s.reason) ? codesOf(s.reason.errors).join(',') : describeApolloError(s.reason);
    });
    const bad = seen.findIndex((s) => s !== 'BATCH_LIMIT_EXCEEDED');
    expect(bad === -1, () => `operation ${bad} saw ${seen[bad]}${new Set(seen).size > 1 ? ` (others: ${[...new Set(seen)].join(' | ')})` : ''}`);
    ctx.set('each of the 11 operations rejected with BATCH_LIMIT_EXCEEDED');
  });

  // Two decisions batched together (a double click): the server takes at most one
  // submitProfile per HTTP request. Each operation must get its decision or a coded error.
  await h.check('apollo: two submitProfile batched by BatchHttpLink each get a decision or a coded error', async (ctx) => {
    const fetch = recordingFetch();
    const batched = new ApolloClient({
      link: new BatchHttpLink({ uri: url, batchMax: 10, batchInterval: 20, fetch }),
      cache: new InMemoryCache(),
    });
    const settled = await Promise.allSettled([0, 1].map(() => batched.mutate({ mutation: doc(SUBMIT), variables: { profile: SUBMIT_PROFILE } })));
    const seen = settled.map((s) => {
      if (s.status === 'fulfilled') return s.value.data?.submitProfile?.decisionId ? 'decision' : `no decision: ${JSON.stringify(s.value)}`;
      if (CombinedGraphQLErrors.is(s.reason) && codesOf(s.reason.errors).every((c) => c !== 'NO_CODE')) {
        return `error ${codesOf(s.reason.errors).join(',')}`;
      }
      return `uncoded failure: ${describeApolloError(s.reason)}`;
    });
    const bad = seen.find((s) => s !== 'decision' && !s.startsWith('error '));
    expect(!bad, () => bad);
    ctx.set(`${fetch.requests.length} request(s); ${seen.join(', ')}`);
  });
}
