/** HTTP from a chosen loopback address (127.0.0.2, 127.0.0.3, ...): each is its own client to the server. */
import { request } from 'node:http';

/** GET `path`, or POST `body` as JSON to it, from `localAddress`; the status and the body's text. */
export function callFrom(base: string, localAddress: string, path: string, body?: string): Promise<{ status: number; text: string }> {
  const u = new URL(`${base}${path}`);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: body === undefined ? 'GET' : 'POST', localAddress, headers: { 'content-type': 'application/json' } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (b: Buffer) => parts.push(b));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
