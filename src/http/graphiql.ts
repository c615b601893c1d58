import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type ASTNode, Kind, parse, print, visit } from 'graphql';
import type { GraphiQLOptions } from 'graphql-yoga';
import { projectRoot } from '../config.ts';
import type { Database } from '../data/database.ts';
import { contentHash, type HashedAsset, hashedAsset } from './hashed-assets.ts';

/**
 * GraphiQL served from this server: yoga's default page loads its scripts from a CDN, which a
 * closed network (or a strict CSP) cannot reach. The bundle includes the GraphiQL Explorer plugin.
 */
export const graphiqlAssetPrefix = '/graphiql/';
const assetsDirectory = join(
  dirname(createRequire(import.meta.url).resolve('@graphql-yoga/graphiql/package.json')),
  'dist',
);

/** The bundle's files this server answers for, with their content types. */
const graphiqlAssetTypes: Record<string, string> = {
  'graphiql.css': 'text/css; charset=utf-8',
  'yoga-graphiql.umd.js': 'text/javascript; charset=utf-8',
  'monacoeditorwork/editor.worker.bundle.js': 'text/javascript; charset=utf-8',
  'monacoeditorwork/json.worker.bundle.js': 'text/javascript; charset=utf-8',
  'monacoeditorwork/graphql.worker..bundle.js': 'text/javascript; charset=utf-8',
};

export interface GraphiQLAssets {
  /** By URL path, for the asset plugin. */
  byPath: ReadonlyMap<string, HashedAsset>;
  /** The URL path of a bundle file. */
  url(name: string): string;
}

let assets: Promise<GraphiQLAssets> | undefined;

/**
 * The bundle's files under `/graphiql/<content hash>/<name>`, read, hashed and compressed once per
 * process when GraphiQL is first used (a process that never serves it never reads 9 MB).
 */
export function graphiqlAssets(): Promise<GraphiQLAssets> {
  assets ??= (async () => {
    const loaded = await Promise.all(
      Object.entries(graphiqlAssetTypes).map(async ([name, contentType]) => {
        const content = await readFile(join(assetsDirectory, name));
        return [
          name,
          hashedAsset(`${graphiqlAssetPrefix}${contentHash(content)}/${name}`, contentType, content),
        ] as const;
      }),
    );
    const byName = new Map(loaded);
    return {
      byPath: new Map(loaded.map(([, asset]) => [asset.path, asset])),
      url: (name) => {
        const asset = byName.get(name);
        if (asset === undefined) throw new Error(`not a GraphiQL asset: ${name}`);
        return asset.path;
      },
    };
  })();
  return assets;
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** JSON that stays inert inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

/** What a new tab opens with. */
export const defaultGraphiqlQuery = `# Welcome to the news archive. Press the run button (or Ctrl-Enter).
# Pages link by slug; id refetches any object through node(id:).
query NewestArticles {
  articles(first: 5) {
    totalCount
    edges {
      node {
        id
        slug
        title
        url
        publishedAt
        section { slug name }
        summary
        authors { id slug name }
        leadFigure { src caption credit }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`;

/** The reader's operations (reader/operations), which GraphiQL opens as its first tabs. */
const readerOperationsDirectory = join(projectRoot, 'reader', 'operations');

interface ExampleValues {
  articleSlug: string;
  authorSlug: string;
  sectionSlug: string;
}

interface ExampleTab {
  query: string;
  variables: (values: ExampleValues) => Record<string, unknown>;
}

/** Each example tab: a file of reader/operations and the variables it opens with. */
const exampleTabs: { file: string; variables: ExampleTab['variables'] }[] = [
  { file: 'home.graphql', variables: () => ({ first: 5 }) },
  { file: 'article.graphql', variables: ({ articleSlug }) => ({ slug: articleSlug }) },
  { file: 'author.graphql', variables: ({ authorSlug }) => ({ slug: authorSlug, first: 5 }) },
  { file: 'section.graphql', variables: ({ sectionSlug }) => ({ slug: sectionSlug, first: 5 }) },
];

let exampleQueries: Promise<ExampleTab[]> | undefined;

/**
 * Each example tab's query: its operation file as written (comments included) followed by the
 * fragments it uses, transitively, from any file of the folder, so every tab runs on its own.
 */
function loadExampleQueries(): Promise<ExampleTab[]> {
  exampleQueries ??= (async () => {
    const files = (await readdir(readerOperationsDirectory)).filter((file) => file.endsWith('.graphql'));
    const texts = new Map(
      await Promise.all(
        files.map(async (file) => [file, await readFile(join(readerOperationsDirectory, file), 'utf8')] as const),
      ),
    );
    const fragments = new Map<string, { text: string; spreads: string[] }>();
    for (const text of texts.values()) {
      for (const definition of parse(text).definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) {
          fragments.set(definition.name.value, { text: print(definition), spreads: spreadNames(definition) });
        }
      }
    }
    return exampleTabs.map(({ file, variables }) => {
      const text = texts.get(file);
      if (text === undefined) throw new Error(`reader/operations/${file} is missing`);
      const used = new Map<string, string>();
      const pending = spreadNames(parse(text));
      for (let name = pending.shift(); name !== undefined; name = pending.shift()) {
        const fragment = fragments.get(name);
        if (used.has(name) || fragment === undefined) continue;
        used.set(name, fragment.text);
        pending.push(...fragment.spreads);
      }
      return { query: [text.trimEnd(), ...used.values()].join('\n\n'), variables };
    });
  })();
  return exampleQueries;
}

function spreadNames(node: ASTNode): string[] {
  const names: string[] = [];
  visit(node, {
    FragmentSpread: (spread) => {
      names.push(spread.name.value);
    },
  });
  return names;
}

/** The newest article that has an author: the article, author and section tabs open on it. */
async function exampleValues(db: Database): Promise<ExampleValues> {
  const article = await db.prisma.article.findFirst({
    where: { authors: { some: {} } },
    orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
    select: {
      slug: true,
      section: true,
      authors: { orderBy: { position: 'asc' }, take: 1, select: { author: { select: { slug: true } } } },
    },
  });
  return {
    articleSlug: article?.slug ?? '',
    authorSlug: article?.authors[0]?.author.slug ?? '',
    sectionSlug: article?.section ?? '',
  };
}

/**
 * GraphiQL's options for one page view: tabs for the reader's operations, their variables filled from
 * the archive as it is now. Tabs a browser has stored from an earlier visit take precedence (GraphiQL's
 * rule for `defaultTabs`).
 */
export async function graphiqlOptions(db: Database): Promise<GraphiQLOptions> {
  const [tabs, values] = await Promise.all([loadExampleQueries(), exampleValues(db)]);
  return {
    title: 'News archive GraphQL',
    defaultQuery: defaultGraphiqlQuery,
    defaultTabs: tabs.map(({ query, variables }) => ({ query, variables: JSON.stringify(variables(values), null, 2) })),
  };
}

export async function renderGraphiQL(options: GraphiQLOptions): Promise<string> {
  const { url } = await graphiqlAssets();
  const title = escapeHtml(options.title ?? 'GraphiQL');
  const workers = {
    editorWorkerService: url('monacoeditorwork/editor.worker.bundle.js'),
    json: url('monacoeditorwork/json.worker.bundle.js'),
    graphql: url('monacoeditorwork/graphql.worker..bundle.js'),
  };
  // yoga's bundle fills the editors from `query` and `variables`, and GraphiQL's first tab from
  // `defaultTabs`: they must agree, or the first tab shows a query it does not hold.
  const [firstTab] = options.defaultTabs ?? [];
  const bundleOptions = {
    ...options,
    query: firstTab?.query ?? options.defaultQuery,
    variables: firstTab?.variables ?? undefined,
  };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<link rel="stylesheet" href="${url('graphiql.css')}"></head>
<body id="body" class="no-focus-outline"><noscript>GraphiQL needs JavaScript.</noscript><div id="root">Loading ${title}…</div>
<script>self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_id, label) => (${scriptJson(workers)})[label] };</script>
<script src="${url('yoga-graphiql.umd.js')}"></script>
<script>YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), ${scriptJson(bundleOptions)});</script>
</body></html>`;
}
