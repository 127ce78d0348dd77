// The decisions dashboard (/analytics) in headless Chromium, against a running service
// whose database tests/api/dashboard_page.rs seeded (three clients, two catalog versions).
//
//   node tests/browser/dashboard.mjs <service url>
//
// Environment: TOKEN (the service's ANALYTICS_TOKEN), SCREENSHOT_DIR, CHROMIUM.
// Every page runs with requests to other origins aborted, and with script errors and CSP
// violations collected: each fails the run. The numbers the page shows are compared with
// what `decisionStats` answers to the same filters.

import { readFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const BASE = new URL(process.argv[2] ?? "http://127.0.0.1:8080/").origin;
const TOKEN = process.env.TOKEN ?? "";
const SHOTS = process.env.SCREENSHOT_DIR ?? "screenshots";
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
mkdirSync(SHOTS, { recursive: true });

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const results = [];
const axeReport = [];

async function test(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push(true);
    console.log(`ok - ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    results.push(false);
    console.log(`not ok - ${name}\n${String(e?.stack ?? e).replace(/^/gm, "    ")}`);
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(`assertion failed: ${message}`);
}

/** A fresh context; foreign requests aborted, problems and every request URL recorded. */
async function open({ colorScheme = "light", viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport, colorScheme, acceptDownloads: true });
  const foreign = [];
  const problems = [];
  const urls = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    urls.push(url);
    if (new URL(url).origin === BASE || url.startsWith("blob:")) return route.continue();
    foreign.push(url);
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`script error: ${e.message}`));
  page.on("console", (m) => {
    const text = m.text();
    if (/Content Security Policy|Refused to/i.test(text)) problems.push(`CSP: ${text}`);
    else if (m.type() === "error" && !/Failed to load resource/.test(text)) problems.push(`console error: ${text}`);
  });
  return {
    page,
    urls,
    async done() {
      await context.close();
      assert(foreign.length === 0, `requests to other origins: ${foreign.join(", ")}`);
      assert(problems.length === 0, `problems on the page:\n${problems.join("\n")}`);
    },
  };
}

async function axe(page, state) {
  await page.evaluate(AXE_SOURCE);
  const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  const by = (impact) => violations.filter((v) => v.impact === impact);
  axeReport.push(`AXE ${state}: critical ${by("critical").length}, serious ${by("serious").length}, moderate ${by("moderate").length}, minor ${by("minor").length} ${violations.map((v) => `${v.impact}:${v.id}`).join(" ")}`);
  const bad = [...by("critical"), ...by("serious")];
  assert(bad.length === 0, `axe in "${state}":\n${bad.map((v) => `  ${v.impact} ${v.id}: ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`).join("\n")}`);
}

/** What `decisionStats` answers the analyst for these arguments. */
async function graphql(args, selection) {
  const res = await fetch(`${BASE}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ query: `{ decisionStats${args} { ${selection} } }` }),
  });
  const body = await res.json();
  assert(!body.errors, JSON.stringify(body.errors));
  return body.data.decisionStats;
}

async function signIn(page) {
  await page.goto(`${BASE}/analytics`);
  await page.locator("#token").fill(TOKEN);
  await page.keyboard.press("Enter");
  await loaded(page);
}

async function loaded(page) {
  await page.waitForFunction(() => /^(Showing|Fewer)/.test(document.getElementById("status")?.textContent ?? ""));
}

/** RFC 4180 fields of one CSV text. */
function parseCsv(text) {
  const rows = [[]];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") rows.at(-1).push(field), (field = "");
    else if (ch === "\r" && text[i + 1] === "\n") rows.at(-1).push(field), (field = ""), rows.push([]), i++;
    else field += ch;
  }
  if (rows.at(-1).length === 0) rows.pop();
  return rows;
}

/** The CSV a figure's button downloads, as rows of fields. */
async function downloadCsv(page, name) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator(`button[data-csv="${name}"]`).click()]);
  return parseCsv(readFileSync(await download.path(), "utf8"));
}

const asCsv = (v) => (v === null ? "suppressed" : Number.isInteger(v) ? String(v) : v.toFixed(3));

await test("without a token the dashboard asks for one and shows no figures", async () => {
  const t = await open();
  const { page } = t;
  const graphqlCalls = [];
  page.on("request", (r) => r.url().endsWith("/graphql") && graphqlCalls.push(r));
  await page.goto(`${BASE}/analytics`);
  await page.locator("#login").waitFor();
  assert(await page.locator("#dashboard").isHidden(), "no dashboard without a token");
  assert(graphqlCalls.length === 0, "nothing is asked without a token");
  await axe(page, "token form");
  await page.screenshot({ path: join(SHOTS, "dashboard-token.png") });
  // A wrong token: the service refuses it, the form comes back with its message.
  await page.locator("#token").fill("not-the-token");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => (document.getElementById("login-error")?.textContent ?? "").includes("refused"));
  assert(await page.locator("#login").isVisible(), "the form is back");
  assert((await page.evaluate(() => sessionStorage.length)) === 0, "a refused token is not kept");
  await t.done();
});

await test("with the token, the figures equal decisionStats and suppressed cells say so", async () => {
  const t = await open();
  const { page, urls } = t;
  await signIn(page);
  const s = await graphql("", "total minGroupSize timeSeries { start count byFramework { count } } outcomes { count } agreementRate { rate outcomes } agreementByFramework { rate outcomes } byClient { clientName count }");
  assert((await page.locator("#status").innerText()).includes(`Showing ${s.total} decisions`), await page.locator("#status").innerText());
  assert(urls.every((u) => !u.includes(TOKEN)), "the token is in no URL");
  assert((await page.evaluate(() => location.href)).endsWith("/analytics"), "nor in the page's address");

  // Decisions over time: the CSV is the API's numbers, suppressed where they are null.
  const series = await downloadCsv(page, "decisions-over-time");
  assert(series.length === s.timeSeries.length + 1, `one line per bucket: ${series.length}`);
  s.timeSeries.forEach((p, i) => {
    const line = series[i + 1];
    assert(line[0] === p.start && line[2] === asCsv(p.count), `bucket ${p.start}: ${line}`);
    p.byFramework.forEach((c, f) => assert(line[3 + f] === asCsv(c.count), `bucket ${p.start}, column ${f}: ${line[3 + f]} vs ${c.count}`));
  });
  assert(series.some((l) => l.includes("suppressed")), "some cells are suppressed");
  assert(s.timeSeries.some((p) => p.byFramework.some((c) => c.count === null)), "the API hides some too");

  // Recommended vs chosen, with the agreement rates.
  const matrix = await downloadCsv(page, "recommended-vs-chosen");
  const n = s.agreementByFramework.length;
  for (let r = 0; r < n; r++) {
    const line = matrix[r + 1];
    for (let c = 0; c < n; c++) assert(line[1 + c] === asCsv(s.outcomes[r * n + c].count), `outcome ${r},${c}: ${line[1 + c]}`);
    assert(line[1 + n] === asCsv(s.agreementByFramework[r].rate), `rate of row ${r}: ${line[1 + n]}`);
  }
  const headline = await page.locator("#agreement").innerText();
  assert(headline.includes(`of ${s.agreementRate.outcomes} reported outcomes`), headline);
  // The table shows suppressed cells as the word, never as 0.
  const cells = await page.locator('table[data-table="recommended-vs-chosen"] td').allTextContents();
  assert(cells.includes("suppressed"), "suppressed cells are marked");
  const zeroes = s.outcomes.filter((o) => o.count === 0).length;
  assert(cells.filter((c) => c === "0").length === zeroes, "a 0 only where the API said 0");
  assert((await page.locator("svg .suppressed-mark").count()) > 0, "charts draw suppressed values hatched");

  // Clients: the small segment of portal-c counts nowhere, its large week does.
  const clients = await downloadCsv(page, "clients");
  assert(JSON.stringify(clients.slice(1)) === JSON.stringify(s.byClient.map((c) => [c.clientName, String(c.count)])), `clients: ${clients}`);
  await axe(page, "dashboard");
  await page.screenshot({ path: join(SHOTS, "dashboard.png"), fullPage: true });
  await t.done();
});

await test("filters change the figures", async () => {
  const t = await open();
  const { page } = t;
  await signIn(page);
  const before = await page.locator("#summary").innerText();
  await page.selectOption("#client", "portal-b");
  await page.waitForFunction(() => (document.getElementById("status")?.textContent ?? "").startsWith("Showing") && document.querySelectorAll('table[data-table="clients"] tbody tr').length === 1);
  const b = await graphql('(clientName: "portal-b")', "total byCatalogVersion { catalogVersion count }");
  assert((await page.locator("#status").innerText()).includes(`Showing ${b.total} decisions`), "the total follows the client");
  assert((await page.locator("#summary").innerText()) !== before, "the summary changed");
  const versions = await downloadCsv(page, "catalog-versions");
  assert(versions.length === 2 && versions[1][0] === b.byCatalogVersion[0].catalogVersion, `portal-b's version only: ${versions}`);
  // Buckets: months are fewer than weeks.
  await page.selectOption("#client", "");
  await loaded(page);
  const weeks = await page.locator('table[data-table="decisions-over-time"] tbody tr').count();
  await page.selectOption("#bucket", "DAY");
  await page.waitForFunction((w) => document.querySelectorAll('table[data-table="decisions-over-time"] tbody tr').length > w, weeks);
  // A question's answers by top framework.
  await page.selectOption("#criterion", "admin_panel");
  await page.waitForSelector('table[data-table="answers-admin_panel"]', { state: "attached" });
  const answers = await downloadCsv(page, "answers-admin_panel");
  const a = await graphql("", 'answers(criterionId: "admin_panel") { count }');
  assert(answers[1][1] === asCsv(a.answers[0].count), `answers: ${answers[1]}`);
  await t.done();
});

await test("keyboard only: filters, tables and downloads are reachable", async () => {
  const t = await open({ colorScheme: "dark" });
  const { page } = t;
  await signIn(page);
  for (let i = 0; i < 60; i++) {
    if (await page.evaluate(() => document.activeElement?.matches('button[data-csv="decisions-over-time"]') ?? false)) break;
    await page.keyboard.press("Tab");
  }
  assert(await page.evaluate(() => document.activeElement?.matches('button[data-csv="decisions-over-time"]') ?? false), "Tab reaches the first CSV button");
  const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  assert(download.suggestedFilename() === "decisions-over-time.csv", download.suggestedFilename());
  await page.locator("#over-time details summary").focus();
  await page.keyboard.press("Enter");
  assert(await page.locator('#over-time table[data-table="decisions-over-time"]').isVisible(), "Enter opens the table");
  await axe(page, "dashboard, dark, table open");
  await page.screenshot({ path: join(SHOTS, "dashboard-dark.png") });
  await t.done();
});

await test("on a phone the figures fit the width and stay readable", async () => {
  const t = await open({ viewport: { width: 390, height: 844 } });
  const { page } = t;
  await signIn(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
  await axe(page, "dashboard, phone");
  await page.screenshot({ path: join(SHOTS, "dashboard-phone.png"), fullPage: true });
  await t.done();
});

await browser.close();
for (const line of axeReport) console.log(line);
const failed = results.filter((ok) => !ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
