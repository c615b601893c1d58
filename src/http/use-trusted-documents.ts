import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';
import { projectRoot } from '../config.ts';

/** graphql-codegen's manifest of the reader's operations (codegen.ts): sha256 hash → document text. */
export const trustedDocumentsFile = join(projectRoot, 'reader', 'generated', 'persisted-documents.json');

/**
 * The manifest, read when the app is built. Missing (no `npm run generate` yet), there are no trusted
 * documents: fatal when only they may run, else only the reader (which sends hashes) is affected.
 */
export function readTrustedDocuments(file: string, required: boolean): ReadonlyMap<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !required) return new Map();
    throw new Error(`TRUSTED_DOCUMENTS_ONLY needs ${file}: run npm run generate`, { cause: error });
  }
  const manifest = JSON.parse(text) as Record<string, unknown>;
  return new Map(Object.entries(manifest).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/**
 * Operations sent by hash (`extensions.persistedQuery.sha256Hash`, as the reader sends them) run the
 * manifest's document. With `only`, query text is refused: only this API's own frontends' operations
 * run, each one reviewed and its cost known in advance.
 */
export function useTrustedDocuments(documents: ReadonlyMap<string, string>, only: boolean): Plugin {
  return usePersistedOperations({
    getPersistedOperation: (hash) => documents.get(hash) ?? null,
    allowArbitraryOperations: !only,
    customErrors: {
      persistedQueryOnly: {
        message:
          'Only trusted documents run on this server (TRUSTED_DOCUMENTS_ONLY): send the hash of one in extensions.persistedQuery, not query text',
        extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 400 } },
      },
      notFound: {
        message: 'No trusted document has this hash: the client was built from other operations than this server',
        extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } },
      },
      keyNotFound: {
        message: 'Send a query, or the sha256 hash of a trusted document in extensions.persistedQuery',
        extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED', http: { status: 400 } },
      },
    },
  });
}
