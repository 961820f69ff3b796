/** A per-client token bucket for write requests (429 when empty). In memory: one server process. */
import type { MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { apiError } from './errors.ts';

export interface RateLimit {
  /** Writes allowed per minute per client, and the burst. */
  perMinute: number;
  burst: number;
  /** Key clients on the first X-Forwarded-For address (CAPSIM_TRUST_PROXY=1 behind a reverse proxy). */
  trustProxy?: boolean;
}

export function writeRateLimit({ perMinute, burst, trustProxy = false }: RateLimit, now: () => number = () => Date.now()): MiddlewareHandler {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    let client = 'local';
    const forwarded = trustProxy ? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
    if (forwarded) client = forwarded;
    else {
      try {
        client = getConnInfo(c).remote.address ?? 'local';
      } catch {
        // app.request() in tests has no socket: every request is one client.
      }
    }
    const t = now();
    const b = buckets.get(client) ?? { tokens: burst, at: t };
    b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 60000) * perMinute);
    b.at = t;
    if (b.tokens < 1) {
      buckets.set(client, b);
      c.header('Retry-After', String(Math.ceil(((1 - b.tokens) / perMinute) * 60)));
      return apiError(c, 429, 'rate_limited', 'too many writes from this client; try again shortly');
    }
    b.tokens -= 1;
    buckets.set(client, b);
    if (buckets.size > 10000) buckets.clear();
    return next();
  };
}
