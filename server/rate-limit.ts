/** Per-client token buckets for writes and reads (429 when empty), and the client a request comes from. In memory: one server process. */
import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { apiError } from './errors.ts';

export interface RateLimit {
  /** Writes allowed per minute per client, and the burst. */
  perMinute: number;
  burst: number;
  /**
   * Behind this many trusted reverse proxies, the client is the Nth X-Forwarded-For entry from the right (the
   * address the outermost trusted proxy saw; entries to its left are written by the client and ignored).
   * 0 (default): the socket's address.
   */
  trustProxy?: number;
  /** Most clients remembered; when full, the one seen longest ago is forgotten (default 10,000). */
  maxClients?: number;
}

/** The client address the trusted proxies vouch for, or null when the header has too few entries. */
export function forwardedClient(header: string | undefined, hops: number): string | null {
  if (!header || hops < 1) return null;
  const entries = header.split(',').map((e) => e.trim()).filter(Boolean);
  return entries.length >= hops ? entries[entries.length - hops]! : null;
}

/** The client a request comes from: the trusted proxy's entry, else the socket's address ('local' without a socket, as in app.request()). */
export function clientOf(c: Context, trustProxy = 0): string {
  const client = trustProxy > 0 ? forwardedClient(c.req.header('x-forwarded-for'), trustProxy) : null;
  if (client) return client;
  try {
    return getConnInfo(c).remote.address ?? 'local';
  } catch {
    // app.request() in tests has no socket: every request is one client.
    return 'local';
  }
}

/**
 * Token buckets by client, in order of last use (the first is the client seen longest ago, forgotten first
 * when more than `maxClients` are remembered). `take` draws `amount` (default 1) and returns 0 when it could,
 * else the seconds until it could.
 */
export function tokenBuckets({ perMinute, burst, maxClients = 10_000 }: { perMinute: number; burst: number; maxClients?: number }, now: () => number = () => Date.now()) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(client: string, amount = 1): number {
      const t = now();
      const b = buckets.get(client) ?? { tokens: burst, at: t };
      buckets.delete(client);
      b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 60000) * perMinute);
      b.at = t;
      buckets.set(client, b);
      while (buckets.size > maxClients) buckets.delete(buckets.keys().next().value!);
      if (b.tokens < amount) return Math.max(1, Math.ceil(((amount - b.tokens) / perMinute) * 60));
      b.tokens -= amount;
      return 0;
    },
  };
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Writes (POST, PUT, DELETE) limited per client: 429 with Retry-After when the bucket is empty. */
export function writeRateLimit(limit: RateLimit, now?: () => number): MiddlewareHandler {
  const buckets = tokenBuckets(limit, now);
  return async (c, next) => {
    if (READS.has(c.req.method)) return next();
    const wait = buckets.take(clientOf(c, limit.trustProxy));
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return apiError(c, 429, 'rate_limited', 'too many writes from this client; try again shortly');
    }
    return next();
  };
}

/** Reads (GET, HEAD) limited per client, in a bucket of their own (issue 32: one client's reads must not starve the others). */
export function readRateLimit(limit: RateLimit, now?: () => number): MiddlewareHandler {
  const buckets = tokenBuckets(limit, now);
  return async (c, next) => {
    if (!READS.has(c.req.method) || c.req.method === 'OPTIONS') return next();
    const wait = buckets.take(clientOf(c, limit.trustProxy));
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return apiError(c, 429, 'rate_limited', 'too many reads from this client; try again shortly');
    }
    return next();
  };
}
