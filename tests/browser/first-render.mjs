// Measures the questionnaire's first render, cold (a new browser context each time: no
// cache), in headless Chromium: first contentful paint, questions on screen
// (performance mark "fm:questionnaire") and result on screen ("fm:result") for a shared
// link with four answers. For BENCHMARKS.md.
//
//   node tests/browser/first-render.mjs [url] [runs]
import { chromium } from "playwright-core";

const base = new URL(process.argv[2] ?? "http://127.0.0.1:8080/").origin;
const runs = Number(process.argv[3] ?? 7);
const link = `${base}/#admin_panel=yes&data_model=document&realtime=core*0&team_size=large&lang=PYTHON`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const rows = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(link);
  await page.locator(".ranking").waitFor();
  rows.push(await page.evaluate(() => ({
    fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
    questions: performance.getEntriesByName("fm:questionnaire")[0]?.startTime ?? NaN,
    result: performance.getEntriesByName("fm:result")[0]?.startTime ?? NaN,
  })));
  await context.close();
}
await browser.close();
const stat = (k) => {
  const v = rows.map((r) => r[k]).sort((a, b) => a - b);
  return `median ${v[Math.floor(v.length / 2)].toFixed(0)} ms, max ${v[v.length - 1].toFixed(0)} ms`;
};
console.log(`${runs} cold loads of ${link}`);
console.log(`first contentful paint: ${stat("fcp")}`);
console.log(`questions on screen:    ${stat("questions")}`);
console.log(`result on screen:       ${stat("result")}`);
