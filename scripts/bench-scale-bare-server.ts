/**
 * The baseline of `npm run bench:scale`'s serving figures: a bare node:http server sending, for
 * each path, the bytes `openings serve` sent (body, Content-Type, ETag), with a 304 on a matching
 * If-None-Match. Started as a child process with a JSON file of responses; prints its URL.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Recorded {
  path: string;
  status: number;
  contentType: string | null;
  etag: string | null;
  bodyBase64: string;
}

const recorded = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Recorded[];
const byPath = new Map(recorded.map((r) => [r.path, { ...r, body: Buffer.from(r.bodyBase64, 'base64') }]));

const server = createServer((req, res) => {
  const r = byPath.get(req.url ?? '/');
  if (!r) {
    res.writeHead(404);
    res.end();
    return;
  }
  if (r.etag && req.headers['if-none-match'] === r.etag) {
    res.writeHead(304, { ETag: r.etag });
    res.end();
    return;
  }
  res.writeHead(r.status, {
    'Content-Length': r.body.length,
    ...(r.contentType ? { 'Content-Type': r.contentType } : {}),
    ...(r.etag ? { ETag: r.etag } : {}),
  });
  res.end(r.body);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
