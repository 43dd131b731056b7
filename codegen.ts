import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed documents from the printed schema: for the tests (test/generated/) and for clients, with the persisted
// operations allow-list (operations/generated/). The output is committed, so tests run without a codegen step;
// `npm run codegen` refreshes it and CI fails when it is stale.
/** DateTime is an RFC 3339 string on the wire (its @specifiedBy); strictScalars fails on a scalar left unmapped. */
const CLIENT_CONFIG = {
  enumsAsTypes: true,
  scalars: { DateTime: 'string' },
  strictScalars: true,
  useTypeImports: true,
};

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  generates: {
    // The allow-list for PERSISTED_OPERATIONS=only, with typed documents for TypeScript clients.
    'operations/generated/': {
      documents: ['operations/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
      config: CLIENT_CONFIG,
    },
    // Typed documents for the API Access page.
    'web/src/generated/': {
      documents: ['web/src/**/*.ts', '!web/src/generated/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: CLIENT_CONFIG,
    },
    'test/generated/': {
      documents: ['test/**/*.ts', '!test/generated/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: CLIENT_CONFIG,
    },
  },
  silent: true,
  // Imports with .js extensions, as NodeNext resolution wants.
  emitLegacyCommonJSImports: false,
};

export default config;
