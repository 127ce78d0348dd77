// A tiny sequential check runner: one line per check, `ok` or `FAIL` with the reason.
//
// Checks run one after the other (the order of the output is the order of registration,
// and no client's traffic interleaves with another's). Each check has a deadline, so one
// hung request fails that check instead of the whole run. What the clients print to the
// console while a check runs (cache and store warnings, mostly) is captured and shown under
// the check, once per distinct message.

import { inspect } from 'node:util';

const DEFAULT_TIMEOUT_MS = 20_000;
const MAX_WARNINGS = 8;

export class Harness {
  constructor({ only = [] } = {}) {
    this.only = only;
    this.results = [];
  }

  /** Runs `fn(ctx)` as the check `name`. `fn` fails by throwing. */
  async check(name, fn, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    if (this.only.length && !this.only.some((s) => name.includes(s))) return undefined;
    const ctx = new CheckContext();
    const restore = captureConsole(ctx);
    const started = performance.now();
    let failure = null;
    let value;
    let timer;
    try {
      value = await Promise.race([
        fn(ctx),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no result within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
      // Warnings a check declared fatal (e.g. Relay's "violated the globally unique id
      // requirement") fail it even when the data came out right.
      const fatal = ctx.fatalWarnings();
      if (fatal.length) {
        failure = `the client warned: ${fatal[0]}`;
      }
    } catch (e) {
      failure = describeError(e);
    } finally {
      clearTimeout(timer);
      restore();
    }
    const ms = Math.round(performance.now() - started);
    const line = failure
      ? `FAIL ${name}: ${oneLine(failure)}`
      : `ok   ${name}${ctx.detail ? ` (${oneLine(ctx.detail)})` : ''}`;
    console.log(`${line} [${ms} ms]`);
    for (const note of ctx.noteLines()) console.log(`       note: ${oneLine(note, 300)}`);
    this.results.push({ name, ok: !failure, failure, ms });
    return failure ? undefined : value;
  }

  summary() {
    const passed = this.results.filter((r) => r.ok).length;
    const failed = this.results.length - passed;
    return { passed, failed };
  }
}

export class CheckContext {
  constructor() {
    this.detail = '';
    this.notes = [];
    this.warnings = [];
    this.fatalPatterns = [];
  }

  /** A short fact shown on the `ok` line. */
  set(detail) {
    this.detail = detail;
  }

  note(text) {
    this.notes.push(text);
  }

  /** Console warnings matching `pattern` fail the check. */
  failOnWarning(pattern) {
    this.fatalPatterns.push(pattern);
  }

  fatalWarnings() {
    return this.warnings.filter((w) => this.fatalPatterns.some((p) => p.test(w)));
  }

  /** Notes, then the client's warnings: alike ones counted once, at most MAX_WARNINGS. */
  noteLines() {
    const counts = new Map();
    for (const w of this.warnings) {
      // graphcache warns once per object it cannot key (and embeds it in its parent):
      // one line per type.
      const unkeyed = /no key could be generated[\s\S]*custom `keys` config for `(\w+)`/.exec(w);
      const kind = unkeyed ? `graphcache: no key for type ${unkeyed[1]}, embedded in its parent (warning 15)` : w;
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
    }
    const kinds = [...counts];
    const warned = kinds
      .slice(0, MAX_WARNINGS)
      .map(([w, n]) => `client console${n > 1 ? ` (x${n})` : ''}: ${w}`);
    if (kinds.length > MAX_WARNINGS) warned.push(`client console: ${kinds.length - MAX_WARNINGS} more kinds of warning`);
    return [...this.notes, ...warned];
  }
}

function captureConsole(ctx) {
  const saved = { warn: console.warn, error: console.error, info: console.info, debug: console.debug };
  const grab = (...args) => {
    ctx.warnings.push(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '));
  };
  console.warn = grab;
  console.error = grab;
  console.info = grab;
  console.debug = grab;
  return () => Object.assign(console, saved);
}

export function describeError(e) {
  if (e instanceof Error) {
    const name = e.constructor?.name && e.constructor.name !== 'Error' ? `${e.constructor.name}: ` : '';
    return `${name}${e.message}`;
  }
  return typeof e === 'string' ? e : inspect(e);
}

export function oneLine(text, max = 600) {
  const s = String(text).replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** Throws with `message` unless `cond`. */
export function expect(cond, message) {
  if (!cond) throw new Error(typeof message === 'function' ? message() : message);
}
