import type { CodegenConfig } from '@graphql-codegen/cli';

/** Typed documents for the example frontend operations, checked against the committed schema.graphql. */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['test/operations/*.graphql'],
  ignoreNoDocuments: false,
  // Explicit `.js` extensions, as NodeNext module resolution requires.
  importExtension: '.js',
  silent: true,
  generates: {
    'test/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        scalars: { DateTime: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;
