import { createClient, type Client } from './generated/client/index.js';
import { createAdaptiveSet, createGeneration, createVariations, downloadAdaptiveSetArchive, downloadGenerationAudio, estimateAdaptiveSet, extendGeneration, estimateGeneration, getAdaptiveSet, getGeneration, listGenerations } from './generated/sdk.gen.js';
import type { AdaptiveSet, AdaptiveSetEstimate, AdaptiveSetRequest, ExtendRequest, Generation, GenerationBatch, GenerationEstimate, GenerationRequest, ListGenerationsData, Problem } from './generated/types.gen.js';
import { EventSourceParserStream } from 'eventsource-parser/stream';
import { MurekaAdaptiveSetError, MurekaGenerationError, MurekaProblemError } from './errors.js';
import { unzip, type ZipEntry } from './unzip.js';
import { delay as sleep, retryingFetch, type RetryOptions } from './retry.js';

export interface MurekaOptions {
  /** e.g. `https://api.example.com` or `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** An API key, `mk_live_…`. */
  apiKey: string;
  /** The fetch to send requests with (a browser's, undici's, a test double); reads are retried over it. */
  fetch?: typeof fetch;
  /** Retries of reads (GET) after network errors, 429 and 5xx answers; `{ maxRetries: 0 }` turns them off. */
  retries?: RetryOptions;
  /** Pause in ms before reopening a broken event stream. */
  initialPollMs?: number;
  /** @deprecated Unused: waiting follows the event stream instead of polling. */
  maxPollMs?: number;
  /** How often a create refused with 429/503 (nothing stored) is retried after `Retry-After`. */
  maxCreateRetries?: number;
  /** Give up waiting after this many ms; the job keeps running on the server. */
  waitTimeoutMs?: number;
}

export type GenerationStage = 'queued' | 'running' | 'downloading' | 'done';

/**
 * Which generations `listAll` reads, in which order, and how many per request: every filter of
 * `GET /v1/generations` (`status`, `genre`, `mood`, `key`, `min_bpm`, `label`, `q`, `sort`…), named as there.
 */
export type ListOptions = Omit<NonNullable<ListGenerationsData['query']>, 'limit' | 'cursor'> & {
  pageSize?: number;
  signal?: AbortSignal;
};

export interface AdaptiveSetWaitOptions {
  signal?: AbortSignal;
  /** Called with every state of the set read while waiting (`status`, and `progress` while it renders). */
  onProgress?: (set: AdaptiveSet) => void;
}

export interface WaitOptions {
  signal?: AbortSignal;
  /** Called as the generation moves on; while it runs, `event` carries the host's step and the fraction rendered (0 to 1). */
  onProgress?: (stage: GenerationStage, generation: Generation, event?: GenerationEvent) => void;
}

/** One event of a generation's stream (`Mureka.events`). */
export interface GenerationEvent {
  /** `queued`, `running`, or the final status (`succeeded`, `failed`, `canceled`). */
  type: string;
  /** The host's step while running, e.g. `rendering`. */
  stage?: string;
  /** The part rendered so far, 0 to 1. */
  fraction: number;
  /** The finished generation, on the final event only. */
  generation?: Generation;
}

const finished = new Set(['succeeded', 'failed', 'canceled']);

/**
 * The typed helper over the generated functions: create, wait, download. `client` is the configured
 * generated client; pass it as `{ client }` to any generated function (`listGenerations`, `cancelGeneration`, ...).
 */
export class Mureka {
  readonly client: Client;
  private readonly options: Required<Omit<MurekaOptions, 'fetch' | 'retries'>>;
  private readonly baseUrl: string;
  private readonly fetch: typeof fetch;

  constructor(options: MurekaOptions) {
    this.fetch = retryingFetch(options.fetch ?? globalThis.fetch.bind(globalThis), options.retries);
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.client = createClient({ baseUrl: this.baseUrl, auth: options.apiKey, fetch: this.fetch });
    const { fetch: _fetch, retries: _retries, ...rest } = options;
    this.options = {
      initialPollMs: 250,
      maxPollMs: 2000,
      maxCreateRetries: 5,
      waitTimeoutMs: 10 * 60 * 1000,
      ...rest,
    };
  }

  /** What `request` would render and cost (seconds, price, quota) before anything renders: `POST /v1/generations/estimate`. */
  async estimate(request: GenerationRequest, signal?: AbortSignal): Promise<GenerationEstimate> {
    return this.call(estimateGeneration({ client: this.client, body: request, ...(signal ? { signal } : {}) }));
  }

  /**
   * Creates a generation (202: queued); retries 429/503 after `Retry-After`. Every attempt sends the same
   * `Idempotency-Key` (a random one unless given), so a retry can never create a second job.
   */
  async create(request: GenerationRequest, signal?: AbortSignal, idempotencyKey: string = crypto.randomUUID()): Promise<Generation> {
    return this.createWithRetries(() => createGeneration({
      client: this.client,
      body: request,
      headers: { 'Idempotency-Key': idempotencyKey },
      ...(signal ? { signal } : {}),
    }), signal);
  }

  /**
   * Creates `n` variations (1 to 4) of one request: each a generation of its own with a distinct seed, all sharing
   * one `batch_id`. Retried as `create` is.
   */
  async createVariations(request: GenerationRequest, n: number, signal?: AbortSignal, idempotencyKey: string = crypto.randomUUID()): Promise<GenerationBatch> {
    return this.createWithRetries(() => createVariations({
      client: this.client,
      body: { n, spec: request },
      headers: { 'Idempotency-Key': idempotencyKey },
      ...(signal ? { signal } : {}),
    }), signal);
  }

  /**
   * Extends a succeeded track by `request.duration_ms`: a new generation that plays it as it was, replaces its ending
   * with new music of the same material, and delivers the joined track and the continuation (billed for what it
   * adds). Retried as `create` is.
   */
  async extend(id: string, request: ExtendRequest, signal?: AbortSignal, idempotencyKey: string = crypto.randomUUID()): Promise<Generation> {
    return this.createWithRetries(() => extendGeneration({
      client: this.client,
      path: { id },
      body: request,
      headers: { 'Idempotency-Key': idempotencyKey },
      ...(signal ? { signal } : {}),
    }), signal);
  }

  // A 429 or 503 stored nothing, so the create is sent again (with the same idempotency key) after its Retry-After.
  private async createWithRetries<T>(send: () => Promise<{ data?: T; error?: unknown; response?: Response }>, signal?: AbortSignal): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.call(send());
      } catch (e) {
        if (!(e instanceof MurekaProblemError) || (e.status !== 429 && e.status !== 503) || attempt >= this.options.maxCreateRetries) {
          throw e;
        }
        await sleep((e.retryAfterSeconds ?? 1) * 1000, signal);
      }
    }
  }

  /**
   * Follows the generation's server-sent events until it succeeded, failed or was canceled, and returns it.
   * `onProgress` gets the host's render progress as it comes; a broken stream is reopened, a 429/503 retried
   * after `Retry-After`.
   */
  async wait(id: string, options: WaitOptions = {}): Promise<Generation> {
    const deadline = Date.now() + this.options.waitTimeoutMs;
    let generation = await this.call(getGeneration({ client: this.client, path: { id }, ...(options.signal ? { signal: options.signal } : {}) }));
    while (!finished.has(generation.status)) {
      if (Date.now() > deadline) {
        throw new Error(`generation ${id} is still ${generation.status} after ${this.options.waitTimeoutMs} ms; it keeps running on the server`);
      }
      try {
        for await (const event of this.events(id, options.signal)) {
          if (event.generation) {
            return event.generation;
          }
          options.onProgress?.(event.type === 'queued' ? 'queued' : 'running', generation, event);
          if (Date.now() > deadline) {
            break;
          }
        }
      } catch (e) {
        if (options.signal?.aborted) {
          throw e;
        }
        if (e instanceof MurekaProblemError && e.status !== 429 && e.status !== 503) {
          throw e;
        }
        // A broken connection or a refusal for load: the next stream starts again from the current state.
        await sleep(e instanceof MurekaProblemError ? (e.retryAfterSeconds ?? 1) * 1000 : this.options.initialPollMs, options.signal);
      }
      generation = await this.call(getGeneration({ client: this.client, path: { id }, ...(options.signal ? { signal: options.signal } : {}) }));
    }
    return generation;
  }

  /**
   * The generation's server-sent events (`GET /v1/generations/{id}/events`): `queued` and `running` with the
   * host's render progress, then one final event carrying the finished generation, after which it ends.
   * Heartbeats are left out. Throws `MurekaProblemError` when refused (404 for an unknown id).
   */
  async *events(id: string, signal?: AbortSignal): AsyncGenerator<GenerationEvent> {
    const response = await this.fetch(`${this.baseUrl}/v1/generations/${encodeURIComponent(id)}/events`, {
      headers: { Authorization: `Bearer ${this.options.apiKey}`, Accept: 'text/event-stream' },
      ...(signal ? { signal } : {}),
    });
    if (!response.ok || !response.body) {
      const retryAfter = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
      const problem = await response.json().catch(() => undefined);
      throw new MurekaProblemError(response.status, asProblem(problem), Number.isNaN(retryAfter) ? undefined : retryAfter);
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          throw new Error(`the event stream of generation ${id} ended before it finished`);
        }
        const event = parseEvent(value.event ?? 'message', value.data);
        if (event) {
          yield event;
          if (event.generation) {
            return;
          }
        }
      }
    } finally {
      await reader.cancel().catch(() => undefined);
    }
  }

  /**
   * Every generation of the account, newest first, fetched a page at a time as the loop asks for more
   * (`for await (const g of mureka.listAll({ status: 'succeeded', genre: 'jazz', sort: '-bpm' })) …`);
   * the catalogue's filters narrow it.
   */
  async *listAll(options: ListOptions = {}): AsyncGenerator<Generation> {
    const { pageSize, signal, ...filters } = options;
    let cursor: string | undefined;
    do {
      const page = await this.call(listGenerations({
        client: this.client,
        query: {
          ...filters,
          limit: pageSize ?? 100,
          ...(cursor ? { cursor } : {}),
        },
        ...(signal ? { signal } : {}),
      }));
      yield* page.data;
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
  }

  /** Create and wait; throws `MurekaGenerationError` when it failed or was canceled. */
  async createAndWait(request: GenerationRequest, options: WaitOptions = {}): Promise<Generation> {
    const created = await this.create(request, options.signal);
    options.onProgress?.('queued', created);
    const generation = finished.has(created.status) ? created : await this.wait(created.id, options);
    if (generation.status !== 'succeeded') {
      throw new MurekaGenerationError(generation);
    }
    return generation;
  }

  /** The generation's mix as bytes. */
  async download(generation: Pick<Generation, 'id'>, signal?: AbortSignal): Promise<Uint8Array> {
    const blob = await this.call(downloadGenerationAudio({ client: this.client, path: { id: generation.id }, ...(signal ? { signal } : {}) }));
    return new Uint8Array(await blob.arrayBuffer());
  }

  /** Create, wait, download: the finished generation and its mix. */
  async createWaitAndDownload(request: GenerationRequest, options: WaitOptions = {}): Promise<{ generation: Generation; audio: Uint8Array }> {
    const generation = await this.createAndWait(request, options);
    options.onProgress?.('downloading', generation);
    const audio = await this.download(generation, options.signal);
    options.onProgress?.('done', generation);
    return { generation, audio };
  }

  /** What an adaptive set would bill (each state once, every transition and stinger): `POST /v1/adaptive-sets/estimate`. */
  async estimateAdaptiveSet(request: AdaptiveSetRequest, signal?: AbortSignal): Promise<AdaptiveSetEstimate> {
    return this.call(estimateAdaptiveSet({ client: this.client, body: request, ...(signal ? { signal } : {}) }));
  }

  /** Creates an adaptive set (202: queued); retried as `create` is, under one `Idempotency-Key`. */
  async createAdaptiveSet(request: AdaptiveSetRequest, signal?: AbortSignal, idempotencyKey: string = crypto.randomUUID()): Promise<AdaptiveSet> {
    return this.createWithRetries(() => createAdaptiveSet({
      client: this.client,
      body: request,
      headers: { 'Idempotency-Key': idempotencyKey },
      ...(signal ? { signal } : {}),
    }), signal);
  }

  /** Polls the set (from `initialPollMs`, doubling up to 2 s) until it succeeded, failed or was canceled. */
  async waitForAdaptiveSet(id: string, options: AdaptiveSetWaitOptions = {}): Promise<AdaptiveSet> {
    const deadline = Date.now() + this.options.waitTimeoutMs;
    let interval = this.options.initialPollMs;
    for (;;) {
      const set = await this.call(getAdaptiveSet({ client: this.client, path: { id }, ...(options.signal ? { signal: options.signal } : {}) }));
      options.onProgress?.(set);
      if (finished.has(set.status)) {
        return set;
      }
      if (Date.now() + interval > deadline) {
        throw new Error(`adaptive set ${id} did not finish within ${this.options.waitTimeoutMs} ms; it keeps running on the server`);
      }
      await sleep(interval, options.signal);
      interval = Math.min(interval * 2, 2000);
    }
  }

  /** A succeeded set's zip, unpacked: every WAV, `set.json`, the README, the FMOD script and the WAAPI payload. */
  async downloadAdaptiveSet(set: Pick<AdaptiveSet, 'id'>, signal?: AbortSignal): Promise<ZipEntry[]> {
    const blob = await this.call(downloadAdaptiveSetArchive({ client: this.client, path: { id: set.id }, ...(signal ? { signal } : {}) }));
    return unzip(new Uint8Array(await blob.arrayBuffer()));
  }

  /** Create, wait, download and unpack; throws `MurekaAdaptiveSetError` when the set failed or was canceled. */
  async createAdaptiveSetAndDownload(request: AdaptiveSetRequest, options: AdaptiveSetWaitOptions = {}): Promise<{ set: AdaptiveSet; files: ZipEntry[] }> {
    const created = await this.createAdaptiveSet(request, options.signal);
    const set = await this.waitForAdaptiveSet(created.id, options);
    if (set.status !== 'succeeded') {
      throw new MurekaAdaptiveSetError(set);
    }
    return { set, files: await this.downloadAdaptiveSet(set, options.signal) };
  }

  private async call<T>(request: Promise<{ data?: T; error?: unknown; response?: Response }>): Promise<T> {
    const { data, error, response } = await request;
    if (response?.ok && data !== undefined) {
      return data;
    }
    const status = response?.status ?? 0;
    const retryAfter = Number.parseInt(response?.headers.get('retry-after') ?? '', 10);
    throw new MurekaProblemError(status, asProblem(error), Number.isNaN(retryAfter) ? undefined : retryAfter);
  }
}

function parseEvent(type: string, data: string): GenerationEvent | undefined {
  switch (type) {
    case 'queued':
    case 'running': {
      const progress = JSON.parse(data) as { stage?: string; fraction?: number };
      return { type, fraction: progress.fraction ?? 0, ...(progress.stage ? { stage: progress.stage } : {}) };
    }
    case 'succeeded':
    case 'failed':
    case 'canceled':
      return { type, fraction: 1, generation: JSON.parse(data) as Generation };
    default:
      return undefined; // heartbeats, and event types this version does not know
  }
}

function asProblem(error: unknown): Partial<Problem> | undefined {
  return typeof error === 'object' && error !== null ? (error as Partial<Problem>) : undefined;
}
