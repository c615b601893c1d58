import type { GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { printSchemaDocument } from '../schema/print.ts';

export const schemaSdlPath = '/schema.graphql';

/**
 * Answers `GET /schema.graphql` with the SDL of the schema the app serves, printed as `npm run schema`
 * prints the committed schema.graphql (a test keeps the two equal), so code generators and people can
 * read the contract without an introspection query.
 */
export function useSchemaSdl(schema: GraphQLSchema): Plugin {
  let sdl: string | undefined;
  return {
    onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== schemaSdlPath) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response('Method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      // Printed on first use: it costs milliseconds, and a server that is never asked pays nothing.
      sdl ??= printSchemaDocument(schema);
      endResponse(new fetchAPI.Response(sdl, { headers: { 'content-type': 'text/plain; charset=utf-8' } }));
    },
  };
}
