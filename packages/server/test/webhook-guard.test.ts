// The SSRF guard with the allow flags off: what webhooks may never reach, unit and end to end.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressProblem, type Lookup, resolveTarget, systemLookup } from '../src/webhooks/outbound-guard.js';
import { call, create, newKey, startServer, until } from '@zephr/test-support';
import { pending, receiver, SIGNING } from './support/webhook-receiver.js';

describe('the SSRF guard (flags off)', () => {
  const off = { allowPrivate: false, allowHttp: false, lookup: (async (name: string) => name === 'rebind.test' ? [{ address: '8.8.8.8', family: 4 }, { address: '127.0.0.1', family: 4 }] : name === 'loop.test' ? [{ address: '::1', family: 6 }] : systemLookup(name)) as Lookup };

  it('[A-HOOK-5] refuses loopback, private, link-local, metadata, mapped and non-https targets, and names that resolve to them', async () => {
    const refused = [
      'https://localhost/x', 'https://127.0.0.1/x', 'https://[::1]/x', 'https://10.1.2.3/x', 'https://192.168.1.1/x', 'https://172.16.0.1/x',
      'https://169.254.169.254/latest/meta-data', 'https://[::ffff:127.0.0.1]/x', 'https://[::ffff:a9fe:a9fe]/x', 'https://100.64.0.1/x',
      'https://0.0.0.0/x', 'https://224.0.0.1/x', 'https://[fe80::1]/x', 'https://[fd00:ec2::254]/x', 'https://[::]/x', 'https://240.0.0.1/x',
      'https://2130706433/x', 'https://loop.test/x', 'https://rebind.test/x', 'http://93.184.216.34/x', 'ftp://93.184.216.34/x', 'https://user:pw@93.184.216.34/x',
    ];
    for (const url of refused) await assert.rejects(resolveTarget(url, off), { name: 'TargetRefused' }, url);
    const target = await resolveTarget('https://93.184.216.34:8443/hook', off);
    assert.deepEqual([target.address, target.family, target.servername], ['93.184.216.34', 4, undefined]);
    assert.equal(addressProblem('::ffff:10.0.0.1'), 'private');
    assert.equal(addressProblem('2606:4700:4700::1111'), null);
  });

  it('end to end: a callback to 127.0.0.1 is never contacted, and the refusal is logged', async () => {
    const rx = await receiver();
    const h = await startServer({}, { config: { webhooks: { allowPrivate: false, allowHttp: true, timeoutMs: 1000, retryDelaysMs: [1000, 5000], pollMs: 20 } } });
    try {
      h.services.webhooks.start();
      const r = await create(h, { callback_url: `${rx.url}/x`, callback_secret: SIGNING }, { key: await newKey(h.store, 'dev') });
      await call(h.url, `/api/secrets/${(r.body as { id: string }).id}`);
      await until(() => h.logs.some((l) => l.includes('"outcome":"refused"')), 'the refusal');
      assert.match(h.logs.find((l) => l.includes('"outcome":"refused"'))!, /127\.0\.0\.1 \(loopback\)/);
      assert.equal(rx.hits.length, 0);
      assert.equal(pending(h).n, 0);
    } finally {
      await h.close();
      await rx.close();
    }
  });

  it('anonymous callers get 403 UPGRADE_REQUIRED; http callback URLs are refused when the flag is off', async () => {
    const h = await startServer();
    try {
      const anon = await create(h, { callback_url: 'https://hooks.example/z', callback_secret: SIGNING });
      assert.equal(anon.status, 403);
      assert.deepEqual(anon.body, { error: { code: 'UPGRADE_REQUIRED', message: 'Callbacks require an API key' } });
      const http = await create(h, { callback_url: 'http://hooks.example/z', callback_secret: SIGNING }, { key: await newKey(h.store, 'dev') });
      assert.equal((http.body as { error: { code: string } }).error.code, 'INVALID_CALLBACK_URL_PROTOCOL');
    } finally {
      await h.close();
    }
  });
});
