/**
 * What the two Batch API backends (OpenAI Batch, Anthropic Message Batches) share around their SDK clients:
 * their settings, and each SDK call with its failure turned into a ProviderCallError (keys redacted) and retried
 * by the given policy — except `single` calls, which are never retried here (a cancel, a one-shot read).
 */
import type { Clock } from '../ports.ts';
import { toProviderCallError } from '../providers/errors.ts';
import { once } from './poll.ts';
import type { CallMode, Retrying } from './poll.ts';
import type { BatchLimits } from './types.ts';

export interface SdkBackendOptions {
  apiKey: string;
  baseURL: string;
  clock: Clock;
  retry?: Retrying;
  limits?: Partial<BatchLimits>;
}

export abstract class SdkBatchBackend {
  readonly baseURL: string;
  readonly limits: BatchLimits;
  protected readonly secrets: readonly string[];
  private readonly clock: Clock;
  private readonly retry: Retrying;

  constructor(
    private readonly name: string,
    defaultLimits: BatchLimits,
    options: SdkBackendOptions,
  ) {
    this.baseURL = options.baseURL;
    this.limits = { ...defaultLimits, ...options.limits };
    this.secrets = [options.apiKey];
    this.clock = options.clock;
    this.retry = options.retry ?? once;
  }

  /** One SDK call, its failure as a ProviderCallError (key redacted); `single` is never retried here. */
  protected call<T>(fn: () => Promise<T>, mode: CallMode | 'single'): Promise<T> {
    const wrapped = async () => {
      try {
        return await fn();
      } catch (error) {
        throw toProviderCallError(error, { provider: this.name, secrets: this.secrets, clock: this.clock });
      }
    };
    return mode === 'single' ? wrapped() : this.retry(wrapped, mode);
  }
}
