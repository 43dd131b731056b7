import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed documents for the tests, from the printed schema. The output (test/generated/) is committed, so tests run
// without a codegen step; `npm run codegen` refreshes it and CI fails when it is stale.
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['test/**/*.ts', '!test/generated/**'],
  generates: {
    'test/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { enumsAsTypes: true, scalars: { DateTime: 'string' }, useTypeImports: true },
    },
  },
  silent: true,
  // Imports with .js extensions, as NodeNext resolution wants.
  emitLegacyCommonJSImports: false,
};

export default config;
