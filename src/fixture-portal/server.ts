/**
 * Serves fixture portals (one folder each, one 127.0.0.1 port each) so tests and the demo exercise
 * the real fetcher, scrapers and pipeline without leaving loopback. Faults can be injected per
 * path: error statuses, Retry-After, resets, truncated bodies, delays, replaced bodies, redirects.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { contentTypeFor, matchRoute, type Route, readManifest } from './manifest.ts';

export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  | { kind: 'reset' }
  | { kind: 'truncate' }
  | { kind: 'delay'; ms: number }
  | { kind: 'body'; body: string; contentType?: string }
  | { kind: 'redirect'; location: string };

interface InjectedFault {
  path: string;
  query: Record<string, string>;
  fault: Fault;
  remaining: number;
}

export interface RequestLogEntry {
  portal: string;
  method: string;
  url: string;
  status: number;
  conditional: boolean;
}

class PortalServer {
  readonly faults: InjectedFault[] = [];
  readonly overrides = new Map<string, Buffer>();
  private server: Server | undefined;
  url = '';

  constructor(
    readonly name: string,
    readonly dir: string,
    private readonly log: RequestLogEntry[],
  ) {}

  async listen(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private takeFault(url: URL): Fault | undefined {
    const index = this.faults.findIndex(
      (f) =>
        f.remaining > 0 &&
        (f.path === '*' || f.path.replace(/\/+$/, '') === url.pathname.replace(/\/+$/, '')) &&
        Object.entries(f.query).every(([k, v]) => url.searchParams.get(k) === v),
    );
    if (index < 0) return undefined;
    const injected = this.faults[index]!;
    injected.remaining -= 1;
    return injected.fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const record = (status: number) =>
      this.log.push({
        portal: this.name,
        method: req.method ?? 'GET',
        url: url.pathname + url.search,
        status,
        conditional: Boolean(req.headers['if-none-match'] || req.headers['if-modified-since']),
      });
    const fault = this.takeFault(url);
    if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
    if (fault?.kind === 'reset') {
      record(0);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      record(fault.status);
      res.writeHead(fault.status, {
        'Content-Type': 'text/html; charset=utf-8',
        ...(fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {}),
      });
      res.end(fault.body ?? `<html><body><h1>Erreur ${fault.status}</h1></body></html>`);
      return;
    }
    if (fault?.kind === 'redirect') {
      record(302);
      res.writeHead(302, { Location: fault.location });
      res.end();
      return;
    }

    const route = matchRoute(this.routes(), url);
    let body: Buffer;
    let contentType: string;
    let status = 200;
    let headers: Record<string, string> = {};
    if (fault?.kind === 'body') {
      body = Buffer.from(fault.body);
      contentType = fault.contentType ?? 'text/html; charset=utf-8';
    } else if (route) {
      body = this.overrides.get(route.file) ?? readFileSync(join(this.dir, route.file));
      contentType = contentTypeFor(route);
      status = route.status ?? 200;
      headers = route.headers ?? {};
    } else {
      record(404);
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('not found');
      return;
    }

    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    if (status === 200 && fault?.kind !== 'truncate' && req.headers['if-none-match'] === etag) {
      record(304);
      res.writeHead(304, { ETag: etag });
      res.end();
      return;
    }
    record(status);
    if (fault?.kind === 'truncate') {
      // Announce the whole body, send half, then drop the connection.
      res.writeHead(status, {
        'Content-Type': contentType,
        'Content-Length': String(body.length),
        ETag: etag,
        ...headers,
      });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
      return;
    }
    res.writeHead(status, {
      'Content-Type': contentType,
      'Content-Length': String(body.length),
      ETag: etag,
      ...headers,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  private routes(): Route[] {
    return readManifest(this.dir).routes;
  }
}

/** A set of running fixture portals, one per folder under the fixtures root. */
export class FixturePortals {
  private constructor(
    private readonly portals: Map<string, PortalServer>,
    /** Every request the portals answered, for assertions on politeness and revalidation. */
    readonly requests: RequestLogEntry[],
  ) {}

  static async start(root: string, names: readonly string[]): Promise<FixturePortals> {
    const log: RequestLogEntry[] = [];
    const portals = new Map<string, PortalServer>();
    for (const name of names) {
      const dir = join(root, name);
      if (!existsSync(join(dir, 'manifest.json')))
        throw new Error(`no fixture portal at ${dir} (manifest.json missing)`);
      const portal = new PortalServer(name, dir, log);
      await portal.listen();
      portals.set(name, portal);
    }
    return new FixturePortals(portals, log);
  }

  /** Base URL of each portal, for `sources.<id>.baseUrl`. */
  get urls(): Record<string, string> {
    return Object.fromEntries([...this.portals].map(([name, p]) => [name, p.url]));
  }

  private portal(name: string): PortalServer {
    const portal = this.portals.get(name);
    if (!portal) throw new Error(`no fixture portal named ${name}`);
    return portal;
  }

  /** Makes the next `times` requests to `path` (`*` for any) on a portal fail as described. */
  inject(
    name: string,
    path: string,
    fault: Fault,
    options: { times?: number; query?: Record<string, string> } = {},
  ): void {
    this.portal(name).faults.push({
      path,
      query: options.query ?? {},
      fault,
      remaining: options.times ?? Number.POSITIVE_INFINITY,
    });
  }

  /** Serves `body` in place of a fixture file (a scenario step: an offer disappears, a deadline moves). */
  override(name: string, file: string, body: string | Buffer): void {
    this.portal(name).overrides.set(file, Buffer.from(body));
  }

  /** Drops every fault and override: the portals serve their folders again. */
  reset(): void {
    for (const portal of this.portals.values()) {
      portal.faults.length = 0;
      portal.overrides.clear();
    }
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    await Promise.all([...this.portals.values()].map((p) => p.close()));
  }
}
