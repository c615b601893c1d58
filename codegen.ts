import type { CodegenConfig } from '@graphql-codegen/cli';

/** One generated module of typed documents, as frontends of this API would configure it. */
const typedDocuments = {
  preset: 'client',
  presetConfig: { fragmentMasking: false },
  config: {
    scalars: { DateTime: 'string' },
    enumsAsTypes: true,
    useTypeImports: true,
    // Result types as a client sees them: only the operations' own types, no unselected
    // __typename, nullable fields present as `T | null`.
    onlyOperationTypes: true,
    skipTypename: true,
    avoidOptionals: { field: true },
  },
} as const;

/**
 * Typed documents for the example frontend operations (test/operations, run by the tests) and for the
 * reader's (reader/operations), both checked against the committed schema.graphql.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: false,
  // Explicit `.js` extensions, as NodeNext module resolution requires (esbuild resolves them too).
  importExtension: '.js',
  silent: true,
  generates: {
    'test/generated/': { ...typedDocuments, documents: ['test/operations/*.graphql'] },
    // The reader's operations are also its trusted documents: persisted-documents.json maps each
    // one's sha256 hash to its text (the server's manifest, src/http/use-trusted-documents.ts), and
    // each typed document carries its hash, which the reader sends instead of the text.
    'reader/generated/': {
      ...typedDocuments,
      presetConfig: { ...typedDocuments.presetConfig, persistedDocuments: { hashAlgorithm: 'sha256' } },
      documents: ['reader/operations/*.graphql'],
    },
  },
};

export default config;
