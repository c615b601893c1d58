import { describe, expect, it } from 'vitest';
import {
  authorProfileSlug,
  canonicalArticleUrl,
  canonicalDocumentUrl,
  imageSourceUrl,
  resolveHttpUrl,
  urlFacets,
} from '../../src/archive/urls.ts';

const base = new URL('https://cn.nytimes.com/world/20240813/us-china-working-group-trade/');

describe('canonicalArticleUrl', () => {
  it.each([
    [
      'https://cn.nytimes.com/world/20240408/yellen-china-green-energy-exports/',
      'https://cn.nytimes.com/world/20240408/yellen-china-green-energy-exports/',
    ],
    ['http://cn.nytimes.com/usa/20231116/biden-xi-fentanyl', 'https://cn.nytimes.com/usa/20231116/biden-xi-fentanyl/'],
    [
      'https://CN.NYTimes.com/china/20240722/decision/?utm_source=x#part2',
      'https://cn.nytimes.com/china/20240722/decision/',
    ],
    ['https://www.cn.nytimes.com/china/20240722/decision/', 'https://cn.nytimes.com/china/20240722/decision/'],
    [
      'https://m.cn.nytimes.com/china/20240722/decision/zh-hant/',
      'https://cn.nytimes.com/china/20240722/decision/zh-hant/',
    ],
  ])('canonicalizes %s', (href, expected) => {
    expect(canonicalArticleUrl(href)).toBe(expected);
  });

  it.each([
    ['an English-site article', 'https://www.nytimes.com/2024/08/12/us/politics/us-china-working-group-trade.html'],
    ['a section page', 'https://cn.nytimes.com/world/'],
    ['a path without a date segment', 'https://cn.nytimes.com/opinion/some-column/'],
    ['a date that is the last segment', 'https://cn.nytimes.com/world/20240813'],
    ['an impossible date', 'https://cn.nytimes.com/world/20241345/x/'],
    ['another host', 'https://cn.nytimes.com.evil.example/world/20240813/x/'],
    ['a relative href', '/world/20240813/x/'],
    ['a non-http scheme', 'ftp://cn.nytimes.com/world/20240813/x/'],
    ['garbage', 'not a url'],
  ])('returns null for %s', (_, href) => {
    expect(canonicalArticleUrl(href)).toBeNull();
  });
});

describe('canonicalDocumentUrl', () => {
  it('upgrades other sites to https, lowercases the host and drops only the fragment', () => {
    expect(canonicalDocumentUrl(new URL('http://Example.COM/News/Story.php?id=7#top'))).toBe(
      'https://example.com/News/Story.php?id=7',
    );
  });

  it('uses the article form for cn.nytimes.com articles', () => {
    expect(canonicalDocumentUrl(new URL('http://m.cn.nytimes.com/world/20240813/x?a=1'))).toBe(
      'https://cn.nytimes.com/world/20240813/x/',
    );
  });
});

describe('resolveHttpUrl', () => {
  it('resolves relative and protocol-relative hrefs against the article URL', () => {
    expect(resolveHttpUrl('/china/20240101/x/', base)).toBe('https://cn.nytimes.com/china/20240101/x/');
    expect(resolveHttpUrl('../../20240101/y/', base)).toBe('https://cn.nytimes.com/world/20240101/y/');
    expect(resolveHttpUrl('//example.com/a?b=1#c', base)).toBe('https://example.com/a?b=1#c');
  });

  it.each([
    ['javascript:alert(1)'],
    [' JaVaScRiPt:alert(1)'],
    ['java\tscript:alert(1)'],
    ['data:text/html,<b>x</b>'],
    ['vbscript:msgbox'],
    ['mailto:someone@example.com'],
    ['#section-2'],
    [''],
    ['   '],
    [undefined],
  ])('rejects %j', (href) => {
    expect(resolveHttpUrl(href, base)).toBeNull();
  });
});

describe('imageSourceUrl', () => {
  const original = 'https://static01.nyt.com/images/2024/08/12/a/a-master1050.jpg';

  it.each([
    ['https://images.weserv.nl/?url=static01.nyt.com/images/2024/08/12/a/a-master1050.jpg'],
    ['//images.weserv.nl/?url=static01.nyt.com/images/2024/08/12/a/a-master1050.jpg'],
    ['https://images.weserv.nl/?url=ssl:static01.nyt.com/images/2024/08/12/a/a-master1050.jpg'],
    ['https://wsrv.nl/?w=600&url=https%3A%2F%2Fstatic01.nyt.com%2Fimages%2F2024%2F08%2F12%2Fa%2Fa-master1050.jpg'],
    ['https://images.weserv.nl/?url=//static01.nyt.com/images/2024/08/12/a/a-master1050.jpg'],
  ])('unwraps the proxy in %s', (src) => {
    expect(imageSourceUrl(src, base)).toBe(original);
  });

  it('keeps a literal plus sign of an unencoded proxy target', () => {
    expect(imageSourceUrl('https://images.weserv.nl/?url=example.com/a+b.jpg', base)).toBe(
      'https://example.com/a+b.jpg',
    );
  });

  it('keeps direct URLs, resolving relative and protocol-relative ones', () => {
    expect(imageSourceUrl(original, base)).toBe(original);
    expect(imageSourceUrl('//static01.nyt.com/x.jpg', base)).toBe('https://static01.nyt.com/x.jpg');
    expect(imageSourceUrl('/images/x.jpg', base)).toBe('https://cn.nytimes.com/images/x.jpg');
  });

  it('has no source for missing, non-http or target-less proxy URLs', () => {
    expect(imageSourceUrl(undefined, base)).toBeNull();
    expect(imageSourceUrl('', base)).toBeNull();
    expect(imageSourceUrl('data:image/png;base64,AAAA', base)).toBeNull();
    expect(imageSourceUrl('https://images.weserv.nl/?w=600', base)).toBeNull();
  });
});

describe('authorProfileSlug', () => {
  it('reads the slug of nytimes.com profile URLs', () => {
    expect(authorProfileSlug('https://www.nytimes.com/by/alan-rappeport')).toBe('alan-rappeport');
    expect(authorProfileSlug('http://nytimes.com/by/Keith-Bradsher/?smid=x')).toBe('keith-bradsher');
  });

  it('ignores other paths and hosts', () => {
    expect(authorProfileSlug('https://www.nytimes.com/2024/08/12/x.html')).toBeNull();
    expect(authorProfileSlug('https://www.nytimes.com/by/')).toBeNull();
    expect(authorProfileSlug('https://notnytimes.com/by/alan-rappeport')).toBeNull();
  });
});

describe('urlFacets', () => {
  it('derives slug, section and language from the path', () => {
    expect(urlFacets('https://cn.nytimes.com/world/20240813/us-china-working-group-trade/')).toEqual({
      slug: 'world/20240813/us-china-working-group-trade',
      section: 'world',
      language: 'zh-Hans',
    });
    expect(urlFacets('https://cn.nytimes.com/asia-pacific/20240813/x/zh-hant/')).toEqual({
      slug: 'asia-pacific/20240813/x/zh-hant',
      section: 'asia-pacific',
      language: 'zh-Hant',
    });
  });

  it('falls back to the host as slug when the path is empty', () => {
    expect(urlFacets('https://example.com/')).toEqual({ slug: 'example.com', section: '', language: 'zh-Hans' });
  });
});
