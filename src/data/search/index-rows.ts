import type { ArticleRecord } from '../../archive/record.ts';
import {
  columnTokens,
  fieldGap,
  recordSearchFields,
  type SearchColumns,
  type SearchDocument,
  searchColumns,
  searchFieldNames,
  unsearchable,
} from '../../archive/search-text.ts';

/**
 * The index rows the writers store for an article, from the same tokens on both providers
 * (archive/search-text.ts's SearchColumns): as FTS5 columns on SQLite, as a tsvector literal with
 * weights on PostgreSQL. The writers index what they store: the article's title, body text and
 * captions, and the names its byline resolved to (an author's stored name, which a bare byline may
 * spell otherwise).
 */

/**
 * An article as a batch writes it: the columns the parse worker computed when its bylines kept their
 * names, else computed here.
 */
export function recordSearchColumns(record: ArticleRecord, authorNames: readonly string[]): SearchColumns {
  const { searchColumns: precomputed } = record;
  const sameNames =
    record.authors.length === authorNames.length &&
    record.authors.every((author, index) => author.name === authorNames[index]);
  return precomputed !== undefined && sameNames ? precomputed : searchColumns(recordSearchFields(record, authorNames));
}

/** An article as stored: what reindexing reads back (captions and names in document and byline order). */
export interface StoredSearchRow {
  id: number;
  title: string;
  bodyText: string;
  captions: (string | null)[];
  authors: string[];
}

export function storedSearchColumns(row: StoredSearchRow): SearchColumns {
  return searchColumns({
    title: row.title,
    authors: row.authors,
    captions: row.captions.filter((caption): caption is string => caption !== null),
    body: row.bodyText,
  });
}

/** The FTS5 row: rowid (the article id), then the columns in the table's order: title, body, captions, authors. */
export type FtsRow = [id: number, title: string, body: string, captions: string, authors: string];

export function ftsRow(id: number, columns: SearchColumns): FtsRow {
  return [id, columns.title, columns.body, columns.captions, columns.authors];
}

/** tsvector weights: title A, authors B, captions C, body D (ts_rank_cd's weights follow, in D…A order). */
const weightLabels: Record<(typeof searchFieldNames)[number], string> = {
  title: 'A',
  authors: 'B',
  captions: 'C',
  body: '',
};

/**
 * The document as tsvector input text (`'lexeme':1A,5A 'other':2`): built here rather than by
 * `to_tsvector`, whose parser would split our tokens again by its own rules. Positions run on across
 * the fields in searchDocument's order, with a gap between fields, so a phrase never spans two.
 */
export function tsvectorLiteral(document: SearchDocument): string {
  const positions = new Map<string, string[]>();
  let position = 0;
  for (const name of searchFieldNames) {
    const label = weightLabels[name];
    for (const token of document[name]) {
      position += 1;
      if (token === unsearchable) continue;
      const list = positions.get(token);
      if (list === undefined) positions.set(token, [`${position}${label}`]);
      else list.push(`${position}${label}`);
    }
    position += fieldGap;
  }
  const lexemes: string[] = [];
  // Tokens are letters and digits (or the private-use placeholder, skipped above): nothing to escape.
  for (const [token, list] of positions) lexemes.push(`'${token}':${list.join(',')}`);
  return lexemes.join(' ');
}

export function tsvectorOf(columns: SearchColumns): string {
  return tsvectorLiteral(columnTokens(columns));
}
