import type { Plugin } from 'graphql-yoga';
import { graphiqlAssetPrefix, graphiqlAssets } from './graphiql.ts';
import { assetResponse } from './hashed-assets.ts';

/** Answers GET /graphiql/<content hash>/<file> with GraphiQL's bundle, compressed and cacheable for a year. */
export function useGraphiQLAssets(): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith(graphiqlAssetPrefix)) return;
      const asset = request.method === 'GET' ? (await graphiqlAssets()).byPath.get(url.pathname) : undefined;
      endResponse(
        asset ? await assetResponse(asset, request, fetchAPI) : new fetchAPI.Response('Not found', { status: 404 }),
      );
    },
  };
}
