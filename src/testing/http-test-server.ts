import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface RecordedRequest {
  method: string;
  /** The path and query asked for. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A status with headers (e.g. a redirect's Location) and a body. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** The status or reply to answer the n-th request (from 0) with, or 'never' to leave it hanging. */
export type Answer = (request: RecordedRequest, index: number) => number | Reply | 'never';

/** A local HTTP server on a loopback address (127.0.0.1 unless told) that records every request and answers as the test scripts it. */
export class HttpTestServer {
  readonly requests: RecordedRequest[] = [];
  private readonly server: Server;

  private constructor(answer: Answer) {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const recorded = {
          method: request.method ?? '',
          path: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        this.requests.push(recorded);
        const reply = answer(recorded, this.requests.length - 1);
        if (reply === 'never') return;
        if (typeof reply === 'number') response.writeHead(reply).end();
        else response.writeHead(reply.status, reply.headers).end(reply.body);
      });
    });
  }

  static async start(answer: Answer, address = '127.0.0.1'): Promise<HttpTestServer> {
    const started = new HttpTestServer(answer);
    await new Promise<void>((resolve) => started.server.listen(0, address, resolve));
    return started;
  }

  get url(): string {
    return this.urlFor('/hook');
  }

  /** The server's URL for `path` (from its leading slash). */
  urlFor(path: string): string {
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('the test server is not listening on a port');
    return `http://${address.address}:${address.port}${path}`;
  }

  /** The paths asked for, in order. */
  get paths(): string[] {
    return this.requests.map((request) => request.path);
  }

  /** Closes the server, cutting any request it left hanging. */
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
