/** A per-client token bucket for write requests (429 when empty). In memory: one server process. */
import type { MiddlewareHandler } from 'hono';
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

export function writeRateLimit({ perMinute, burst, trustProxy = 0, maxClients = 10_000 }: RateLimit, now: () => number = () => Date.now()): MiddlewareHandler {
  // In order of last use (re-inserted on each write): the first key is the client seen longest ago.
  const buckets = new Map<string, { tokens: number; at: number }>();
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    let client = trustProxy > 0 ? forwardedClient(c.req.header('x-forwarded-for'), trustProxy) : null;
    if (!client) {
      try {
        client = getConnInfo(c).remote.address ?? 'local';
      } catch {
        // app.request() in tests has no socket: every request is one client.
        client = 'local';
      }
    }
    const t = now();
    const b = buckets.get(client) ?? { tokens: burst, at: t };
    buckets.delete(client);
    b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 60000) * perMinute);
    b.at = t;
    buckets.set(client, b);
    while (buckets.size > maxClients) buckets.delete(buckets.keys().next().value!);
    if (b.tokens < 1) {
      c.header('Retry-After', String(Math.ceil(((1 - b.tokens) / perMinute) * 60)));
      return apiError(c, 429, 'rate_limited', 'too many writes from this client; try again shortly');
    }
    b.tokens -= 1;
    return next();
  };
}
