// Runs the graphql-http server audit (GraphQL over HTTP spec conformance) against a
// running server and fails unless every item passes: MUST, SHOULD and MAY alike.
//
//   node tests/audit/audit.mjs http://127.0.0.1:8080/graphql
//
// Run by tests/http_audit.rs against the service started in-process on a free port.

import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs <graphql endpoint url>');
  process.exit(2);
}

const results = await auditServer({ url });

const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
for (const result of results) {
  counts[result.status] = (counts[result.status] ?? 0) + 1;
  const line = `${result.status.padEnd(6)} ${result.id} ${result.name}`;
  if (result.status === 'ok') {
    console.log(line);
  } else {
    console.log(`${line}\n         reason: ${result.reason}`);
  }
}

const summary = [
  `${counts.ok} ok`,
  ...(counts.notice ? [`${counts.notice} notice`] : []),
  `${counts.warn} warn`,
  `${counts.error} error`,
].join(', ');
console.log(`graphql-http audit: ${summary} (of ${results.length})`);

// A MAY that fails is reported by graphql-http as a warn/notice, not an error; the service
// promises all of them, so anything but 'ok' fails the run.
process.exit(results.length > 0 && results.every((r) => r.status === 'ok') ? 0 : 1);
