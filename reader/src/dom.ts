/**
 * DOM building for the reader. Text from the API only ever becomes text nodes or attribute values, so
 * the browser escapes it; the one exception is the block HTML the API sanitizes (`sanitizedHtml`).
 */

type Child = Node | string | null | undefined | false;

/** An element with attributes (undefined ones left out) and children (strings become text nodes). */
export function h<Tag extends keyof HTMLElementTagNameMap>(
  tag: Tag,
  attributes: Record<string, string | number | undefined | null> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[Tag] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) element.append(child);
  }
  return element;
}

/**
 * A URL from the API for an `href` or `src`: only http(s), so a `javascript:` or `data:` URL in the
 * data can never run; undefined otherwise.
 */
export function webUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Block HTML from the API, which sanitizes it (paragraph-level markup, http(s) links, emphasis; no
 * scripts or handlers): parsed in an inert template, so nothing in it runs before it is inserted.
 */
export function sanitizedHtml(html: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  return template.content;
}

/** Links outside the reader open in a new tab and get neither this page's address nor a handle on it. */
export function external(anchor: HTMLAnchorElement): HTMLAnchorElement {
  anchor.target = '_blank';
  anchor.rel = 'noopener noreferrer';
  return anchor;
}
