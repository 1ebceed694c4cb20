/** A raw HTTP client for access tests: any method, headers, and a chosen local (loopback) address. */
import { request as httpRequest } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

export function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string; from?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    // The path is sent as written (a URL object would resolve dot segments before sending).
    const [, origin = '', path = '/'] = /^(https?:\/\/[^/]+)(.*)$/.exec(url) ?? [];
    const { hostname, port } = new URL(origin);
    const req = httpRequest({ hostname, port, path, method: options.method ?? 'GET', headers: options.headers, localAddress: options.from, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The `name=value` of a Set-Cookie header, for sending it back. */
export function cookieFrom(res: RawResponse, name: string): string | null {
  const lines = res.headers['set-cookie'];
  const line = (Array.isArray(lines) ? lines : lines ? [lines] : []).find((l) => l.startsWith(`${name}=`));
  return line ? line.split(';')[0]! : null;
}
