import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { GraphiQLOptions } from 'graphql-yoga';

/**
 * GraphiQL served from this server: yoga's default page loads its scripts from a CDN, which a
 * closed network (or a strict CSP) cannot reach.
 */
export const graphiqlAssetPrefix = '/graphiql/';
const assetsDirectory = join(
  dirname(createRequire(import.meta.url).resolve('@graphql-yoga/graphiql/package.json')),
  'dist',
);

/** The bundle's files this server answers for, with their content types. */
export const graphiqlAssetTypes: Record<string, string> = {
  'graphiql.css': 'text/css; charset=utf-8',
  'yoga-graphiql.umd.js': 'text/javascript; charset=utf-8',
  'monacoeditorwork/editor.worker.bundle.js': 'text/javascript; charset=utf-8',
  'monacoeditorwork/json.worker.bundle.js': 'text/javascript; charset=utf-8',
  'monacoeditorwork/graphql.worker..bundle.js': 'text/javascript; charset=utf-8',
};

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

export function graphiqlAssetPath(name: string): string {
  return join(assetsDirectory, name);
}

export const defaultGraphiqlQuery = `# Welcome to the news archive. Press the run button (or Ctrl-Enter).
query NewestArticles {
  articles(first: 5) {
    totalCount
    edges {
      node {
        title
        url
        publishedAt
        section
        summary
        authors { name slug }
        leadFigure { src caption credit }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`;

export function renderGraphiQL(options: GraphiQLOptions): string {
  const title = escapeHtml(options.title ?? 'GraphiQL');
  const workers = {
    editorWorkerService: `${graphiqlAssetPrefix}monacoeditorwork/editor.worker.bundle.js`,
    json: `${graphiqlAssetPrefix}monacoeditorwork/json.worker.bundle.js`,
    graphql: `${graphiqlAssetPrefix}monacoeditorwork/graphql.worker..bundle.js`,
  };
  // The bundle starts its editor from `query`; yoga's `defaultQuery` would only seed new tabs.
  const bundleOptions = { ...options, query: options.defaultQuery };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<link rel="stylesheet" href="${graphiqlAssetPrefix}graphiql.css"></head>
<body id="body" class="no-focus-outline"><noscript>GraphiQL needs JavaScript.</noscript><div id="root">Loading ${title}…</div>
<script>self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_id, label) => (${scriptJson(workers)})[label] };</script>
<script src="${graphiqlAssetPrefix}yoga-graphiql.umd.js"></script>
<script>YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), ${scriptJson(bundleOptions)});</script>
</body></html>`;
}
