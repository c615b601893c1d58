import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema, isObjectType } from 'graphql';

/**
 * What a query result depends on, for the response cache's entity-level invalidation: tags recorded
 * while the result is computed, and the tags a change to an article evicts. Both live here, next to
 * the schema, so that a field and what invalidates it are decided together.
 *
 * - `article:<id>`: the response shows that article (any field of it, or only that it exists).
 * - `section:<slug>`: a section's article list or count.
 * - `new-article`: something that appears when an article is created: a link target or an
 *   `article(url:, slug:)` lookup that is still null.
 * - `any`: everything else, evicted by every change. Lists of all articles and sections, counts, the
 *   change feed itself; backlinks (a change row does not say which articles the changed one links
 *   to, before or after); and authors: a change row does not name them, a write can create an author
 *   or rewrite their footer details (name, bio) and bylines, so whatever shows an author depends on
 *   every change. Root fields not listed below default to it, so a new field is never cached stale.
 */
export type CacheTag = string;

const anyChange: CacheTag = 'any';
const articleCreated: CacheTag = 'new-article';
const articleTag = (id: number): CacheTag => `article:${id}`;
const sectionTag = (slug: string): CacheTag => `section:${slug}`;

/** The change-feed row as far as invalidation needs it. */
export interface ArticleChange {
  type: 'ARTICLE_CREATED' | 'ARTICLE_UPDATED' | 'ARTICLE_DELETED';
  articleId: number;
  section: string;
}

/** Every tag whose responses may no longer be what the database would answer after `change`. */
export function tagsOfChange(change: ArticleChange): CacheTag[] {
  const tags = [anyChange, articleTag(change.articleId), sectionTag(change.section)];
  // An update keeps the URL (and so the section); only a new article resolves links and lookups to it.
  if (change.type === 'ARTICLE_CREATED') tags.push(articleCreated);
  return tags;
}

/** The tags of requests being computed, by their context; only requests the cache may store have one. */
const collectors = new WeakMap<object, Set<CacheTag>>();

/** Starts recording what the request with this context reads; the set fills while it executes. */
export function collectCacheTags(context: object): Set<CacheTag> {
  const tags = new Set<CacheTag>();
  collectors.set(context, tags);
  return tags;
}

type TagRule = (parent: unknown, args: Record<string, unknown>, result: unknown) => CacheTag | null;

const idOf = (row: unknown): number => (row as { id: number }).id;
const always =
  (tag: CacheTag): TagRule =>
  () =>
    tag;
/** An article the field returns: its own tag, or, when there is none yet, the tag of articles to come. */
const articleOrCreated: TagRule = (_parent, _args, result) =>
  result == null ? articleCreated : articleTag(idOf(result));

/**
 * Fields with a dependency of their own; every field of `Article` also depends on its article (the
 * `select` always reads the id), and root query fields not listed on every change.
 */
const rules: Record<string, Record<string, TagRule>> = {
  Query: {
    article: articleOrCreated,
    section: (_parent, args) => sectionTag(args.slug as string),
  },
  Article: { authors: always(anyChange), backlinks: always(anyChange) },
  Section: {
    articles: (section) => sectionTag((section as { slug: string }).slug),
    articleCount: (section) => sectionTag((section as { slug: string }).slug),
  },
  Link: { target: articleOrCreated },
};

function isPromise(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

function tracked(
  resolve: GraphQLFieldResolver<unknown, object>,
  typeName: string,
  rule: TagRule | undefined,
): GraphQLFieldResolver<unknown, object> {
  return (parent, args, context, info) => {
    const result = resolve(parent, args, context, info);
    const tags = collectors.get(context);
    if (tags === undefined) return result;
    if (typeName === 'Article') tags.add(articleTag(idOf(parent)));
    if (rule === undefined) return result;
    if (!isPromise(result)) {
      const tag = rule(parent, args, result);
      if (tag !== null) tags.add(tag);
      return result;
    }
    return result.then((value) => {
      const tag = rule(parent, args, value);
      if (tag !== null) tags.add(tag);
      return value;
    });
  };
}

/**
 * Wraps the resolvers that record tags, once, when the schema is built. Outside a request the cache
 * may store, a wrapper costs one WeakMap look-up.
 */
export function trackCacheDependencies(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const typeRules = rules[type.name];
    const isQuery = type === schema.getQueryType();
    if (typeRules === undefined && type.name !== 'Article' && !isQuery) continue;
    for (const field of Object.values(type.getFields())) {
      const rule = typeRules?.[field.name] ?? (isQuery ? always(anyChange) : undefined);
      if (rule === undefined && type.name !== 'Article') continue;
      field.resolve = tracked(field.resolve ?? defaultFieldResolver, type.name, rule);
    }
  }
  return schema;
}
