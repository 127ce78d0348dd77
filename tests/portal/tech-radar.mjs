// Checks the service's Tech Radar feed against the Tech Radar plugin's own package:
// type-checks the fetched JSON with tsc against `TechRadarLoaderResponse` (dates as the
// JSON strings they travel as), then parses it with the plugin's runtime parser, the one
// its backend runs on a feed. Usage: node tech-radar.mjs <feed url>. Exits non-zero with
// the reasons on any failure.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { TechRadarLoaderResponseParser } from '@backstage-community/plugin-tech-radar-common';

const here = dirname(fileURLToPath(import.meta.url));
const [url] = process.argv.slice(2);
const res = await fetch(url);
if (res.status !== 200 || !res.headers.get('content-type')?.startsWith('application/json')) {
  console.error(`GET ${url}: ${res.status} ${res.headers.get('content-type')}`);
  process.exit(1);
}
const text = await res.text();
const json = JSON.parse(text);

// The sample, typed. Inside this folder so `@backstage-community/...` resolves.
const dir = mkdtempSync(join(here, '.sample-'));
const file = join(dir, 'sample.ts');
writeFileSync(
  file,
  `import type { TechRadarLoaderResponse } from '@backstage-community/plugin-tech-radar-common';
/** A value as JSON carries it: a Date is its ISO string. */
type Wire<T> = T extends Date ? string
  : T extends Array<infer U> ? Array<Wire<U>>
  : T extends object ? { [K in keyof T]: Wire<T[K]> }
  : T;
export const sample: Wire<TechRadarLoaderResponse> = ${text};
`,
);
let failed = false;
try {
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
  });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  for (const d of diagnostics) {
    failed = true;
    console.error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const parsed = TechRadarLoaderResponseParser.safeParse(json);
if (!parsed.success) {
  failed = true;
  console.error(JSON.stringify(parsed.error.issues, null, 2));
} else {
  // What the plugin draws from: every entry in a known quadrant and ring, its timeline
  // newest first with real dates.
  const { quadrants, rings, entries } = parsed.data;
  for (const e of entries) {
    if (!quadrants.some((q) => q.id === e.quadrant)) {
      failed = true;
      console.error(`entry ${e.id}: unknown quadrant ${e.quadrant}`);
    }
    for (const s of e.timeline) {
      if (!rings.some((r) => r.id === s.ringId) || Number.isNaN(s.date.getTime())) {
        failed = true;
        console.error(`entry ${e.id}: bad snapshot ${JSON.stringify(s)}`);
      }
    }
    const dates = e.timeline.map((s) => s.date.getTime());
    if (dates.some((d, i) => i > 0 && d >= dates[i - 1])) {
      failed = true;
      console.error(`entry ${e.id}: timeline not newest first`);
    }
  }
  console.log(`${entries.length} entries in ${quadrants.length} quadrants and ${rings.length} rings`);
}
process.exit(failed ? 1 : 0);
