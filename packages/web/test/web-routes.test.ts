// The web interface's routes over plain HTTP (no browser): strict headers and no-store on pages,
// immutable hashed assets, no inline code, the reveal page never reading the record, and 404s.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSecret, retrieveSecret } from 'zephr';
import { type Harness, startServer } from '@zephr/test-support';

describe('web routes over HTTP (no browser)', () => {
  let h: Harness;
  before(async () => { h = await startServer(); });
  after(async () => { await h?.close(); });

  it('pages are HTML with the strict headers and no-store; hashed assets are immutable', async () => {
    for (const path of ['/', '/docs', '/secret/AAAAAAAAAAAAAAAAAAAAAA', '/signin', '/account', '/device', '/plans', '/admin']) {
      const res = await fetch(h.url + path);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(res.headers.get('cache-control'), 'no-store', path);
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/, path);
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
      const html = await res.text();
      assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, `${path}: no inline script`);
      assert.doesNotMatch(html, /\sstyle=|\son[a-z]+=/i, `${path}: no inline style or handler`);
      // Pages that encrypt or decrypt explain why JavaScript is needed; the docs need none.
      if (path !== '/docs') assert.match(html, /<noscript>[\s\S]*needs JavaScript[\s\S]*<\/noscript>/);
      for (const asset of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) {
        const a = await fetch(h.url + asset[1]!);
        assert.equal(a.status, 200, asset[1]);
        assert.match(a.headers.get('cache-control') ?? '', /max-age=31536000.*immutable|immutable.*max-age=31536000/, asset[1]);
      }
    }
  });

  it('/secret/<id> serves the page without reading the record [A-GET-6]', async () => {
    const made = (await createSecret('still here', { baseUrl: h.url })) as { fullLink: string; secretId: string };
    const page = await fetch(made.fullLink.split('#')[0]!);
    assert.equal(page.status, 200);
    assert.equal((await retrieveSecret(made.fullLink)).plaintext, 'still here');
  });

  it('unknown paths: the 404 page for browsers, the JSON envelope for everyone else', async () => {
    const browserish = await fetch(h.url + '/nowhere', { headers: { accept: 'text/html,application/xhtml+xml' } });
    assert.equal(browserish.status, 404);
    assert.match(await browserish.text(), /<title>[^<]*Not found/);
    const api = await fetch(h.url + '/nowhere');
    assert.equal(api.status, 404);
    assert.equal(((await api.json()) as { error: { code: string } }).error.code, 'NOT_FOUND');
    const apiHtml = await fetch(h.url + '/api/nowhere', { headers: { accept: 'text/html' } });
    assert.match(apiHtml.headers.get('content-type') ?? '', /application\/json/);
    const missingAsset = await fetch(h.url + '/assets/nope-123.js');
    assert.equal(missingAsset.status, 404);
  });
});
