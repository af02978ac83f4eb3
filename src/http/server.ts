import { createReadStream } from 'node:fs';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log';

/** One request as a route sees it: the body already read, within the server's limit. */
export interface HttpRequest {
  method: string;
  /** The path, without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The address of the peer that connected (the reverse proxy, behind one). */
  remoteAddress: string | null;
}

export interface HttpResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /**
   * A file sent as the body, streamed from disk rather than read whole (downloads of documents and
   * archives); `size` is its length in bytes, checked by the route. Takes the place of `body`.
   */
  file?: { path: string; size: number };
}

export type RouteHandler = (request: HttpRequest) => Promise<HttpResponse> | HttpResponse;

/** What a channel (or the office's web page) may do with the shared server: add its routes. */
export interface HttpRoutes {
  /**
   * Serves `method` on `path`: exactly that path, or, for a path ending in `/*`, everything under it.
   * A route mounted twice is a bug and throws.
   */
  mount(method: 'GET' | 'POST', path: string, handler: RouteHandler): void;
}

export interface HttpServerOptions {
  host: string;
  port: number;
  logger: Logger;
  /** Largest request body taken, in bytes; larger ones are answered 413 unread. */
  bodyLimitBytes?: number;
  /** Longest time a client may take to send a whole request, in ms. */
  requestTimeoutMs?: number;
  /** How long an idle keep-alive connection is kept, in ms. */
  keepAliveTimeoutMs?: number;
  /** At shutdown, how long requests in progress may take before their connections are closed, in ms. */
  shutdownGraceMs?: number;
}

interface Route {
  method: string;
  path: string;
  prefix: boolean;
  handler: RouteHandler;
}

/**
 * The process's one HTTP server, on `node:http`: webhooks mount on it, and so will the office's web page.
 * Timeouts, the body limit and shutdown are decided here once, for every route. It listens only once
 * something is mounted.
 */
export class HttpServer implements HttpRoutes {
  private readonly routes: Route[] = [];
  private server: Server | null = null;
  private readonly bodyLimit: number;
  /** Set at shutdown: answers then close their connections, so keep-alive clients do not hold it open. */
  private closing = false;

  constructor(private readonly options: HttpServerOptions) {
    this.bodyLimit = options.bodyLimitBytes ?? 1024 * 1024;
  }

  get hasRoutes(): boolean {
    return this.routes.length > 0;
  }

  /** The port it listens on (the configured one, or the one the system chose for port 0). */
  get port(): number | null {
    const address = this.server?.address();
    return address && typeof address === 'object' ? (address as AddressInfo).port : null;
  }

  mount(method: 'GET' | 'POST', path: string, handler: RouteHandler): void {
    const prefix = path.endsWith('/*');
    const base = prefix ? path.slice(0, -1) : path;
    if (this.routes.some((r) => r.method === method && r.path === base && r.prefix === prefix))
      throw new Error(`HTTP route ${method} ${path} is mounted twice`);
    this.routes.push({ method, path: base, prefix, handler });
  }

  /** Listens on the configured host and port; rejects when the port cannot be had (in use, forbidden). */
  async start(): Promise<void> {
    if (this.server) return;
    // Loaded only when something is served: most runs (polling, the console) have no HTTP at all.
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => void this.serve(req, res));
    server.requestTimeout = this.options.requestTimeoutMs ?? 30_000;
    server.headersTimeout = Math.min(server.requestTimeout, 20_000);
    server.keepAliveTimeout = this.options.keepAliveTimeoutMs ?? 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => this.options.logger.error('http server error', { err }));
    this.server = server;
    this.options.logger.info('http server listening', {
      host: this.options.host,
      port: this.port,
      routes: this.routes.map((r) => `${r.method} ${r.path}${r.prefix ? '*' : ''}`),
    });
  }

  /** Stops taking connections, lets the requests in progress finish (within the grace), then closes. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    this.closing = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const grace = setTimeout(() => server.closeAllConnections(), this.options.shutdownGraceMs ?? 5_000);
    await closed;
    clearTimeout(grace);
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const matching = this.routes.filter((r) =>
      r.prefix ? url.pathname.startsWith(r.path) : url.pathname === r.path,
    );
    const route = matching.find((r) => r.method === method);
    if (!route) {
      req.resume();
      return send(res, matching.length > 0 ? { status: 405 } : { status: 404 });
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > this.bodyLimit) {
      req.resume();
      return send(res, { status: 413, headers: { connection: 'close' } });
    }
    let body: Buffer;
    try {
      body = await readBody(req, this.bodyLimit);
    } catch (err) {
      return send(res, { status: err instanceof BodyTooLarge ? 413 : 400, headers: { connection: 'close' } });
    }
    try {
      const response = await route.handler({
        method,
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        remoteAddress: req.socket.remoteAddress ?? null,
      });
      send(
        res,
        this.closing ? { ...response, headers: { ...response.headers, connection: 'close' } } : response,
      );
    } catch (err) {
      this.options.logger.error('http route failed', { route: route.path, err });
      send(res, { status: 500 });
    }
  }
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.destroy();
        reject(new BodyTooLarge());
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, response: HttpResponse): void {
  if (res.headersSent || res.destroyed) return;
  if (response.file) return sendFile(res, response, response.file);
  const body = response.body ?? '';
  res.writeHead(response.status, {
    'content-length': String(Buffer.byteLength(body)),
    ...(typeof body === 'string' && body ? { 'content-type': 'text/plain; charset=utf-8' } : {}),
    ...response.headers,
  });
  res.end(body);
}

/**
 * Streams a file as the body. A file that cannot be opened (removed since the route looked) is a 404; one
 * that fails midway ends the connection, so the client sees a broken download rather than a short one.
 */
function sendFile(res: ServerResponse, response: HttpResponse, file: { path: string; size: number }): void {
  const stream = createReadStream(file.path);
  stream.once('open', () => {
    res.writeHead(response.status, { ...response.headers, 'content-length': String(file.size) });
    stream.pipe(res);
  });
  stream.once('error', () => {
    if (res.headersSent) res.destroy();
    else send(res, { status: 404 });
  });
  res.once('close', () => stream.destroy());
}
