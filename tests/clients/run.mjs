// The client-compatibility suite: the mainstream GraphQL clients, as a new user sets them
// up, against a running framework-matrix; plus the HTTP caching, CORS, error and
// field-order checks that decide whether they work unchanged, and the schema linter.
//
//   node tests/clients/run.mjs http://127.0.0.1:8080 [--decisions FILE] [--only TEXT ...]
//
// The URL may end in /graphql or not. Environment: ANALYTICS_TOKEN (the server's, default
// "t"), CORS_ORIGIN (an origin in the server's CORS_ALLOWED_ORIGINS, default
// "http://portal.example"). The server needs a database (decisions are submitted) and both
// settings. Prints one line per check and exits 1 if any fails. --decisions writes the
// decisions submitted (label, client name, id, reported outcome) as JSON, for
// tests/api/clients.rs to look up in PostgreSQL.

import { writeFileSync } from 'node:fs';
import { Harness } from './lib/harness.mjs';
import { Suite } from './lib/suite.mjs';
import * as plain from './clients/http.mjs';
import * as apollo from './clients/apollo.mjs';
import * as urql from './clients/urql.mjs';
import * as relay from './clients/relay.mjs';
import * as graphqlRequest from './clients/graphql-request.mjs';
import * as graphqlHooks from './clients/graphql-hooks.mjs';
import * as lint from './clients/lint.mjs';

const args = process.argv.slice(2);
const only = [];
let decisionsFile;
let base;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--decisions') decisionsFile = args[++i];
  else if (args[i] === '--only') only.push(args[++i]);
  else if (!base) base = args[i];
  else {
    console.error(`unexpected argument ${args[i]}`);
    process.exit(2);
  }
}
if (!base) {
  console.error('usage: node run.mjs <base url> [--decisions FILE] [--only TEXT ...]');
  process.exit(2);
}
const url = new URL(base);
if (!url.pathname.endsWith('/graphql')) url.pathname = `${url.pathname.replace(/\/$/, '')}/graphql`;

const harness = new Harness({ only });
const suite = new Suite({
  url: url.toString(),
  token: process.env.ANALYTICS_TOKEN || 't',
  origin: process.env.CORS_ORIGIN || 'http://portal.example',
  harness,
});

const started = performance.now();
console.log(`client-compatibility suite against ${suite.url} (node ${process.version})`);
for (const [name, mod] of [
  ['http', plain],
  ['apollo', apollo],
  ['urql', urql],
  ['relay', relay],
  ['graphql-request', graphqlRequest],
  ['graphql-hooks', graphqlHooks],
  ['lint', lint],
]) {
  try {
    await mod.run(suite);
  } catch (e) {
    // A module that breaks outside its checks is itself a failure.
    await harness.check(`${name}: set-up`, () => {
      throw e;
    });
  }
}

if (decisionsFile) writeFileSync(decisionsFile, `${JSON.stringify(suite.decisions, null, 2)}\n`);
const { passed, failed } = harness.summary();
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`clients: ${passed} passed, ${failed} failed (${seconds} s)`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
