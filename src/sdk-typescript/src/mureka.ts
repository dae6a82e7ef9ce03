import { randomUUID } from 'node:crypto';
import { createClient, type Client } from './generated/client/index.js';
import { createGeneration, downloadGenerationAudio, getGeneration } from './generated/sdk.gen.js';
import type { Generation, GenerationRequest, Problem } from './generated/types.gen.js';
import { MurekaGenerationError, MurekaProblemError } from './errors.js';

export interface MurekaOptions {
  /** e.g. `https://api.example.com` or `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** An API key, `mk_live_…`. */
  apiKey: string;
  fetch?: typeof fetch;
  /** First pause between status polls in ms (grows by half up to `maxPollMs`). */
  initialPollMs?: number;
  maxPollMs?: number;
  /** How often a create refused with 429/503 (nothing stored) is retried after `Retry-After`. */
  maxCreateRetries?: number;
  /** Give up waiting after this many ms; the job keeps running on the server. */
  waitTimeoutMs?: number;
}

export type GenerationStage = 'queued' | 'running' | 'downloading' | 'done';

export interface WaitOptions {
  signal?: AbortSignal;
  /** Called when the status changes. REST reports status, not render progress (gRPC StreamGeneration does). */
  onProgress?: (stage: GenerationStage, generation: Generation) => void;
}

const finished = new Set(['succeeded', 'failed', 'canceled']);

/**
 * The typed helper over the generated functions: create, wait, download. `client` is the configured
 * generated client; pass it as `{ client }` to any generated function (`listGenerations`, `cancelGeneration`, ...).
 */
export class Mureka {
  readonly client: Client;
  private readonly options: Required<Omit<MurekaOptions, 'fetch'>>;

  constructor(options: MurekaOptions) {
    this.client = createClient({
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      auth: options.apiKey,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    this.options = {
      initialPollMs: 250,
      maxPollMs: 2000,
      maxCreateRetries: 5,
      waitTimeoutMs: 10 * 60 * 1000,
      ...options,
    };
  }

  /**
   * Creates a generation (202: queued); retries 429/503 after `Retry-After`. Every attempt sends the same
   * `Idempotency-Key` (a random one unless given), so a retry can never create a second job.
   */
  async create(request: GenerationRequest, signal?: AbortSignal, idempotencyKey: string = randomUUID()): Promise<Generation> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.call(createGeneration({
          client: this.client,
          body: request,
          headers: { 'Idempotency-Key': idempotencyKey },
          ...(signal ? { signal } : {}),
        }));
      } catch (e) {
        if (!(e instanceof MurekaProblemError) || (e.status !== 429 && e.status !== 503) || attempt >= this.options.maxCreateRetries) {
          throw e;
        }
        await sleep((e.retryAfterSeconds ?? 1) * 1000, signal);
      }
    }
  }

  /** Polls until the generation succeeded, failed or was canceled, and returns it. */
  async wait(id: string, options: WaitOptions = {}): Promise<Generation> {
    const deadline = Date.now() + this.options.waitTimeoutMs;
    let pause = this.options.initialPollMs;
    for (;;) {
      const generation = await this.call(getGeneration({ client: this.client, path: { id }, ...(options.signal ? { signal: options.signal } : {}) }));
      if (finished.has(generation.status)) {
        return generation;
      }
      options.onProgress?.(generation.status === 'queued' ? 'queued' : 'running', generation);
      if (Date.now() > deadline) {
        throw new Error(`generation ${id} is still ${generation.status} after ${this.options.waitTimeoutMs} ms; it keeps running on the server`);
      }
      await sleep(pause, options.signal);
      pause = Math.min(this.options.maxPollMs, pause * 1.5);
    }
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

function asProblem(error: unknown): Partial<Problem> | undefined {
  return typeof error === 'object' && error !== null ? (error as Partial<Problem>) : undefined;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
