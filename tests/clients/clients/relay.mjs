// Relay 21: relay-runtime's default Environment, Store and RecordSource, a network layer as
// Relay's docs write it, and the artifacts relay-compiler produced from documents.mjs
// (__generated__/, compiled by `npm run relay`). Relay has no automatic persisted queries
// (its persisted queries are compiled ahead of time) and no batching.

import { readFileSync } from 'node:fs';
import RelayRuntime from 'relay-runtime';
import SuiteFrameworksQuery from '../__generated__/SuiteFrameworksQuery.graphql.js';
import SuiteCriteriaQuery from '../__generated__/SuiteCriteriaQuery.graphql.js';
import SuiteGlossaryQuery from '../__generated__/SuiteGlossaryQuery.graphql.js';
import SuiteFaqsQuery from '../__generated__/SuiteFaqsQuery.graphql.js';
import SuiteComparisonQuery from '../__generated__/SuiteComparisonQuery.graphql.js';
import SuiteCatalogIdsQuery from '../__generated__/SuiteCatalogIdsQuery.graphql.js';
import SuitePreviewQuery from '../__generated__/SuitePreviewQuery.graphql.js';
import SuitePreviewTopQuery from '../__generated__/SuitePreviewTopQuery.graphql.js';
import SuiteSubmitMutation from '../__generated__/SuiteSubmitMutation.graphql.js';
import SuiteOutcomeMutation from '../__generated__/SuiteOutcomeMutation.graphql.js';
import { SUBMIT_PROFILE, outcomeVariables } from '../documents.mjs';
import { badInputChecks, cacheReadBackChecks, codesOf } from '../lib/suite.mjs';
import { ACCEPT } from '../lib/http.mjs';
import { describeError, expect } from '../lib/harness.mjs';
import { suiteSource } from '../relay/source.mjs';

const { Environment, Network, RecordSource, Store, fetchQuery, commitMutation, createOperationDescriptor } = RelayRuntime;

export const CLIENT_NAME = 'relay-client';

const ARTIFACTS = {
  Frameworks: SuiteFrameworksQuery,
  Criteria: SuiteCriteriaQuery,
  Glossary: SuiteGlossaryQuery,
  Faqs: SuiteFaqsQuery,
  Comparison: SuiteComparisonQuery,
  CatalogIds: SuiteCatalogIdsQuery,
  Preview: SuitePreviewQuery,
  PreviewTop: SuitePreviewTopQuery,
};

/** Relay's error API: a request without data fails with `error.source.errors`. */
function describeRelayError(e) {
  if (e?.source?.errors) {
    return `RelayNetwork [${e.source.errors.map((x) => `${x.extensions?.code ?? 'NO_CODE'}: ${x.message}`).join('; ')}]`;
  }
  return describeError(e);
}

function environment(url) {
  const network = Network.create(async (params, variables) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, 'x-client-name': CLIENT_NAME },
      body: JSON.stringify({ query: params.text, variables }),
    });
    return response.json();
  });
  return new Environment({ network, store: new Store(new RecordSource()) });
}

function mutate(env, mutation, variables) {
  return new Promise((resolve, reject) => {
    commitMutation(env, {
      mutation,
      variables,
      onCompleted: (response, errors) => {
        if (errors?.length) {
          const e = new Error(`completed with errors: ${errors.map((x) => x.message).join('; ')}`);
          e.source = { errors };
          reject(e);
        } else resolve(response);
      },
      onError: reject,
    });
  });
}

export async function run(suite) {
  const { h, url } = suite;
  await h.check('relay: the committed artifacts are compiled from the current documents.mjs', async () => {
    const committed = readFileSync(new URL('../relay/src/Suite.js', import.meta.url), 'utf8');
    expect(committed === suiteSource(), 'documents.mjs changed since the artifacts were compiled: run `npm run relay` in tests/clients and commit __generated__/');
  });
  const env = environment(url);
  const retained = [];

  await cacheReadBackChecks(suite, 'relay', {
    // Relay's own words when two objects share an id: "The GraphQL server likely violated
    // the globally unique id requirement by returning the same id for different objects."
    idWarning: /globally unique id/,
    async execute(name, _text, variables) {
      const query = ARTIFACTS[name];
      // Retained, as a rendered component's query would be, so garbage collection keeps it.
      retained.push(env.retain(createOperationDescriptor(query, variables)));
      await fetchQuery(env, query, variables, { fetchPolicy: 'network-only' }).toPromise();
    },
    async readBack(name, _text, variables) {
      const operation = createOperationDescriptor(ARTIFACTS[name], variables);
      const snapshot = env.lookup(operation.fragment);
      if (snapshot.isMissingData) return null;
      return snapshot.data;
    },
    describe: describeRelayError,
  });

  let submitted;
  await h.check(`relay: submitProfile with X-Client-Name "${CLIENT_NAME}" (network layer) is logged under that name`, async (ctx) => {
    const send = async () => (await mutate(env, SuiteSubmitMutation, { profile: SUBMIT_PROFILE })).submitProfile;
    await suite.submitAs('relay (X-Client-Name)', CLIENT_NAME, send, (d) => (submitted = d));
    ctx.set(`decision ${submitted.decisionId}`);
  });
  await h.check('relay: recordOutcome for that decision', async () => {
    expect(submitted, 'no decision to report on (the submit failed)');
    const response = await mutate(env, SuiteOutcomeMutation, outcomeVariables(submitted, 'fastapi'));
    expect(response.recordOutcome === true, () => `recordOutcome returned ${JSON.stringify(response)}`);
    suite.outcomeReported(submitted.decisionId, 'fastapi');
  });

  await badInputChecks(suite, 'relay', async (_query, variables) => {
    try {
      const data = await fetchQuery(env, SuitePreviewTopQuery, variables, { fetchPolicy: 'network-only' }).toPromise();
      throw new Error(`the query succeeded: ${JSON.stringify(data)}`);
    } catch (e) {
      if (e.message?.startsWith('the query succeeded')) throw e;
      expect(e?.source?.errors, () => `Relay reports no GraphQL errors, only ${describeRelayError(e)}`);
      return codesOf(e.source.errors);
    }
  });

  for (const r of retained) r.dispose();
}
