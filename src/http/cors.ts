import type { CORSOptions } from 'graphql-yoga';

/**
 * Yoga's CORS options per request. Yoga's default reflects any origin *with*
 * `Access-Control-Allow-Credentials: true`, which lets every web page act with a visitor's
 * credentials; here only the listed origins get credentials, `*` in the list lets every other origin
 * read without them (public content), and without `*` other origins get no CORS headers at all.
 */
export function corsPolicy(origins: readonly string[]): (request: Request) => CORSOptions {
  const listed = new Set(origins.filter((origin) => origin !== '*'));
  const anyOrigin = origins.includes('*');
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin !== null && listed.has(origin)) return { origin, credentials: true };
    // Yoga answers `*` with the request's origin and `Vary: Origin`; without credentials that is `*`.
    return anyOrigin ? { origin: '*', credentials: false } : false;
  };
}
