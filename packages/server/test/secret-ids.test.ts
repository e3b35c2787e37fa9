// The server's pooled secret ids (domain/secret-ids.ts): the protocol's form (spec P-ID-1), and
// no repeats across pool refills.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { isSecretId } from 'zephr';
import { newSecretId } from '../src/domain/secret-ids.js';

it('pooled ids are 16 random bytes in base64url, never repeated across refills', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 5_000; i++) { // about 20 refills of the 256-id pool
    const id = newSecretId();
    assert.ok(isSecretId(id), id);
    assert.equal(Buffer.from(id, 'base64url').length, 16);
    seen.add(id);
  }
  assert.equal(seen.size, 5_000);
  assert.ok(!seen.has('AAAAAAAAAAAAAAAAAAAAAA'), 'an id was drawn from zeroed pool bytes');
});
