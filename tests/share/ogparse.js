// SPDX-License-Identifier: MIT
// Parse share pages with open-graph-scraper (an independent OpenGraph
// reader) and print what it saw, one JSON object a line.
const ogs = require('open-graph-scraper');
const fs = require('fs');
(async () => {
  for (const f of process.argv.slice(2)) {
    const { result } = await ogs({ html: fs.readFileSync(f, 'utf8') });
    console.log(JSON.stringify({file: f, title: result.ogTitle, description: result.ogDescription, url: result.ogUrl, type: result.ogType, image: result.ogImage && result.ogImage[0]}));
  }
})().catch(e => { console.error(e); process.exit(1); });
