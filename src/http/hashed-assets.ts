import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/**
 * Static files served under URLs that carry a hash of their content: a browser may keep them for a
 * year without asking again, since a changed file gets a new URL. Each is compressed at most once per
 * process and encoding (on zlib's thread pool, so other requests are served meanwhile), never per request.
 */
export interface HashedAsset {
  /** The URL path, hash included. */
  readonly path: string;
  readonly contentType: string;
  body(encoding: ContentEncoding): Promise<Bytes>;
}

export type ContentEncoding = 'br' | 'gzip' | 'identity';

/** Bytes on an ArrayBuffer of their own (what fs and zlib return), as a response body takes them. */
export type Bytes = Uint8Array<ArrayBuffer>;

const compressBrotli = promisify(brotliCompress);
const compressGzip = promisify(gzip);

/** 16 hex digits of SHA-256: collisions between versions of one file are not a practical concern. */
export function contentHash(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

function compress(content: Bytes, encoding: 'br' | 'gzip'): Promise<Bytes> {
  if (encoding === 'gzip') return compressGzip(content, { level: 9 });
  // Quality 9 of 11: a tenth larger than 11 on GraphiQL's 9 MB of files, and about fifteen times faster (3 s, not 50).
  return compressBrotli(content, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 9,
      [constants.BROTLI_PARAM_SIZE_HINT]: content.byteLength,
    },
  });
}

/**
 * An asset whose compressed forms are made on the first request for each encoding and then kept: a
 * process that never serves an encoding (a test that only renders a page) never spends the CPU.
 */
export function hashedAsset(path: string, contentType: string, content: Bytes): HashedAsset {
  const compressed = new Map<'br' | 'gzip', Promise<Bytes>>();
  return {
    path,
    contentType,
    body(encoding) {
      if (encoding === 'identity') return Promise.resolve(content);
      let body = compressed.get(encoding);
      if (body === undefined) {
        body = compress(content, encoding);
        compressed.set(encoding, body);
      }
      return body;
    },
  };
}

/**
 * The encoding to send for an `Accept-Encoding` header: brotli, else gzip, whichever the client accepts
 * with the higher weight (brotli on a tie), else none.
 */
function negotiateEncoding(acceptEncoding: string | null): ContentEncoding {
  const weights = new Map<string, number>();
  for (const entry of (acceptEncoding ?? '').split(',')) {
    const [coding = '', ...parameters] = entry.split(';').map((part) => part.trim().toLowerCase());
    if (coding === '') continue;
    const quality = parameters.find((parameter) => parameter.startsWith('q='));
    const weight = quality === undefined ? 1 : Number(quality.slice(2));
    weights.set(coding, Number.isFinite(weight) ? weight : 0);
  }
  const weight = (coding: string) => weights.get(coding) ?? weights.get('*') ?? 0;
  const brotli = weight('br');
  const gzipWeight = weight('gzip');
  if (brotli > 0 && brotli >= gzipWeight) return 'br';
  if (gzipWeight > 0) return 'gzip';
  return 'identity';
}

const immutableCacheControl = 'public, max-age=31536000, immutable';

/** The asset in the best encoding the request accepts, cacheable for a year. */
export async function assetResponse(
  asset: HashedAsset,
  request: Request,
  fetchAPI: { Response: typeof Response },
): Promise<Response> {
  const encoding = negotiateEncoding(request.headers.get('accept-encoding'));
  const body = await asset.body(encoding);
  const headers: Record<string, string> = {
    'content-type': asset.contentType,
    'content-length': String(body.byteLength),
    'cache-control': immutableCacheControl,
    vary: 'Accept-Encoding',
  };
  if (encoding !== 'identity') headers['content-encoding'] = encoding;
  return new fetchAPI.Response(body, { headers });
}
