// Runs against a live gateway: MUREKA_BASE_URL and MUREKA_API_KEY (tests/Mureka.Sdk.Tests starts a
// stack and runs this file; by hand: ops/dev-stack.sh up, then MUREKA_API_KEY=$(cat .local/stack/demo.key)).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Mureka, MurekaProblemError, getGeneration, listModels, listGenerations, verifyLicense, findLicensedFile, licenseKeySetPath } from '../dist/index.js';

const baseUrl = process.env.MUREKA_BASE_URL ?? 'http://127.0.0.1:8080';
const apiKey = process.env.MUREKA_API_KEY;
if (!apiKey) {
  throw new Error('set MUREKA_API_KEY (and MUREKA_BASE_URL) to a running gateway');
}
const mureka = new Mureka({ baseUrl, apiKey, initialPollMs: 100 });

/** Sample frames in a complete PCM WAV file; throws when the bytes are not one. */
function wavDurationMs(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at) => String.fromCharCode(...bytes.subarray(at, at + 4));
  assert.equal(tag(0), 'RIFF');
  assert.equal(view.getUint32(4, true), bytes.length - 8, 'RIFF size matches the file');
  assert.equal(tag(8), 'WAVE');
  let at = 12;
  let channels = 0, rate = 0, bits = 0;
  while (at + 8 <= bytes.length) {
    const size = view.getUint32(at + 4, true);
    if (tag(at) === 'fmt ') {
      channels = view.getUint16(at + 10, true);
      rate = view.getUint32(at + 12, true);
      bits = view.getUint16(at + 22, true);
    } else if (tag(at) === 'data') {
      assert.equal(bytes.length - at - 8, size, 'data runs to the end of the file');
      return (size / (channels * bits / 8) / rate) * 1000;
    }
    at += 8 + size + (size & 1);
  }
  throw new Error('no data chunk');
}

test('createWaitAndDownload: a 3 s WAV arrives whole, with progress reported', async () => {
  const stages = [];
  const { generation, audio } = await mureka.createWaitAndDownload(
    { prompt: 'calm lo-fi with piano', duration_ms: 3000, format: 'wav', seed: 7 },
    { onProgress: (stage) => stages.push(stage) },
  );

  assert.equal(generation.status, 'succeeded');
  assert.equal(generation.resolved.duration_ms, 3000);
  assert.equal(audio.length, generation.audio.find((a) => a.name === 'mix').size_bytes);
  assert.ok(Math.abs(wavDurationMs(audio) - 3000) < 1, 'exactly the requested length');
  assert.equal(stages[0], 'queued');
  assert.equal(stages.at(-1), 'done');
});

test('wait follows the event stream: running with the render fraction, then the finished generation', async () => {
  const created = await mureka.create({ genre: 'house', duration_ms: 12000, format: 'wav', seed: 11 });
  const fractions = [];
  const generation = await mureka.wait(created.id, { onProgress: (stage, _, event) => { if (stage === 'running' && event) fractions.push(event.fraction); } });

  assert.equal(generation.status, 'succeeded');
  assert.ok(fractions.some((f) => f > 0 && f < 1), `render progress arrived: ${JSON.stringify(fractions)}`);
  assert.deepEqual([...fractions].sort((a, b) => a - b), fractions, 'the fraction only grows');
});

test('events: an unknown id is a 404 MurekaProblemError; a finished one yields its final event alone', async () => {
  const missing = await (async () => { for await (const _ of mureka.events('00000000-0000-0000-0000-000000000000')) { /* none */ } })().catch((e) => e);
  const done = await mureka.createAndWait({ genre: 'ambient', duration_ms: 2000, format: 'wav' });
  const events = [];
  for await (const event of mureka.events(done.id)) {
    events.push(event);
  }

  assert.ok(missing instanceof MurekaProblemError, String(missing));
  assert.equal(missing.status, 404);
  assert.deepEqual(events.map((e) => e.type), ['succeeded']);
  assert.equal(events[0].generation.id, done.id);
});

test('create: a bad field is a MurekaProblemError naming it', async () => {
  const error = await mureka.create({ bpm: 500, duration_ms: 3000 }).catch((e) => e);

  assert.ok(error instanceof MurekaProblemError, String(error));
  assert.equal(error.status, 400);
  assert.ok(error.errors.bpm?.length > 0, JSON.stringify(error.errors));
  assert.ok(error.errors.prompt?.length > 0, 'neither prompt nor genre: prompt is named too');
  assert.match(error.requestId, /^req_[0-9a-f]{32}$/);
});

test('getGeneration: an unknown id answers 404 problem+json', async () => {
  const { error, response } = await getGeneration({ client: mureka.client, path: { id: '00000000-0000-0000-0000-000000000000' } });

  assert.equal(response.status, 404);
  assert.equal(error.status, 404);
  assert.ok(error.title);
});

test('listModels and listGenerations: the generated functions work with the helper client', async () => {
  const models = await listModels({ client: mureka.client, throwOnError: true });
  const page = await listGenerations({ client: mureka.client, query: { limit: 5 }, throwOnError: true });

  assert.ok(models.data.data.some((m) => m.id === 'mureka-compose-1'));
  assert.ok(Array.isArray(page.data.data));
});

test('a wrong key is refused with 401', async () => {
  const stranger = new Mureka({ baseUrl, apiKey: 'mk_live_not_a_real_key' });
  const error = await stranger.create({ duration_ms: 3000 }).catch((e) => e);

  assert.ok(error instanceof MurekaProblemError, String(error));
  assert.equal(error.status, 401);
});

test('listAll walks every page, newest first, each generation once', async () => {
  const made = [];
  for (let i = 0; i < 3; i++) {
    made.push((await mureka.create({ genre: 'chiptune', duration_ms: 1000, seed: 100 + i })).id);
  }
  const seen = [];
  for await (const generation of mureka.listAll({ pageSize: 2 })) {
    seen.push(generation.id);
  }

  assert.equal(new Set(seen).size, seen.length, 'no generation twice');
  assert.deepEqual(seen.slice(0, 3), [...made].reverse(), 'the newest first');

  const jazz = [];
  for await (const generation of mureka.listAll({ genre: 'jazz' })) {
    jazz.push(generation.id);
  }
  const chiptune = [];
  for await (const generation of mureka.listAll({ genre: 'chiptune', pageSize: 2 })) {
    chiptune.push(generation.id);
  }
  assert.ok(!jazz.some((id) => made.includes(id)), 'the genre filter leaves the chiptunes out');
  assert.ok(made.every((id) => chiptune.includes(id)), 'and keeps them under their own genre, page after page');
});

test('listAll takes the catalogue filters and sort: labels, free text, tempo', async () => {
  const project = `p-${Date.now()}`;
  const slow = await mureka.create({ genre: 'jazz', duration_ms: 1000, bpm: 80, title: 'Slow Harbour', labels: { project } });
  const fast = await mureka.create({ genre: 'jazz', duration_ms: 1000, bpm: 160, title: 'Fast Harbour', labels: { project } });
  await mureka.create({ genre: 'jazz', duration_ms: 1000, bpm: 120, title: 'Unlabelled Harbour' });

  const byTempo = [];
  for await (const generation of mureka.listAll({ label: [`project:${project}`], q: 'harbour', sort: '-bpm', pageSize: 1 })) {
    byTempo.push(generation.id);
  }
  const slowOnly = [];
  for await (const generation of mureka.listAll({ label: [`project:${project}`], max_bpm: 100 })) {
    slowOnly.push(generation.title);
  }

  assert.deepEqual(byTempo, [fast.id, slow.id]);
  assert.deepEqual(slowOnly, ['Slow Harbour']);
  assert.equal(slow.labels.project, project);
});

test('estimate quotes what a create then bills', async () => {
  const estimate = await mureka.estimate({ genre: 'jazz', duration_ms: 2000 });
  const created = await mureka.create({ genre: 'jazz', duration_ms: 2000 });

  assert.equal(estimate.resolved.genre, 'jazz');
  assert.equal(estimate.billable_seconds, created.billable_seconds);
  assert.equal(typeof estimate.quota.within_quota, 'boolean');
  const refused = await mureka.estimate({}).catch((e) => e);
  assert.ok(refused instanceof MurekaProblemError && refused.status === 400, String(refused));
});

test('createVariations makes n generations with distinct seeds in one batch, listed by it', async () => {
  const batch = await mureka.createVariations({ genre: 'ambient', duration_ms: 2000, seed: 500 }, 3);
  const listed = [];
  for await (const generation of mureka.listAll({ batch_id: batch.batch_id, sort: 'created_at' })) {
    listed.push(generation.id);
  }

  assert.deepEqual(batch.generations.map((g) => g.resolved.seed), [500, 501, 502]);
  assert.ok(batch.generations.every((g) => g.batch_id === batch.batch_id));
  assert.deepEqual(listed, batch.generations.map((g) => g.id));
  const refused = await mureka.createVariations({ genre: 'ambient' }, 0).catch((e) => e);
  assert.ok(refused instanceof MurekaProblemError && refused.status === 400, String(refused));
});

test('extend continues a track: the joined length, linked to it, billed for what it adds', async () => {
  const parent = await mureka.createAndWait({ genre: 'house', duration_ms: 4000, seed: 520 });
  const extended = await mureka.extend(parent.id, { duration_ms: 3000 });
  const done = await mureka.wait(extended.id);

  assert.equal(done.parent_id, parent.id);
  assert.equal(done.resolved.duration_ms, 7000);
  assert.equal(extended.billable_seconds, 3);
  assert.ok(done.audio.some((a) => a.name === 'continuation'));
  const refused = await mureka.extend(parent.id, { duration_ms: 500 }).catch((e) => e);
  assert.ok(refused instanceof MurekaProblemError && refused.status === 400, String(refused));
});

test('verifyLicense checks a certificate with the published keys, and findLicensedFile names the file', async () => {
  const { generation, audio } = await mureka.createWaitAndDownload({ genre: 'jazz', duration_ms: 2000, format: 'wav', seed: 21 });
  const license = await (await fetch(`${baseUrl}/v1/generations/${generation.id}/license`, { headers: { Authorization: `Bearer ${apiKey}` } })).json();
  const keySet = await (await fetch(`${baseUrl}${licenseKeySetPath}`)).json();

  const claims = await verifyLicense(license.certificate, keySet);
  assert.ok(claims, 'the certificate verifies');
  assert.equal(claims.generation_id, generation.id);
  assert.equal(await findLicensedFile(claims, audio), 'mix');
  const changed = audio.slice();
  changed[changed.length >> 1] ^= 1;
  assert.equal(await findLicensedFile(claims, changed), null, 'one byte changed: not the licensed file');

  const [header, payload, signature] = license.certificate.split('.');
  const forgedPayload = Buffer.from(JSON.stringify({ ...claims, terms: { id: 'sync-ready', summary: 'mine now' } })).toString('base64url');
  assert.equal(await verifyLicense(`${header}.${forgedPayload}.${signature}`, keySet), null, 'changed claims do not verify');
  assert.equal(await verifyLicense('not.a.certificate', keySet), null);
  assert.equal(await verifyLicense(license.certificate, { keys: [] }), null, 'an unknown key does not verify');
});

test('createAdaptiveSetAndDownload: a small set unpacks into its WAVs and files, billed as estimated', async () => {
  const request = {
    genre: 'chiptune', bpm: 180, bars: 4, layers: 1, seed: 13,
    states: [{ name: 'calm' }, { name: 'chase' }],
    transitions: [{ from: 'calm', to: 'chase' }],
    stingers: ['victory'],
  };
  const statuses = [];

  const estimate = await mureka.estimateAdaptiveSet(request);
  const { set, files } = await mureka.createAdaptiveSetAndDownload(request, { onProgress: (s) => statuses.push(s.status) });

  assert.equal(set.status, 'succeeded');
  assert.equal(set.rendered_seconds, estimate.billable_seconds);
  assert.equal(statuses.at(-1), 'succeeded');
  const names = files.map((f) => f.name);
  for (const name of ['set.json', 'README.md', 'states/calm/calm_full.wav', 'transitions/calm_to_chase.wav', 'stingers/victory.wav', 'fmod/mureka_adaptive_set.js', 'wwise/waapi_object_set.json']) {
    assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
  }
  const sidecar = JSON.parse(new TextDecoder().decode(files.find((f) => f.name === 'set.json').data));
  assert.equal(sidecar.states.length, 2);
  assert.ok(wavDurationMs(files.find((f) => f.name === 'states/calm/calm_full.wav').data) > 1000);
});

test('createAdaptiveSet: a bad field is a MurekaProblemError naming it', async () => {
  await assert.rejects(() => mureka.createAdaptiveSet({ layers: 4 }), (e) => e instanceof MurekaProblemError && e.status === 400 && 'layers' in e.errors);
});
