import type { ArticleRecord, AuthorRecord, FigureRecord, LinkRecord } from '../../archive/record.ts';

/**
 * What a batch of parsed articles changes, decided in memory before anything is written: which
 * documents are new, changed or unchanged, which authors their bylines resolve to, and the rows each
 * table receives. Provider-neutral: the SQLite and PostgreSQL writers only execute the plan.
 */
export type StoreOutcome = 'created' | 'updated' | 'unchanged';

/** An author as the batch leaves it: a row loaded from the database, or one still to be created (no id yet). */
export interface AuthorRow {
  id: number | null;
  slug: string;
  name: string;
  bio: string | null;
  profileUrl: string | null;
  footerChanged: boolean;
  /** The batch changed the stored name: the search index of the author's other articles names them anew. */
  renamed: boolean;
}

/** The content an article ends the batch with, and the authors its bylines resolved to. */
export interface ArticleWrite {
  record: ArticleRecord;
  existingId: number | null;
  authors: AuthorRow[];
}

export interface StoredArticle {
  id: number;
  url: string;
  contentHash: string;
}

/** Each record is compared with its URL's content just before it: the stored row or an earlier record. */
export function sequentialOutcomes(
  records: readonly ArticleRecord[],
  stored: readonly StoredArticle[],
): StoreOutcome[] {
  const hashByUrl = new Map(stored.map((article) => [article.url, article.contentHash]));
  return records.map((record) => {
    const previousHash = hashByUrl.get(record.url);
    hashByUrl.set(record.url, record.contentHash);
    if (previousHash === record.contentHash) return 'unchanged';
    return previousHash === undefined ? 'created' : 'updated';
  });
}

/**
 * Resolves every byline in document order, as storing one by one would; the last record of a URL
 * decides its content, but earlier ones still leave their authors behind.
 */
export function planArticleWrites(
  changed: readonly ArticleRecord[],
  stored: readonly StoredArticle[],
  authors: AuthorBook,
): ArticleWrite[] {
  const storedIds = new Map(stored.map((article) => [article.url, article.id]));
  const writes = new Map<string, ArticleWrite>();
  for (const record of changed) {
    const bylineAuthors = record.authors.map((author) => authors.resolve(author));
    writes.set(record.url, { record, existingId: storedIds.get(record.url) ?? null, authors: bylineAuthors });
  }
  return [...writes.values()];
}

export function hasFooterDetails(author: AuthorRecord): boolean {
  return author.bio !== null || author.profileUrl !== null;
}

/** Every author a byline of these records could resolve to: by slug, and by name for bare bylines. */
export function authorKeys(records: readonly ArticleRecord[]): { slugs: string[]; bareNames: string[] } {
  const bylines = records.flatMap((record) => record.authors);
  return {
    slugs: [...new Set(bylines.map((author) => author.slug))],
    bareNames: [...new Set(bylines.filter((author) => !hasFooterDetails(author)).map((author) => author.name))],
  };
}

/**
 * The authors a batch can touch, in the order a lookup by name meets them (by id, new ones last), so
 * that bylines resolve in memory exactly as they would against the database one by one.
 */
export class AuthorBook {
  readonly #rows: AuthorRow[];
  readonly #bySlug: Map<string, AuthorRow>;

  constructor(rows: Omit<AuthorRow, 'footerChanged' | 'renamed'>[]) {
    this.#rows = rows.map((row) => ({ ...row, footerChanged: false, renamed: false }));
    this.#bySlug = new Map(this.#rows.map((row) => [row.slug, row]));
  }

  get rows(): readonly AuthorRow[] {
    return this.#rows;
  }

  resolve(author: AuthorRecord): AuthorRow {
    const hasFooter = hasFooterDetails(author);
    if (!hasFooter) {
      // A bare byline says nothing new: reuse the author an earlier footer named, whatever its slug.
      const known = this.#rows.find((row) => row.name === author.name);
      if (known) return known;
    }
    const existing = this.#bySlug.get(author.slug);
    if (!existing) return this.#add(author);
    if (hasFooter) updateFooterDetails(existing, author);
    return existing;
  }

  #add(author: AuthorRecord): AuthorRow {
    const row = { id: null, ...author, footerChanged: false, renamed: false };
    this.#rows.push(row);
    this.#bySlug.set(row.slug, row);
    return row;
  }
}

function updateFooterDetails(row: AuthorRow, author: AuthorRecord): void {
  if (row.name === author.name && row.bio === author.bio && row.profileUrl === author.profileUrl) return;
  // Only a stored author's name is indexed elsewhere; a new one's is indexed with the batch.
  if (row.id !== null && row.name !== author.name) row.renamed = true;
  row.name = author.name;
  row.bio = author.bio;
  row.profileUrl = author.profileUrl;
  row.footerChanged = true;
}

/** Stored authors whose name the batch changed: their other articles are re-indexed under it. */
export function renamedAuthorIds(authors: readonly AuthorRow[]): number[] {
  return authors.flatMap((row) => (row.renamed && row.id !== null ? [row.id] : []));
}

/** The URLs of archived articles that the batch's links may name. */
export function linkTargetUrls(writes: readonly ArticleWrite[]): string[] {
  return [...new Set(writes.flatMap(({ record }) => record.links.flatMap((link) => link.targetUrl ?? [])))];
}

export interface LinkRow extends LinkRecord {
  articleId: number;
  targetId: number | null;
  /** True on the first link of its article to each target, so backlinks list each source once. */
  firstToTarget: boolean;
  sourcePublishedAt: Date;
}

export function linkRows(record: ArticleRecord, articleId: number, targetIds: Map<string, number>): LinkRow[] {
  const seenTargets = new Set<string>();
  return record.links.map((link) => {
    const firstToTarget = link.targetUrl !== null && !seenTargets.has(link.targetUrl);
    if (link.targetUrl) seenTargets.add(link.targetUrl);
    return {
      ...link,
      articleId,
      targetId: link.targetUrl ? (targetIds.get(link.targetUrl) ?? null) : null,
      firstToTarget,
      sourcePublishedAt: record.publishedAt,
    };
  });
}

export type FigureRow = FigureRecord & { articleId: number };

export type ChangeType = 'ARTICLE_CREATED' | 'ARTICLE_UPDATED' | 'ARTICLE_DELETED';

/** A row of the change feed, as a batch appends it (the database numbers it). */
export interface ChangeRow {
  type: ChangeType;
  articleId: number;
  url: string;
  section: string;
}

/** One change per record the batch created or updated, in record order; unchanged records append none. */
export function writeChanges(
  records: readonly ArticleRecord[],
  outcomes: readonly StoreOutcome[],
  articleIds: ReadonlyMap<string, number>,
): ChangeRow[] {
  return records.flatMap((record, index) => {
    const outcome = outcomes[index];
    if (outcome === 'unchanged' || outcome === undefined) return [];
    const articleId = articleIds.get(record.url);
    if (articleId === undefined) throw new Error(`article ${record.url} was written but has no id`);
    const type = outcome === 'created' ? 'ARTICLE_CREATED' : 'ARTICLE_UPDATED';
    return [{ type, articleId, url: record.url, section: record.section }];
  });
}

/** The articles a delete removed, in the order their ids were asked for. */
export function deleteChanges(ids: readonly number[], removed: readonly DeletedRow[]): ChangeRow[] {
  const byId = new Map(removed.map((row) => [row.id, row]));
  return [...new Set(ids)].flatMap((id) => {
    const row = byId.get(id);
    return row === undefined
      ? []
      : [{ type: 'ARTICLE_DELETED' as const, articleId: id, url: row.url, section: row.section }];
  });
}

export interface DeletedRow {
  id: number;
  url: string;
  section: string;
}
