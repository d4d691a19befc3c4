import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface RecordedRequest {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The status to answer the n-th request (from 0) with (and headers, e.g. a redirect's Location), or 'never' to leave it hanging. */
export type Answer = (request: RecordedRequest, index: number) => number | { status: number; headers: Record<string, string> } | 'never';

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
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        this.requests.push(recorded);
        const reply = answer(recorded, this.requests.length - 1);
        if (reply === 'never') return;
        if (typeof reply === 'number') response.writeHead(reply).end();
        else response.writeHead(reply.status, reply.headers).end();
      });
    });
  }

  static async start(answer: Answer, address = '127.0.0.1'): Promise<HttpTestServer> {
    const started = new HttpTestServer(answer);
    await new Promise<void>((resolve) => started.server.listen(0, address, resolve));
    return started;
  }

  get url(): string {
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('the test server is not listening on a port');
    return `http://${address.address}:${address.port}/hook`;
  }

  /** Closes the server, cutting any request it left hanging. */
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
