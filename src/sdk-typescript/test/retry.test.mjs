// retryingFetch against a local server that fails on purpose: reads are retried, writes never.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { retryingFetch } from '../dist/index.js';

async function serve(answers) {
  const seen = [];
  const server = createServer((request, response) => {
    seen.push(request.method);
    const [status, headers] = answers[Math.min(seen.length - 1, answers.length - 1)];
    if (status === 0) {
      request.socket.destroy(); // a broken connection
      return;
    }
    response.writeHead(status, headers ?? {}).end(status === 200 ? 'ok' : '{}');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, seen, close: () => new Promise((resolve) => server.close(resolve)) };
}

test('a GET answered 503, then cut off, then 200 arrives as the 200', async () => {
  const server = await serve([[503, { 'retry-after': '0' }], [0], [200]]);
  try {
    const response = await retryingFetch(fetch, { initialDelayMs: 1 })(server.url);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'ok');
    assert.deepEqual(server.seen, ['GET', 'GET', 'GET']);
  } finally {
    await server.close();
  }
});

test('a POST is sent once, whatever the answer; a GET gives up after maxRetries', async () => {
  const server = await serve([[503]]);
  try {
    const post = await retryingFetch(fetch, { initialDelayMs: 1 })(server.url, { method: 'POST', body: '{}' });
    const get = await retryingFetch(fetch, { initialDelayMs: 1, maxRetries: 2 })(server.url);
    assert.equal(post.status, 503);
    assert.equal(get.status, 503);
    assert.deepEqual(server.seen, ['POST', 'GET', 'GET', 'GET']);
  } finally {
    await server.close();
  }
});

test('a Retry-After beyond 10 s is returned at once: waiting that long is the caller\'s decision', async () => {
  const server = await serve([[429, { 'retry-after': '3600' }]]);
  try {
    const response = await retryingFetch(fetch, { initialDelayMs: 1 })(server.url);
    assert.equal(response.status, 429);
    assert.deepEqual(server.seen, ['GET']);
  } finally {
    await server.close();
  }
});
