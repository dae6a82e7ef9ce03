// Retries for reads: a GET (or HEAD) that failed on the network or was answered 429, 502, 503 or 504 is sent
// again after Retry-After or an exponential backoff with jitter. Writes are never retried here: a create
// retries with its Idempotency-Key in Mureka.create instead.

export interface RetryOptions {
  /** Further attempts after the first; 3 unless given, 0 turns retries off. */
  maxRetries?: number;
  /** The first backoff in ms (doubled each time, capped at 8 s); 250 unless given. */
  initialDelayMs?: number;
}

const retriedStatuses = new Set([429, 502, 503, 504]);

/** `base` with read retries: the fetch the generated client and the event stream use. */
export function retryingFetch(base: typeof fetch, options: RetryOptions = {}): typeof fetch {
  const maxRetries = options.maxRetries ?? 3;
  const initialDelayMs = options.initialDelayMs ?? 250;
  return async (input, init) => {
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    if ((method !== 'GET' && method !== 'HEAD') || maxRetries <= 0) {
      return base(input, init);
    }
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    for (let attempt = 0; ; attempt++) {
      let response: Response | undefined;
      try {
        // A Request's body is never read for GET, so the same one can be sent again.
        response = await base(input instanceof Request ? input.clone() : input, init);
      } catch (e) {
        if (signal?.aborted || attempt >= maxRetries) {
          throw e;
        }
      }
      const retryAfter = Number.parseInt(response?.headers.get('retry-after') ?? '', 10);
      // A longer Retry-After (a quota that resets hours later) is the caller's decision, not a hidden wait.
      if (response && (!retriedStatuses.has(response.status) || attempt >= maxRetries || retryAfter > 10)) {
        return response;
      }
      await response?.body?.cancel().catch(() => undefined);
      const backoff = Math.min(initialDelayMs * 2 ** attempt, 8000);
      await delay(Number.isNaN(retryAfter) ? backoff / 2 + Math.random() * backoff / 2 : retryAfter * 1000, signal ?? undefined);
    }
  };
}

/** Resolves after `ms`, or rejects when `signal` aborts first. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
