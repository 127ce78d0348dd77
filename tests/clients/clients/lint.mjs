// graphql-schema-linter over the repository's schema.graphql, with its description rules
// only (.graphql-schema-linterrc: every type, field, argument, enum value and input field
// has a description). Its alphabetical-sorting rules are not used: the schema's order is
// the questionnaire's and the reader's.

import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from '../lib/harness.mjs';

const clientsDir = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function run(suite) {
  await suite.h.check('schema: graphql-schema-linter description rules pass over schema.graphql', async (ctx) => {
    const cli = join(clientsDir, 'node_modules', 'graphql-schema-linter', 'lib', 'cli.js');
    // The configuration (rules and schema path) is read from .graphql-schema-linterrc.
    const out = spawnSync(process.execPath, [cli, '--format', 'json'], { cwd: clientsDir, encoding: 'utf8', timeout: 60_000 });
    if (out.error) throw out.error;
    let report;
    try {
      report = JSON.parse(out.stdout);
    } catch {
      throw new Error(`the linter exited ${out.status} without a JSON report: ${(out.stderr || out.stdout).slice(0, 300)}`);
    }
    const errors = report.errors ?? [];
    const byRule = {};
    for (const e of errors) byRule[e.rule] = (byRule[e.rule] ?? 0) + 1;
    expect(
      errors.length === 0 && out.status === 0,
      () => `${errors.length} missing descriptions (${Object.entries(byRule).map(([r, n]) => `${r}: ${n}`).join(', ')}); first: ${errors.slice(0, 3).map((e) => `line ${e.location?.line}: ${e.message}`).join(' | ')}`,
    );
    ctx.set('0 errors');
  }, { timeoutMs: 60_000 });
}
