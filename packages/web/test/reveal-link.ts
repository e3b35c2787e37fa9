// Reveals a Zephr link in Debian's Chromium the way a person would, for cross-surface tests in
// other languages: opens the page, pastes the key when the link has none (split mode), clicks
// Reveal, and prints {"plaintext","hint"} as JSON on stdout (or {"problem"} if the page shows one).
// Usage: node --import tsx packages/web/test/reveal-link.ts <link-or-url> [key]
import { launch, watchedPage } from '@zephr/test-support';

const [link, key] = process.argv.slice(2);
if (link === undefined) {
  console.error('usage: reveal-link.ts <link-or-url> [key]');
  process.exit(2);
}
const browser = await launch();
try {
  const w = await watchedPage(browser);
  await w.page.goto(link);
  if (key !== undefined) await w.page.fill('#key', key);
  await w.page.click('#reveal');
  await w.page.locator('#revealed:not([hidden]), #problem:not([hidden])').first().waitFor();
  const result = await w.page.isVisible('#revealed')
    ? { plaintext: await w.page.inputValue('#plaintext'), hint: (await w.page.isVisible('#hint-line')) ? await w.page.textContent('#hint-text') : null }
    : { problem: await w.page.textContent('#problem-title') };
  if (w.problems.length > 0) Object.assign(result, { consoleErrors: w.problems });
  process.stdout.write(JSON.stringify(result) + '\n');
} finally {
  await browser.close();
}
