// The console's client for the public /v1 API: the same calls any customer makes, with the key in memory only.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export class Api {
  #key;
  #onUnauthorized;

  /** @param {string} key  @param {() => void} onUnauthorized called when the key stops being accepted */
  constructor(key, onUnauthorized) {
    this.#key = key;
    this.#onUnauthorized = onUnauthorized;
  }

  get keyPrefix() { return this.#key.slice(0, 12); }

  get livemode() { return !this.#key.startsWith('mk_test_'); }

  /** JSON in, JSON out; a problem+json answer becomes an ApiError. */
  async request(method, path, { query, body, headers } = {}) {
    const url = new URL(path, location.origin);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, String(value));
    }
    const response = await fetch(url, {
      method,
      headers: { Authorization: `Bearer ${this.#key}`, Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    if (response.status === 204) return null;
    const text = await response.text();
    const json = text ? safeParse(text) : null;
    if (!response.ok) {
      if (response.status === 401) this.#onUnauthorized?.();
      throw new ApiError(response.status, json ?? { title: `HTTP ${response.status}`, status: response.status });
    }
    return json;
  }

  get(path, query) { return this.request('GET', path, { query }); }

  /** A create that can be retried safely: one Idempotency-Key per user action. */
  post(path, body, idempotencyKey = crypto.randomUUID()) {
    return this.request('POST', path, { body, headers: { 'Idempotency-Key': idempotencyKey } });
  }

  delete(path) { return this.request('DELETE', path); }

  /**
   * Follows GET /v1/generations/{id}/events (server-sent events, read with fetch so the key travels in a header,
   * which EventSource cannot send). Calls onEvent(type, data) until a finishing event; after a broken connection it
   * reconnects, since the stream restarts from the generation's current state. Resolves with the finished generation.
   */
  async follow(id, onEvent, signal) {
    for (let attempt = 0; ; attempt++) {
      try {
        const finished = await this.#readEvents(id, onEvent, signal);
        if (finished) return finished;
      } catch (error) {
        if (signal?.aborted || error instanceof ApiError || attempt >= 5) throw error;
      }
      await new Promise(resolve => setTimeout(resolve, 2000));
    }
  }

  async #readEvents(id, onEvent, signal) {
    const response = await fetch(`/v1/generations/${encodeURIComponent(id)}/events`, {
      headers: { Authorization: `Bearer ${this.#key}`, Accept: 'text/event-stream' },
      signal,
    });
    if (!response.ok) {
      if (response.status === 401) this.#onUnauthorized?.();
      throw new ApiError(response.status, safeParse(await response.text()));
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let finished = null;
    // Read to the end: the server ends the stream right after the finishing event.
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return finished;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = parseEvent(block);
        if (!event || event.type === 'heartbeat') continue;
        onEvent(event.type, event.data);
        if (event.type === 'succeeded' || event.type === 'failed' || event.type === 'canceled') finished = event.data;
      }
    }
  }
}

function parseEvent(block) {
  let type = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) type = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  return data.length ? { type, data: safeParse(data.join('\n')) } : null;
}

function safeParse(text) {
  try { return JSON.parse(text); } catch { return null; }
}
