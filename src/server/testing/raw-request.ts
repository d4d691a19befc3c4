import { request } from 'node:http';

export interface RawRequest {
  readonly port: number;
  /** The address to connect to. */
  readonly address: string;
  readonly method?: string;
  /** The request target exactly as sent: a path with any encoding, or an absolute URL. */
  readonly target: string;
  /** Sent as given, Host included (fetch would set its own). */
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface RawResponse {
  readonly status: number;
  readonly body: string;
  readonly json: { code?: string; message?: string } & Record<string, unknown>;
}

/** One HTTP request with its target and Host written as a hostile client would, neither normalised nor checked. */
export function rawRequest({ port, address, method = 'GET', target, headers = {}, body }: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: address, port, method, path: target, headers, setHost: !('host' in headers) }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: RawResponse['json'] = {};
        try {
          json = JSON.parse(text) as RawResponse['json'];
        } catch {
          // not JSON: the test reads `body`
        }
        resolve({ status: response.statusCode ?? 0, body: text, json });
      });
    });
    outgoing.setTimeout(10_000, () => outgoing.destroy(new Error(`no answer to ${method} ${target} in 10 s`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
