import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import Database from 'better-sqlite3';
import type { YogaServerInstance } from 'graphql-yoga';
import { sqliteFilePath } from './migrate.ts';

/**
 * A whole-response cache in front of yoga for anonymous reads. It never serves content older than
 * the last committed write: SQLite's `PRAGMA data_version` changes whenever another connection (the
 * ingest process, or this process's Prisma client) commits, and a change empties the cache.
 */

interface CachedResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface ResponseCacheOptions {
  maxEntries: number;
  maxBytes: number;
  /** Any value that changes when the database does. */
  dataVersion: () => number;
}

const maxRequestBytes = 1024 * 1024;

export class ResponseCache {
  private entries = new Map<string, CachedResponse>();
  private bytes = 0;
  private version: number;

  constructor(private readonly options: ResponseCacheOptions) {
    this.version = options.dataVersion();
  }

  /** The version the next stored response must have been computed at; empties the cache when data changed. */
  currentVersion(): number {
    const version = this.options.dataVersion();
    if (version !== this.version) {
      this.entries.clear();
      this.bytes = 0;
      this.version = version;
    }
    return version;
  }

  get(key: string): CachedResponse | undefined {
    this.currentVersion();
    return this.entries.get(key);
  }

  /** Stores a response computed at `version`, unless the data changed meanwhile. */
  set(key: string, response: CachedResponse, version: number): void {
    if (this.currentVersion() !== version || response.body.length > this.options.maxBytes / 4) return;
    this.entries.delete(key);
    this.entries.set(key, response);
    this.bytes += response.body.length;
    for (const [oldestKey, oldest] of this.entries) {
      if (this.entries.size <= this.options.maxEntries && this.bytes <= this.options.maxBytes) break;
      this.entries.delete(oldestKey);
      this.bytes -= oldest.body.length;
    }
  }
}

/** Reads SQLite's data_version on a connection of its own, as the pragma reports other connections' commits. */
export function sqliteDataVersion(databaseUrl: string): () => number {
  const connection = new Database(sqliteFilePath(databaseUrl), { readonly: true, fileMustExist: true });
  const statement = connection.prepare('PRAGMA data_version').pluck();
  return () => statement.get() as number;
}

class RequestTooLarge extends Error {}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxRequestBytes) throw new RequestTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function cacheKey(request: IncomingMessage, body: Buffer): string {
  return `${request.method} ${request.url} ${request.headers.accept ?? ''}\n${body.toString('utf8')}`;
}

function isCacheable(response: Response, body: Buffer): boolean {
  if (response.status !== 200 || !response.headers.get('content-type')?.includes('json')) return false;
  const parsed = JSON.parse(body.toString('utf8')) as { errors?: unknown };
  return parsed.errors === undefined;
}

function send(response: ServerResponse, cached: CachedResponse): void {
  response.writeHead(cached.status, cached.headers);
  response.end(cached.body);
}

async function executeThroughYoga(
  yoga: YogaServerInstance<object, object>,
  request: IncomingMessage,
  body: Buffer,
): Promise<{ response: Response; body: Buffer }> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const response = await yoga.fetch(`http://${request.headers.host ?? 'localhost'}${request.url}`, {
    method: request.method ?? 'GET',
    headers,
    ...(request.method === 'POST' ? { body } : {}),
  });
  return { response, body: Buffer.from(await response.arrayBuffer()) };
}

/**
 * The HTTP listener for the API: GraphQL reads at `graphqlEndpoint` go through the response cache,
 * everything else (GraphiQL, its assets, errors) straight to yoga.
 */
export function cachedGraphqlListener(yoga: YogaServerInstance<object, object>, cache: ResponseCache): RequestListener {
  return (request, response) => {
    const path = request.url?.split('?')[0];
    const cacheable = path === yoga.graphqlEndpoint && (request.method === 'POST' || request.method === 'GET');
    const accept = request.headers.accept ?? '';
    if (!cacheable || (request.method === 'GET' && accept.includes('text/html'))) {
      yoga(request, response);
      return;
    }
    serveThroughCache(yoga, cache, request, response).catch((error: unknown) => {
      if (error instanceof RequestTooLarge) {
        response.writeHead(413, { 'content-type': 'text/plain' }).end('Request body larger than 1 MiB');
        return;
      }
      response.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
    });
  };
}

async function serveThroughCache(
  yoga: YogaServerInstance<object, object>,
  cache: ResponseCache,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const body = await readBody(request);
  const key = cacheKey(request, body);
  const hit = cache.get(key);
  if (hit) {
    send(response, hit);
    return;
  }
  const version = cache.currentVersion();
  const fresh = await executeThroughYoga(yoga, request, body);
  const entry = {
    status: fresh.response.status,
    headers: Object.fromEntries(fresh.response.headers),
    body: fresh.body,
  };
  if (isCacheable(fresh.response, fresh.body)) cache.set(key, entry, version);
  send(response, entry);
}
