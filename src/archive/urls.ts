/** URL rules: canonical article URLs, link resolution, image proxy unwrapping, author profiles. */

const HTTP_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);
const CN_HOSTS: ReadonlySet<string> = new Set(['cn.nytimes.com', 'www.cn.nytimes.com', 'm.cn.nytimes.com']);
const IMAGE_PROXY_HOSTS: ReadonlySet<string> = new Set(['images.weserv.nl', 'wsrv.nl']);
/** A `/YYYYMMDD/` path segment with a plausible month and day. */
const ARTICLE_DATE_SEGMENT = /\/(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\//;
const HAS_SCHEME = /^[a-z][a-z\d+.-]*:/i;

function parseUrl(href: string, base?: URL): URL | null {
  try {
    return new URL(href, base);
  } catch {
    return null;
  }
}

/** An absolute http(s) URL from `href`, or null. */
export function parseHttpUrl(href: string): URL | null {
  const url = parseUrl(href.trim());
  return url !== null && HTTP_PROTOCOLS.has(url.protocol) ? url : null;
}

/**
 * The canonical URL of the cn.nytimes.com article that `href` names, or null when it names none:
 * https, host `cn.nytimes.com`, no query or fragment, path ending in `/`.
 */
export function canonicalArticleUrl(href: string): string | null {
  const url = parseHttpUrl(href);
  if (url === null || !CN_HOSTS.has(url.hostname) || !ARTICLE_DATE_SEGMENT.test(url.pathname)) return null;
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return `https://cn.nytimes.com${path}`;
}

/**
 * The canonical URL of a document's own address: the article form for cn.nytimes.com articles,
 * else the URL upgraded to https without its fragment (the query is kept: elsewhere it may name the page).
 */
export function canonicalDocumentUrl(url: URL): string {
  const article = canonicalArticleUrl(url.href);
  if (article !== null) return article;
  const copy = new URL(url.href);
  copy.protocol = 'https:';
  copy.hash = '';
  return copy.href;
}

/** Resolves a link target against the article URL; null unless the result is http(s). */
export function resolveHttpUrl(href: string | undefined, base: URL): string | null {
  const trimmed = href?.trim();
  // A fragment-only href points into the page itself, not at another document.
  if (trimmed === undefined || trimmed === '' || trimmed.startsWith('#')) return null;
  const url = parseUrl(trimmed, base);
  return url !== null && HTTP_PROTOCOLS.has(url.protocol) ? url.href : null;
}

/** The original image URL behind an `<img src>`, unwrapped from images.weserv.nl / wsrv.nl proxies. */
export function imageSourceUrl(src: string | undefined, base: URL): string | null {
  const resolved = resolveHttpUrl(src, base);
  if (resolved === null) return null;
  const url = new URL(resolved);
  if (!IMAGE_PROXY_HOSTS.has(url.hostname)) return resolved;
  const target = proxiedTarget(url.search);
  return target === null ? null : resolveHttpUrl(withScheme(target), base);
}

/**
 * The `url` parameter of a proxy query. Read by hand because feeds put the target in unencoded:
 * URLSearchParams would turn a literal `+` into a space.
 */
function proxiedTarget(search: string): string | null {
  for (const pair of search.slice(1).split('&')) {
    if (pair.startsWith('url=')) return safeDecodeURIComponent(pair.slice(4)).trim() || null;
  }
  return null;
}

function safeDecodeURIComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** weserv targets are written without a scheme, or with its legacy `ssl:` marker for https. */
function withScheme(target: string): string {
  const bare = target.replace(/^ssl:/i, '');
  if (bare.startsWith('//')) return `https:${bare}`;
  return HAS_SCHEME.test(bare) ? bare : `https://${bare}`;
}

export function isNytimesHost(hostname: string): boolean {
  return hostname === 'nytimes.com' || hostname.endsWith('.nytimes.com');
}

export function isCnNytimesHost(hostname: string): boolean {
  return hostname === 'cn.nytimes.com' || hostname.endsWith('.cn.nytimes.com');
}

/** The `<slug>` of an absolute `nytimes.com/by/<slug>` author profile URL, or null. */
export function authorProfileSlug(href: string): string | null {
  const url = parseHttpUrl(href);
  if (url === null || !isNytimesHost(url.hostname) || !url.pathname.startsWith('/by/')) return null;
  const slug = url.pathname.slice('/by/'.length).split('/')[0] ?? '';
  return slug === '' ? null : safeDecodeURIComponent(slug).toLowerCase();
}

export function authorProfileUrl(slug: string): string {
  return `https://www.nytimes.com/by/${encodeURIComponent(slug)}`;
}

export interface UrlFacets {
  slug: string;
  section: string;
  language: 'zh-Hans' | 'zh-Hant';
}

/** Slug, section and language as the URL path spells them (`world/20240813/x`, `world`, `zh-Hans`). */
export function urlFacets(canonicalUrl: string): UrlFacets {
  const url = new URL(canonicalUrl);
  const path = url.pathname.replace(/^\/+|\/+$/g, '');
  return {
    slug: path === '' ? url.hostname : path,
    section: path.split('/')[0] ?? '',
    language: /(?:^|\/)zh-hant$/i.test(path) ? 'zh-Hant' : 'zh-Hans',
  };
}
