// The REST API docs page (/api/v1/docs) in headless Chromium, against a running service:
//
//   node tests/browser/apidocs.mjs <url of the service>
//
// Run by tests/api/rest/docs_page.rs. Fails (exit 1) when the page requests another
// origin, breaks its CSP, throws, does not render every operation of the OpenAPI
// document, or has serious or critical axe-core violations.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const BASE = new URL(process.argv[2] ?? "http://127.0.0.1:8080/").origin;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const problems = [];
try {
  const context = await browser.newContext();
  await context.route("**/*", (route) => {
    if (new URL(route.request().url()).origin === BASE) return route.continue();
    problems.push(`request to another origin: ${route.request().url()}`);
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`script error: ${e.message}`));
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text()) || m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });

  const doc = await (await fetch(`${BASE}/api/v1/openapi.json`)).json();
  const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
  await page.goto(`${BASE}/api/v1/docs`);
  await page.waitForSelector("section.operation");
  const rendered = await page.locator("section.operation").count();
  if (rendered !== operations) problems.push(`${rendered} operations rendered, the document has ${operations}`);
  const heading = await page.locator("h3", { hasText: "/api/v1/frameworks/{frameworkId}" }).count();
  if (heading !== 1) problems.push("no section for GET /api/v1/frameworks/{frameworkId}");
  const problemSchema = await page.locator("#schema-Problem").count();
  if (problemSchema !== 1) problems.push("the Problem schema is not rendered");

  await page.evaluate(AXE_SOURCE); // through the DevTools protocol: the page's CSP stays strict
  const { violations } = await page.evaluate(() =>
    // @ts-ignore axe is a global once injected
    window.axe.run(document, { resultTypes: ["violations"] }),
  );
  for (const v of violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
    problems.push(`axe ${v.impact} ${v.id}: ${v.help}`);
  }
  console.log(`rendered ${rendered} operations; axe violations: ${violations.map((v) => `${v.impact}:${v.id}`).join(" ") || "none"}`);
} finally {
  await browser.close();
}
if (problems.length) {
  console.log(`not ok - the REST docs page\n${problems.map((p) => `    ${p}`).join("\n")}`);
  process.exit(1);
}
console.log("ok - the REST docs page");
