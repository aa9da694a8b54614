/**
 * A polite HTTP client for the resolver: at most one request per `intervalMs` to each host
 * (arXiv's terms ask for one every three seconds), a descriptive User-Agent, a timeout per
 * request, and retries with growing pauses on 429, 5xx, timeouts and dropped connections
 * (a `Retry-After` is obeyed). Retries are part of the pacing: they wait their turn too.
 * Hand-written rather than ky or p-retry: the pacing must cover every attempt, and the whole
 * loop is this file.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface PoliteOptions {
  userAgent: string;
  /** Minimum time between the starts of two requests to one host, by host; `defaultIntervalMs` otherwise. */
  intervalMs: ReadonlyMap<string, number>;
  defaultIntervalMs: number;
  timeoutMs: number;
  /** Attempts after the first. */
  retries: number;
  /** First pause before a retry; doubled each time. */
  backoffMs: number;
  /** Hears each retry, for progress lines. */
  onRetry?: ((url: string, why: string, waitMs: number) => void) | undefined;
}

/** A request that failed for good (after its retries, or with a status not worth retrying). */
export class RequestError extends Error {
  readonly url: string;
  /** Whether the service may answer later (rate limit, outage, timeout) rather than refusing the request. */
  readonly transient: boolean;
  constructor(url: string, message: string, transient: boolean) {
    super(`${url}: ${message}`);
    this.url = url;
    this.transient = transient;
  }
}

const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/** Seconds or an HTTP date, in ms; undefined when absent or unreadable. */
function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export class PoliteClient {
  /** When each host may be asked next. */
  private readonly nextStart = new Map<string, number>();
  private readonly options: PoliteOptions;
  requests = 0;

  constructor(options: PoliteOptions) {
    this.options = options;
  }

  private async turn(host: string): Promise<void> {
    const wait = (this.nextStart.get(host) ?? 0) - Date.now();
    if (wait > 0) await sleep(wait);
    this.nextStart.set(host, Date.now() + (this.options.intervalMs.get(host) ?? this.options.defaultIntervalMs));
  }

  /** The body of a 200 answer to GET `url`. */
  async get(url: string, accept: string): Promise<string> {
    const host = new URL(url).host;
    let lastError = '';
    for (let attempt = 0; attempt <= this.options.retries; attempt++) {
      await this.turn(host);
      this.requests++;
      let pause = this.options.backoffMs * 2 ** attempt;
      try {
        const response = await fetch(url, {
          headers: { 'user-agent': this.options.userAgent, accept },
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        const body = await response.text();
        if (response.ok) return body;
        lastError = `HTTP ${response.status}${body.trim() && body.length < 200 ? ` (${body.trim()})` : ''}`;
        if (!RETRY_STATUS.has(response.status)) throw new RequestError(url, lastError, false);
        pause = Math.max(pause, retryAfterMs(response.headers.get('retry-after'), Date.now()) ?? 0);
      } catch (error) {
        if (error instanceof RequestError) throw error;
        const name = (error as Error).name;
        lastError = name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${this.options.timeoutMs} ms` : `connection failed (${(error as Error).message})`;
      }
      if (attempt < this.options.retries) {
        this.options.onRetry?.(url, lastError, pause);
        await sleep(pause);
      }
    }
    throw new RequestError(url, `${lastError}, after ${this.options.retries + 1} attempts`, true);
  }
}
