import { readFile } from 'node:fs/promises';
import type { Plugin } from 'graphql-yoga';
import { graphiqlAssetPath, graphiqlAssetPrefix, graphiqlAssetTypes } from './graphiql.ts';

/** Answers GET /graphiql/<asset> with the bundled GraphiQL files. */
export function useGraphiQLAssets(): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith(graphiqlAssetPrefix)) return;
      const name = url.pathname.slice(graphiqlAssetPrefix.length);
      const contentType = graphiqlAssetTypes[name];
      if (!contentType) {
        endResponse(new fetchAPI.Response('Not found', { status: 404 }));
        return;
      }
      const body = await readFile(graphiqlAssetPath(name));
      endResponse(
        new fetchAPI.Response(body, {
          headers: { 'content-type': contentType, 'cache-control': 'public, max-age=86400' },
        }),
      );
    },
  };
}
