// SPDX-License-Identifier: MIT
// Renders the pages for people in headless Chromium (tests/people/
// browser.sh): node browser.js SPEC.json SHOTS_DIR IMAGES_DIR.
// SPEC lists pages {name, url, headlines, images, type?, xslt?}. Each
// page is loaded at phone (390 px) and desktop (1280 px) width; it must
// come with Content-Type `type` (when given); with `xslt`, it must have
// been shown through feed.xsl (one h1, the first headline); every
// headline must be a visible element with exactly that text, not covered
// by another, every image must load (naturalWidth > 0) and take space,
// and nothing may be wider than the window. Requests to
// https://img.example/NAME get IMAGES_DIR/NAME; any other http(s)
// request gets 204 (so a share page's refresh stays on the page), but
// feedmill serve's on 127.0.0.1 is reached. Prints one TAP-like line per
// page and width: "ok ..." or "not ok ... (why)", and notes; a
// screenshot of each goes to SHOTS_DIR (NAME-WIDTH.png, and
// NAME-WIDTH-as-opened.png of the window before Chromium's XSLT banner
// is closed).
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const WIDTHS = [390, 1280];

// Chromium marks pages made by XSLT with a banner of its own (a
// popover at the top: XSLT is deprecated). Note it, and close it as a
// reader would, so that what the page itself shows is checked.
async function closeXsltBanner(page, notes, shot) {
  if (await page.locator('xslt-warning-banner').count() > 0)
    await page.screenshot({ path: shot }).catch(() => {});
  const n = await page.evaluate(() => {
    const b = document.querySelectorAll('xslt-warning-banner');
    b.forEach(e => { try { e.hidePopover(); } catch (x) { } e.remove(); });
    return b.length;
  });
  if (n > 0)
    notes.push('Chromium put its XSLT deprecation banner over the page ' +
      '(closed for the check)');
}

// True when the element's middle is not covered by another element.
function uncovered(el) {
  const r = el.getBoundingClientRect();
  const x = r.left + Math.min(r.width / 2, 20), y = r.top + r.height / 2;
  const top = document.elementFromPoint(x, y);
  return top !== null && (el === top || el.contains(top) || top.contains(el));
}

async function check(page, spec, width, notes, shots) {
  const why = [];
  const resp = await page.goto(spec.url, { waitUntil: 'load' });
  if (spec.type) {
    const t = resp ? resp.headers()['content-type'] : null;
    if (t !== spec.type)
      why.push(`served as ${t}, expected ${spec.type}`);
  }
  if (spec.xslt) {
    // The stylesheet ran: an HTML document with the feed's title as h1.
    const h1 = await page.locator('h1').allTextContents();
    if (h1.length !== 1 || h1[0] !== spec.headlines[0])
      why.push('not shown through feed.xsl (h1: ' + JSON.stringify(h1) +
        ')');
    await closeXsltBanner(page, notes,
      path.join(shots, `${spec.name}-${width}-as-opened.png`));
  }
  for (const h of spec.headlines) {
    const loc = page.getByText(h, { exact: true });
    const n = await loc.count();
    let visible = false;
    for (let i = 0; i < n && !visible; i++) {
      const el = loc.nth(i);
      if (!(await el.isVisible()))
        continue;
      await el.scrollIntoViewIfNeeded();
      visible = await el.evaluate(uncovered);
    }
    if (!visible)
      why.push('headline not visible: ' + JSON.stringify(h));
  }
  const imgs = await page.locator('img').all();
  for (const img of imgs) {
    await img.scrollIntoViewIfNeeded();
    await img.evaluate(i => i.complete && i.naturalWidth > 0 ? 0 :
      new Promise(r => { i.onload = i.onerror = r;
        setTimeout(r, 5000); }));
    const w = await img.evaluate(i => i.naturalWidth);
    const box = await img.boundingBox();
    const src = await img.getAttribute('src');
    if (!(w > 0))
      why.push('image not loaded: ' + src);
    else if (!box || box.width < 1 || box.height < 1)
      why.push('image takes no space: ' + src);
  }
  if (imgs.length !== spec.images)
    why.push(`${imgs.length} images, expected ${spec.images}`);
  const sw = await page.evaluate(() =>
    document.documentElement.scrollWidth);
  if (sw > width)
    why.push(`wider than the window: ${sw} px`);
  return why;
}

(async () => {
  const [specFile, shots, images] = process.argv.slice(2);
  const specs = JSON.parse(fs.readFileSync(specFile, 'utf8'));
  fs.mkdirSync(shots, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--allow-file-access-from-files',
      '--disable-gpu'],
  });
  let failed = 0;
  try {
    for (const width of WIDTHS) {
      const ctx = await browser.newContext({
        viewport: { width, height: 900 },
        deviceScaleFactor: 1,
      });
      await ctx.route(/^https?:\/\//, route => {
        const u = new URL(route.request().url());
        const file = path.join(images, path.basename(u.pathname));
        if (u.hostname === '127.0.0.1')
          return route.continue();
        if (u.hostname === 'img.example' && fs.existsSync(file))
          return route.fulfill({ status: 200, contentType: 'image/png',
            body: fs.readFileSync(file) });
        return route.fulfill({ status: 204, body: '' });
      });
      const page = await ctx.newPage();
      for (const spec of specs) {
        let why;
        const notes = [];
        try {
          why = await check(page, spec, width, notes, shots);
        } catch (e) {
          why = [String(e.message || e).split('\n')[0]];
        }
        for (const n of notes)
          console.log(`${spec.name} at ${width} px: ${n}`);
        await page.screenshot({ fullPage: true,
          path: path.join(shots, `${spec.name}-${width}.png`) })
          .catch(() => {});
        const what = `${spec.name} at ${width} px: ` +
          `${spec.headlines.length} headlines and ${spec.images} images ` +
          'visible';
        if (why.length === 0) {
          console.log('ok ' + what);
        } else {
          failed++;
          console.log(`not ok ${what} (${why.join('; ')})`);
        }
      }
      await ctx.close();
    }
  } finally {
    await browser.close();
  }
  process.exit(failed ? 1 : 0);
})().catch(e => { console.log('not ok browser: ' + e.message); process.exit(1); });
