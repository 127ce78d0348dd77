// Plain HTTP, for the server's own answer to compare the clients with, and for the checks
// that are about HTTP itself (caching, CORS, batches).

import http from 'node:http';
import zlib from 'node:zlib';
import { parse, Kind } from 'graphql';

export const ACCEPT = 'application/graphql-response+json, application/json;q=0.9';

/**
 * One HTTP request with exactly the headers given (node:http adds only Host and
 * Connection; unlike fetch it sends no Accept-Encoding of its own and decodes nothing).
 * Resolves to { status, headers, raw (bytes as sent), text (decoded body), json }.
 */
export function rawRequest(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        let decoded = raw;
        const enc = (res.headers['content-encoding'] ?? '').toLowerCase();
        try {
          if (enc === 'gzip') decoded = zlib.gunzipSync(raw);
          else if (enc === 'br') decoded = zlib.brotliDecompressSync(raw);
          else if (enc === 'deflate') decoded = zlib.inflateSync(raw);
        } catch (e) {
          reject(new Error(`cannot decode a ${enc} body: ${e.message}`));
          return;
        }
        const text = decoded.toString('utf8');
        let json;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, headers: res.headers, raw, text, json });
      });
    });
    req.on('error', reject);
    req.setTimeout(15_000, () => req.destroy(new Error('HTTP request timed out')));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** The server's JSON for a document, POSTed the way the README does it. */
export async function serverJson(url, query, variables = {}, headers = {}) {
  const res = await rawRequest(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: ACCEPT, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  if (res.json === undefined) {
    throw new Error(`the server answered ${res.status} with a body that is not JSON: ${res.text.slice(0, 200)}`);
  }
  return res;
}

/** `data` of the server's answer; throws with the server's errors if it has any. */
export async function serverData(url, query, variables = {}, headers = {}) {
  const res = await serverJson(url, query, variables, headers);
  if (res.json.errors?.length) {
    throw new Error(`the server refused the document: ${describeGraphQLErrors(res.json.errors)}`);
  }
  return res.json.data;
}

export function describeGraphQLErrors(errors) {
  return errors
    .map((e) => `${e.extensions?.code ?? 'NO_CODE'}: ${e.message}`)
    .join('; ');
}

/** Header values of a comma-separated list header, lower-cased ("Vary", "Allow", ...). */
export function listHeader(headers, name) {
  const v = headers[name.toLowerCase()];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v.join(',') : v)
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

/** A deep copy without the `__typename` fields a client adds to the selection. */
export function withoutTypename(value) {
  if (Array.isArray(value)) return value.map(withoutTypename);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (k !== '__typename') out[k] = withoutTypename(v);
    }
    return out;
  }
  return value;
}

/**
 * The first place where `actual` (what a client shows) differs from `expected` (what the
 * server sent), as "path: client shows X, server sent Y"; null when equal. Key order is
 * not compared here (the clients build their own objects).
 */
export function firstDifference(actual, expected, path = '') {
  const show = (v) => {
    const s = JSON.stringify(v);
    return s === undefined ? 'undefined' : s.length > 120 ? `${s.slice(0, 120)}…` : s;
  };
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path || '(root)'}: client shows ${show(actual)}, server sent a list`;
    if (actual.length !== expected.length) {
      return `${path || '(root)'}: client shows ${actual.length} items, server sent ${expected.length}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const d = firstDifference(actual[i], expected[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) {
      return `${path || '(root)'}: client shows ${show(actual)}, server sent an object`;
    }
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const k of keys) {
      if (!(k in expected)) return `${path}.${k}: client shows ${show(actual[k])}, server sent no such field`;
      if (!(k in actual)) return `${path}.${k}: missing in the client's data, server sent ${show(expected[k])}`;
      const d = firstDifference(actual[k], expected[k], path ? `${path}.${k}` : k);
      if (d) return d;
    }
    return null;
  }
  return Object.is(actual, expected) ? null : `${path || '(root)'}: client shows ${show(actual)}, server sent ${show(expected)}`;
}

/**
 * Where the key order of `data` differs from the order of the selection in `query`
 * (response keys: aliases or field names; no fragments in these documents); null when
 * every object follows its selection.
 */
export function keyOrderDifference(query, data) {
  const doc = parse(query);
  const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  return walk(op.selectionSet, data, 'data');

  function walk(selectionSet, value, path) {
    if (value === null || value === undefined) return null;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const d = walk(selectionSet, value[i], `${path}[${i}]`);
        if (d) return d;
      }
      return null;
    }
    const fields = selectionSet.selections.filter((s) => s.kind === Kind.FIELD);
    const want = fields.map((f) => (f.alias ?? f.name).value);
    const got = Object.keys(value);
    if (want.join(',') !== got.join(',')) {
      return `${path}: keys come as {${got.join(', ')}}, the selection asks {${want.join(', ')}}`;
    }
    for (const f of fields) {
      if (!f.selectionSet) continue;
      const key = (f.alias ?? f.name).value;
      const d = walk(f.selectionSet, value[key], `${path}.${key}`);
      if (d) return d;
    }
    return null;
  }
}

/** A fetch that records the requests it sends (method, url, headers, body, and the response's status and headers). */
export function recordingFetch() {
  const requests = [];
  const fn = async (input, init = {}) => {
    const req = new Request(input, init);
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await req.clone().text();
    const entry = { method: req.method, url: req.url, headers: Object.fromEntries(req.headers), body };
    requests.push(entry);
    const res = await fetch(req);
    entry.response = { status: res.status, headers: Object.fromEntries(res.headers) };
    return res;
  };
  fn.requests = requests;
  return fn;
}
