// verifyWebhookSignature against signatures made here with node:crypto, as the gateway makes them.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { verifyWebhookSignature } from '../dist/index.js';

const secret = 'whsec_Qm9vZ2llV29vZ2llQm9vZ2llV29vZ2llQm9vZ2llV28';
const body = '{"id":"evt_1","type":"generation.succeeded","data":{"generation":{"id":"g","status":"succeeded"}}}';
const now = 1_790_000_000_000;
const t = now / 1000;
const sign = (payload, at = t, key = secret) => `t=${at},v1=${createHmac('sha256', key).update(`${at}.${payload}`).digest('hex')}`;

test('a genuine signature verifies, for the body as a string or as bytes', async () => {
  assert.equal(await verifyWebhookSignature({ secret, header: sign(body), body, now }), true);
  assert.equal(await verifyWebhookSignature({ secret, header: sign(body), body: new TextEncoder().encode(body), now }), true);
  // A secret rotation sends two v1 entries; either matching is enough.
  assert.equal(await verifyWebhookSignature({ secret, header: `${sign(body, t, 'whsec_old')},${sign(body).split(',')[1]}`, body, now }), true);
});

test('a changed body, another secret, a stale or future time, or a malformed header is refused', async () => {
  assert.equal(await verifyWebhookSignature({ secret, header: sign(body), body: body.replace('succeeded', 'failed'), now }), false);
  assert.equal(await verifyWebhookSignature({ secret: 'whsec_other', header: sign(body), body, now }), false);
  assert.equal(await verifyWebhookSignature({ secret, header: sign(body, t - 301), body, now }), false);
  assert.equal(await verifyWebhookSignature({ secret, header: sign(body, t + 301), body, now }), false);
  assert.equal(await verifyWebhookSignature({ secret, header: sign(body, t - 290), body, now }), true);
  for (const header of [undefined, null, '', 'v1=abc', `t=${t}`, `t=${t},t=${t},v1=${'0'.repeat(64)}`, `t=x,v1=${'0'.repeat(64)}`, 'garbage', `t=${t},v1=${'zz'.repeat(32)}`, 'x'.repeat(5000)]) {
    assert.equal(await verifyWebhookSignature({ secret, header, body, now }), false, `header ${header}`);
  }
});
