/** Renders documents in the seed format (capture comment, title line, feed HTML) from a plain description. */

export interface DocumentAuthor {
  /** As printed in the byline, usually upper case. */
  byline: string;
  /** The footer's spelling; no bio line when absent. */
  footerName?: string;
  bio?: string;
  profileSlug?: string;
}

export interface DocumentFigure {
  src: string;
  width?: number;
  height?: number;
  caption?: string;
  credit?: string;
}

export type DocumentBlock =
  | { paragraph: string }
  | { heading: string; level?: 2 | 3 | 4 }
  | { quote: string }
  | { image: string; caption?: string };

export interface DocumentSpec {
  title: string;
  url: string;
  /** Beijing-time `YYYY-MM-DD HH:MM:SS`, as the feed writes it. */
  published: string;
  capturedAtMs?: number;
  authors: DocumentAuthor[];
  leadFigure?: DocumentFigure;
  /** HTML fragments are written as given, so links and markup can be embedded. */
  body: DocumentBlock[];
  credits?: string[];
  originalUrl?: string;
}

function escapeAttribute(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}

function proxied(src: string): string {
  return `https://images.weserv.nl/?url=${src.replace(/^https?:\/\//, '')}`;
}

function renderFigure(figure: DocumentFigure): string {
  const size = figure.width && figure.height ? ` width="${figure.width}" height="${figure.height}"` : '';
  const credit = figure.credit ? ` <cite>${figure.credit}</cite>` : '';
  return `<figure><img src="${escapeAttribute(proxied(figure.src))}"${size}><figcaption>${figure.caption ?? ''}${credit}</figcaption></figure>`;
}

function renderBlock(block: DocumentBlock): string {
  if ('paragraph' in block) return `<p>${block.paragraph}</p>`;
  if ('heading' in block) return `<h${block.level ?? 2}>${block.heading}</h${block.level ?? 2}>`;
  if ('quote' in block) return `<blockquote><p>${block.quote}</p></blockquote>`;
  const caption = block.caption ? `<small style="color: #999;">${block.caption}</small>` : '';
  return `<p><img src="${escapeAttribute(proxied(block.image))}">${caption}</p>`;
}

function renderFooter(spec: DocumentSpec): string {
  const bios = spec.authors
    .filter((author) => author.footerName && author.bio)
    .map((author) => {
      const profile = author.profileSlug
        ? `<a rel="nofollow" target="_blank" href="https://www.nytimes.com/by/${author.profileSlug}">点击查看更多关于他的信息。</a>`
        : '';
      return `<p>${author.footerName}${author.bio}${profile}</p>`;
    });
  const credits = (spec.credits ?? []).map((credit) => `<p>${credit}</p>`);
  const original = spec.originalUrl
    ? `<a rel="nofollow" target="_blank" href="${escapeAttribute(spec.originalUrl)}">点击查看本文英文版。</a>`
    : '';
  const content = [...bios, ...credits, original].join('');
  return content ? `<footer>${content}</footer>` : '';
}

export function renderDocument(spec: DocumentSpec): string {
  const capture = spec.capturedAtMs === undefined ? '' : `<!--${spec.capturedAtMs}-->\n`;
  const byline = spec.authors.map((author) => author.byline).join(', ');
  const html = [
    `<address>${byline}</address>`,
    `<time pudate="${spec.published}" datetime="${spec.published}">${spec.published.slice(0, 10)}</time>`,
    spec.leadFigure ? renderFigure(spec.leadFigure) : '',
    `<section>${spec.body.map(renderBlock).join('')}</section>`,
    renderFooter(spec),
  ].join('');
  return `${capture}[${spec.title}](${spec.url})\n------\n\n${html}\n`;
}
