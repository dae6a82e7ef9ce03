import type { AdaptiveSet, Generation, Problem } from './generated/types.gen.js';

/** An RFC 9457 problem the API answered with; `errors` names each bad field (snake_case, as sent). */
export class MurekaProblemError extends Error {
  readonly status: number;
  readonly type: string | undefined;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: Readonly<Record<string, readonly string[]>>;
  /** From `Retry-After` on 429 and 503. */
  readonly retryAfterSeconds: number | undefined;
  /** The request's id (`request_id`, also the `Request-Id` header): quote it to support. */
  readonly requestId: string | undefined;

  constructor(status: number, problem: Partial<Problem> | undefined, retryAfterSeconds?: number) {
    const title = problem?.title ?? `HTTP ${status}`;
    const errors = problem?.errors ?? {};
    const fields = Object.entries(errors).map(([field, messages]) => `${field}: ${messages.join(', ')}`);
    super(`${status} ${title}${problem?.detail ? `: ${problem.detail}` : ''}${fields.length ? ` (${fields.join('; ')})` : ''}`);
    this.name = 'MurekaProblemError';
    this.status = status;
    this.type = problem?.type;
    this.title = title;
    this.detail = problem?.detail;
    this.errors = errors;
    this.retryAfterSeconds = retryAfterSeconds;
    this.requestId = problem?.request_id;
  }
}

/** The generation finished without audio: it failed or was canceled (`generation.error` says why). */
export class MurekaGenerationError extends Error {
  readonly generation: Generation;

  constructor(generation: Generation) {
    super(`generation ${generation.id} ended ${generation.status}: ${generation.error ?? 'no reason given'}`);
    this.name = 'MurekaGenerationError';
    this.generation = generation;
  }
}

/** The adaptive set finished without its zip: it failed or was canceled (`set.error` says why). */
export class MurekaAdaptiveSetError extends Error {
  readonly set: AdaptiveSet;

  constructor(set: AdaptiveSet) {
    super(`adaptive set ${set.id} ended ${set.status}: ${set.error ?? 'no reason given'}`);
    this.name = 'MurekaAdaptiveSetError';
    this.set = set;
  }
}
