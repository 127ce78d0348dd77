// The server's side of compatibility, with plain HTTP (node:http, so every header sent is
// one the check chose): global ids, error codes and statuses, HTTP caching (ETag, 304,
// Vary, compression), CORS for Apollo's client-awareness headers, the client name from
// those headers, and the order of result fields.

import { createHash } from 'node:crypto';
import {
  ACCEPT,
  describeGraphQLErrors,
  keyOrderDifference,
  listHeader,
  rawRequest,
  serverData,
  serverJson,
} from '../lib/http.mjs';
import { PREVIEW_PROFILE, PREVIEW_TOP, SUBMIT, SUBMIT_PROFILE, WRONG_TYPE_PROFILES } from '../documents.mjs';
import { codesOf, expectCode } from '../lib/suite.mjs';
import { expect } from '../lib/harness.mjs';

const CATALOG_GET = '{ frameworks { id name language } }';
const GRAPHQL_RESPONSE = 'application/graphql-response+json';

function getUrl(url, query) {
  const u = new URL(url);
  u.searchParams.set('query', query);
  return u.toString();
}

function vary(res) {
  return listHeader(res.headers, 'vary');
}

function expectVary(res, names, what) {
  const have = vary(res);
  const missing = names.filter((n) => !have.includes(n.toLowerCase()) && !have.includes('*'));
  expect(!missing.length, () => `${what}: Vary is "${res.headers.vary ?? ''}", missing ${missing.join(', ')}`);
}

const isWeak = (etag) => /^W\//.test(etag ?? '');

export async function run(suite) {
  const { h, url } = suite;

  // ---- Global ids -----------------------------------------------------------------------

  await h.check('ids: no two catalog objects share an id (across criteria, options, frameworks, glossary, FAQs)', async (ctx) => {
    const data = await serverData(url, '{ frameworks { __typename id } criteria { __typename id options { __typename id } } glossary { __typename id } faqs { __typename id } }');
    const owners = new Map();
    const add = (o, where) => {
      if (!owners.has(o.id)) owners.set(o.id, []);
      owners.get(o.id).push(where);
    };
    data.frameworks.forEach((f) => add(f, 'Framework'));
    data.glossary.forEach((g) => add(g, 'GlossaryTerm'));
    data.faqs.forEach((f) => add(f, 'Faq'));
    for (const c of data.criteria) {
      add(c, 'Criterion');
      c.options.forEach((o) => add(o, `CriterionOption of ${c.id}`));
    }
    const shared = [...owners].filter(([, w]) => w.length > 1);
    expect(!shared.length, () => `${shared.length} ids name several objects: ${shared.map(([id, w]) => `"${id}" (${w.join(', ')})`).join('; ')}`);
    ctx.set(`${owners.size} distinct ids`);
  });

  await h.check('ids: Query.node(id:) returns each kind of catalog object by its id', async (ctx) => {
    const data = await serverData(
      url,
      `query($p: ProfileInput!) {
        frameworks { id frameworkId }
        criteria { id criterionId options { id optionId } }
        glossary { id termId }
        faqs { id faqId }
        recommendation(profile: $p) { takeaways { id takeawayId } }
      }`,
      { p: PREVIEW_PROFILE },
    );
    const samples = [
      ['Framework', 'frameworkId', data.frameworks[0]],
      ['Criterion', 'criterionId', data.criteria[0]],
      ['CriterionOption', 'optionId', data.criteria[0].options[0]],
      ['GlossaryTerm', 'termId', data.glossary[0]],
      ['Faq', 'faqId', data.faqs[0]],
      ['Takeaway', 'takeawayId', data.recommendation.takeaways[0]],
    ];
    for (const [type, key, obj] of samples) {
      expect(obj, `no ${type} to look up`);
      const got = await serverData(url, `query($id: ID!) { node(id: $id) { __typename id ... on ${type} { ${key} } } }`, { id: obj.id });
      expect(
        got.node?.__typename === type && got.node.id === obj.id && got.node[key] === obj[key],
        () => `node(id: ${JSON.stringify(obj.id)}) gave ${JSON.stringify(got.node)}, expected the ${type} ${obj[key]}`,
      );
    }
    ctx.set(samples.map(([t]) => t).join(', '));
  });

  // ---- Error codes and statuses ---------------------------------------------------------

  for (const [what, profile] of Object.entries(WRONG_TYPE_PROFILES)) {
    await h.check(`errors: a wrong-typed variable (${what}) gives BAD_USER_INPUT, 400 for ${GRAPHQL_RESPONSE} and 200 for application/json`, async () => {
      for (const [accept, status] of [[GRAPHQL_RESPONSE, 400], ['application/json', 200]]) {
        const res = await serverJson(url, PREVIEW_TOP, { profile }, { accept });
        expectCode(codesOf(res.json.errors), 'BAD_USER_INPUT', `(Accept: ${accept})`);
        expect(res.status === status, () => `Accept: ${accept}: HTTP ${res.status}, expected ${status}`);
        expect(!('data' in res.json), () => `a request error has no "data" entry, got ${JSON.stringify(res.json.data)}`);
      }
    });
  }

  // ---- HTTP caching ---------------------------------------------------------------------

  const catalogGet = (headers = {}) => rawRequest(getUrl(url, CATALOG_GET), { headers: { accept: GRAPHQL_RESPONSE, ...headers } });

  await h.check('http: a catalog GET has an ETag, and If-None-Match with it gives 304', async (ctx) => {
    const first = await catalogGet();
    expect(first.status === 200, () => `HTTP ${first.status}: ${first.text.slice(0, 200)}`);
    expect(first.headers.etag, 'no ETag');
    expect(/public/.test(first.headers['cache-control'] ?? ''), () => `Cache-Control is "${first.headers['cache-control']}"`);
    const again = await catalogGet({ 'if-none-match': first.headers.etag });
    expect(again.status === 304, () => `revalidation: HTTP ${again.status}, expected 304`);
    expect(again.raw.length === 0, 'a 304 with a body');
    expect(again.headers.etag === first.headers.etag, () => `the 304's ETag ${again.headers.etag} is not the 200's ${first.headers.etag}`);
    ctx.set(`ETag ${first.headers.etag}`);
  });

  await h.check('http: gzip and identity bodies of one catalog GET do not share a strong ETag', async (ctx) => {
    const identity = await catalogGet();
    const gzip = await catalogGet({ 'accept-encoding': 'gzip' });
    expect(identity.status === 200 && gzip.status === 200, () => `HTTP ${identity.status} / ${gzip.status}`);
    expect(!identity.headers['content-encoding'], () => `identity request got Content-Encoding ${identity.headers['content-encoding']}`);
    expect(gzip.headers['content-encoding'] === 'gzip', () => `gzip request got Content-Encoding ${gzip.headers['content-encoding'] ?? '(none)'}; this check needs a compressed body`);
    expect(identity.text === gzip.text, 'the decoded bodies differ');
    const [a, b] = [identity.headers.etag, gzip.headers.etag];
    expect(a && b, 'an ETag is missing');
    expect(a !== b || isWeak(a), () => `both bodies carry the strong ETag ${a}, though their bytes differ (${identity.raw.length} identity, ${gzip.raw.length} gzip)`);
    ctx.set(`identity ${a}, gzip ${b}`);
  });

  await h.check('http: a gzip catalog GET revalidates with its own ETag (304)', async () => {
    const gzip = await catalogGet({ 'accept-encoding': 'gzip' });
    expect(gzip.headers.etag, 'no ETag');
    const again = await catalogGet({ 'accept-encoding': 'gzip', 'if-none-match': gzip.headers.etag });
    expect(again.status === 304, () => `HTTP ${again.status}, expected 304`);
  });

  await h.check('http: Vary on catalog GETs (identity, gzip, 304) names Accept and Accept-Encoding', async () => {
    const identity = await catalogGet();
    expectVary(identity, ['Accept', 'Accept-Encoding'], 'identity 200');
    const gzip = await catalogGet({ 'accept-encoding': 'gzip' });
    expectVary(gzip, ['Accept', 'Accept-Encoding'], 'gzip 200');
    const notModified = await catalogGet({ 'accept-encoding': 'gzip', 'if-none-match': gzip.headers.etag ?? '"none"' });
    expectVary(notModified, ['Accept', 'Accept-Encoding'], `${notModified.status}`);
  });

  await h.check('http: Vary on a POST response names Accept and Accept-Encoding', async () => {
    const res = await rawRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, 'accept-encoding': 'gzip' },
      body: JSON.stringify({ query: PREVIEW_TOP, variables: { profile: PREVIEW_PROFILE } }),
    });
    expect(res.status === 200, () => `HTTP ${res.status}`);
    expectVary(res, ['Accept', 'Accept-Encoding'], 'POST');
  });

  await h.check('http: Vary on a batch response names Accept and Accept-Encoding', async (ctx) => {
    const res = await rawRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, 'accept-encoding': 'gzip' },
      body: JSON.stringify([{ query: CATALOG_GET }, { query: '{ catalogVersion }' }]),
    });
    expect(res.status === 200 && Array.isArray(res.json), () => `HTTP ${res.status}: ${res.text.slice(0, 200)}`);
    expectVary(res, ['Accept', 'Accept-Encoding'], 'batch');
    ctx.set(`Content-Encoding ${res.headers['content-encoding'] ?? 'identity'}`);
  });

  // ---- CORS -----------------------------------------------------------------------------

  await h.check(`cors: a preflight from ${suite.origin} for apollographql-client-name and apollographql-client-version is allowed`, async () => {
    const res = await rawRequest(url, {
      method: 'OPTIONS',
      headers: {
        origin: suite.origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,apollographql-client-name,apollographql-client-version',
      },
    });
    expect(res.status >= 200 && res.status < 300, () => `HTTP ${res.status}: ${res.text.slice(0, 200)}`);
    expect(res.headers['access-control-allow-origin'] === suite.origin, () => `Access-Control-Allow-Origin is ${res.headers['access-control-allow-origin']}`);
    const allowed = listHeader(res.headers, 'access-control-allow-headers');
    const missing = ['content-type', 'apollographql-client-name', 'apollographql-client-version'].filter((x) => !allowed.includes(x) && !allowed.includes('*'));
    expect(!missing.length, () => `Access-Control-Allow-Headers "${res.headers['access-control-allow-headers']}" lacks ${missing.join(', ')}`);
  });

  await h.check(`cors: a catalog GET from ${suite.origin} is readable, with its ETag exposed and Vary: Origin`, async () => {
    const res = await catalogGet({ origin: suite.origin, 'accept-encoding': 'gzip' });
    expect(res.status === 200, () => `HTTP ${res.status}`);
    expect(res.headers['access-control-allow-origin'] === suite.origin, () => `Access-Control-Allow-Origin is ${res.headers['access-control-allow-origin']}`);
    expect(listHeader(res.headers, 'access-control-expose-headers').includes('etag'), () => `Access-Control-Expose-Headers is "${res.headers['access-control-expose-headers']}"`);
    expectVary(res, ['Accept', 'Accept-Encoding', 'Origin'], 'CORS GET');
  });

  // ---- Client name from Apollo's client-awareness headers ----------------------------------

  const submitWith = (headers) => async () => {
    const res = await serverJson(url, SUBMIT, { profile: SUBMIT_PROFILE }, headers);
    if (res.json.errors?.length) throw new Error(`submitProfile failed: ${describeGraphQLErrors(res.json.errors)}`);
    return res.json.data.submitProfile;
  };
  await h.check('client name: apollographql-client-name is the client name when X-Client-Name is absent', async (ctx) => {
    const d = await suite.submitAs('plain (apollographql-client-name only)', 'plain-apollo-header', submitWith({ 'apollographql-client-name': 'plain-apollo-header', 'apollographql-client-version': '2.0.0' }));
    ctx.set(`decision ${d.decisionId}`);
  });
  await h.check('client name: X-Client-Name wins over apollographql-client-name', async (ctx) => {
    const d = await suite.submitAs('plain (both headers)', 'plain-x-client-name', submitWith({ 'x-client-name': 'plain-x-client-name', 'apollographql-client-name': 'plain-ignored-name' }));
    ctx.set(`decision ${d.decisionId}`);
  });

  // ---- Field order ----------------------------------------------------------------------

  const statsQuery = `{ decisionStats {
    total minGroupSize
    outcomes { recommendedFrameworkId count chosenFrameworkId }
    daily { count day }
    byFramework { frameworkId count }
    answers(criterionId: "admin_panel") { count optionId }
  } }`;
  await h.check('field order: decisionStats { total minGroupSize ... } comes back in selection order', async () => {
    // Five times: the order has been seen to change from one identical request to the next.
    for (let i = 1; i <= 5; i++) {
      const res = await serverJson(url, statsQuery, {}, { authorization: `Bearer ${suite.token}` });
      expect(!res.json.errors, () => describeGraphQLErrors(res.json.errors));
      const diff = keyOrderDifference(statsQuery, res.json.data);
      expect(!diff, () => `request ${i} of 5: ${diff}`);
    }
  });

  const catalogOrderQuery = `query($p: ProfileInput!) {
    glossary { term source id definition }
    frameworks { name id link category traits { value traitId label } faqs { tags question id } }
    criteria { question id help options { label id } }
    comparison(frameworkIds: ["flask", "django"]) { rows { values { value frameworkId } label traitId source } frameworks { name id } }
    catalogVersion
    recommendation(profile: $p) {
      top { score rank fit framework { name id } reasons { optionId explanation criterionId contribution } }
      confidence
      catalogVersion
      takeaways { text severity id frameworkIds }
      pivots { optionId newTopScore criterionId option { label id } newTop { name id } fromOptionId }
      decisionId
    }
  }`;
  await h.check('field order: every catalog and recommendation type comes back in selection order', async () => {
    for (let i = 1; i <= 3; i++) {
      const res = await serverJson(url, catalogOrderQuery, { p: PREVIEW_PROFILE });
      expect(!res.json.errors, () => describeGraphQLErrors(res.json.errors));
      const diff = keyOrderDifference(catalogOrderQuery, res.json.data);
      expect(!diff, () => `request ${i} of 3: ${diff}`);
    }
  });

  // The hash the clients compute for APQ is plain SHA-256 of the document text.
  await h.check('apq: a hash-only GET of a registered catalog query is cacheable (ETag, public)', async (ctx) => {
    const query = `query ApqPlain${Date.now()} { frameworks { id name } }`;
    const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } });
    const u = new URL(url);
    u.searchParams.set('extensions', extensions);
    const unknown = await rawRequest(u.toString(), { headers: { accept: GRAPHQL_RESPONSE } });
    expect(codesOf(unknown.json?.errors).includes('PERSISTED_QUERY_NOT_FOUND'), () => `an unknown hash gave HTTP ${unknown.status} ${unknown.text.slice(0, 200)}`);
    const withQuery = new URL(u);
    withQuery.searchParams.set('query', query);
    const registered = await rawRequest(withQuery.toString(), { headers: { accept: GRAPHQL_RESPONSE } });
    expect(registered.status === 200 && registered.json?.data, () => `registering: HTTP ${registered.status} ${registered.text.slice(0, 200)}`);
    const hashOnly = await rawRequest(u.toString(), { headers: { accept: GRAPHQL_RESPONSE } });
    expect(hashOnly.status === 200 && hashOnly.json?.data, () => `hash only: HTTP ${hashOnly.status} ${hashOnly.text.slice(0, 200)}`);
    expect(hashOnly.headers.etag && /public/.test(hashOnly.headers['cache-control'] ?? ''), () => `hash only: Cache-Control "${hashOnly.headers['cache-control']}", ETag ${hashOnly.headers.etag}`);
    ctx.set(`Cache-Control "${hashOnly.headers['cache-control']}"`);
  });
}
