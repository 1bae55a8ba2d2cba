/** A tiny 127.0.0.1 server whose routes each test writes, recording what it received. */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

interface Hit {
  /** Path and query as requested. */
  url: string;
  headers: IncomingHttpHeaders;
  /** Requests being served when this one arrived, itself included. */
  concurrent: number;
}

export interface TestServer {
  origin: string;
  hits: Hit[];
  /** Paths requested, in order. */
  paths(): string[];
  close(): Promise<void>;
}

/** Routes are keyed by path and query (`/a?b=1`); anything else is a 404, robots.txt included. */
export async function startServer(routes: Record<string, Handler>): Promise<TestServer> {
  const hits: Hit[] = [];
  let active = 0;
  const server = createServer((req, res) => {
    active += 1;
    res.on('close', () => (active -= 1));
    hits.push({ url: req.url ?? '', headers: req.headers, concurrent: active });
    const handler = routes[req.url ?? ''];
    if (handler) return handler(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    hits,
    paths: () => hits.map((hit) => hit.url),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A handler answering 200 with these headers and body. */
export function reply(
  body: string | Buffer,
  headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' },
  status = 200,
): Handler {
  return (_req, res) => {
    res.writeHead(status, headers);
    res.end(body);
  };
}
