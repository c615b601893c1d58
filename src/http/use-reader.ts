import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Plugin } from 'graphql-yoga';
import { projectRoot } from '../config.ts';
import { assetResponse, type Bytes, type HashedAsset, hashedAsset } from './hashed-assets.ts';

/** The reader's build (reader/build.ts, run by `npm run generate` and `npm start`). */
const buildDirectory = join(projectRoot, 'reader', 'dist');
const assetPrefix = '/reader/';

const assetTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * The page may only load the reader's own scripts and styles and talk to this server; article images
 * come from their publishers over https. The article HTML it shows is sanitized by the API, so this
 * is a second line only.
 */
const pagePolicy = [
  "default-src 'self'",
  "img-src 'self' https: data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

interface ReaderBuild {
  page: Bytes;
  /** By URL path. */
  assets: ReadonlyMap<string, HashedAsset>;
}

let loaded: Promise<ReaderBuild> | undefined;

/** The build, read once per process; a missing build is looked for again on the next request. */
async function readerBuild(): Promise<ReaderBuild | undefined> {
  loaded ??= (async () => {
    const page = await readFile(join(buildDirectory, 'index.html'));
    const names = await readdir(join(buildDirectory, 'assets'));
    const assets = await Promise.all(
      names.map(async (name) => {
        const content = await readFile(join(buildDirectory, 'assets', name));
        const type = assetTypes[extname(name)] ?? 'application/octet-stream';
        // esbuild names every output file after a hash of its content.
        return hashedAsset(`${assetPrefix}${name}`, type, content);
      }),
    );
    return { page, assets: new Map(assets.map((asset) => [asset.path, asset])) };
  })();
  try {
    return await loaded;
  } catch (error) {
    loaded = undefined;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The reader, an example frontend of this API: its page at GET / and its content-hashed scripts and
 * styles under /reader/ (cacheable for a year; the page itself is revalidated, so a new build shows).
 */
export function useReader(): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      const isPage = url.pathname === '/';
      if (request.method !== 'GET' || !(isPage || url.pathname.startsWith(assetPrefix))) return;
      const build = await readerBuild();
      if (build === undefined) {
        const message = 'The reader is not built: run `npm run generate` (`npm start` builds it when missing).\n';
        endResponse(new fetchAPI.Response(message, { status: 503, headers: { 'content-type': 'text/plain' } }));
        return;
      }
      if (isPage) {
        const headers = {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-cache',
          'content-security-policy': pagePolicy,
        };
        endResponse(new fetchAPI.Response(build.page, { headers }));
        return;
      }
      const asset = build.assets.get(url.pathname);
      endResponse(
        asset ? await assetResponse(asset, request, fetchAPI) : new fetchAPI.Response('Not found', { status: 404 }),
      );
    },
  };
}
