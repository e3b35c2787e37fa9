// The web interface's round trip as two people would do it, for suites that check a deployment
// (installed tarball, container, TLS proxy): one visitor creates a secret on the page, a second
// (a fresh browser context) opens the link and reveals it.
import type { Browser, BrowserContextOptions } from 'playwright-core';
import { watchedPage } from './browser.js';

export interface RoundTrip {
  link: string;
  plaintext: string;
  /** Console errors and CSP violations on either page. */
  problems: string[];
}

export async function webRoundTrip(browser: Browser, origin: string, text: string, options: BrowserContextOptions = {}): Promise<RoundTrip> {
  const sender = await watchedPage(browser, options);
  const reader = await watchedPage(browser, options);
  try {
    await sender.page.goto(`${origin}/`);
    await sender.page.locator('#expiry option').first().waitFor({ state: 'attached' });
    await sender.page.fill('#secret', text);
    await sender.page.click('#submit');
    await sender.page.locator('#result').waitFor();
    const link = await sender.page.inputValue('#link');
    await reader.page.goto(link);
    await reader.page.click('#reveal');
    await reader.page.locator('#revealed:not([hidden])').waitFor();
    return { link, plaintext: await reader.page.inputValue('#plaintext'), problems: [...sender.problems, ...reader.problems] };
  } finally {
    await sender.context.close();
    await reader.context.close();
  }
}
