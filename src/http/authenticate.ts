import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiToken } from '../config.ts';
import { unauthenticated } from '../schema/auth.ts';
import { anonymousViewer, type Viewer } from '../schema/context.ts';

export interface Authenticator {
  /** The request's viewer; throws UNAUTHENTICATED (HTTP 401) when its credentials name no configured token. */
  viewerOf(request: Request): Viewer;
  /** Whether the request carries a token with this scope (never throws). */
  hasScope(request: Request, scope: string): boolean;
}

const bearer = /^Bearer +([\x21-\x7e]+) *$/i;

/**
 * Bearer tokens against `API_TOKENS`: only SHA-256 hashes are configured, and the token's hash is
 * compared with every one of them in constant time, so neither a match nor its position shows in
 * the timing. A request with credentials that name no token is refused whatever it asks, reads
 * included: a client with a wrong token learns it at once rather than reading anonymously. Whether
 * a viewer may write is the mutations' business (schema/auth.ts). Memoized per request: the body
 * limit asks before the context is built.
 */
export function createAuthenticator(tokens: readonly ApiToken[]): Authenticator {
  const viewers = new WeakMap<Request, Viewer | null>();
  const identify = (token: string): Viewer | null => {
    const hash = createHash('sha256').update(token).digest();
    let found: ApiToken | undefined;
    for (const candidate of tokens) if (timingSafeEqual(hash, candidate.sha256)) found ??= candidate;
    return found === undefined ? null : { kind: 'token', name: found.name, scopes: found.scopes };
  };
  const authenticate = (request: Request): Viewer | null => {
    if (viewers.has(request)) return viewers.get(request) ?? null;
    const header = request.headers.get('authorization');
    const token = header === null ? undefined : bearer.exec(header)?.[1];
    const viewer = header === null ? anonymousViewer : token === undefined ? null : identify(token);
    viewers.set(request, viewer);
    return viewer;
  };
  return {
    viewerOf(request) {
      const viewer = authenticate(request);
      if (viewer === null) throw unauthenticated('The bearer token is malformed or unknown');
      return viewer;
    },
    hasScope(request, scope) {
      const viewer = authenticate(request);
      return viewer?.kind === 'token' && viewer.scopes.includes(scope);
    },
  };
}
