import { readFileSync } from 'node:fs';
import { defaultExtractPersistedOperationId, usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';

/** `only`: nothing but the allow-list runs. `allow`: the allow-list's ids are accepted beside arbitrary operations. */
export type PersistedOperationsMode = 'allow' | 'only';

/** The allow-list that `npm run codegen` makes from operations/*.graphql: "sha256:<hex>" -> document. */
export const DEFAULT_PERSISTED_OPERATIONS_FILE = new URL(
  '../operations/generated/persisted-documents.json',
  import.meta.url,
).pathname;

/** The allow-list by id. A Map: ids come from callers, and `__proto__` must be an unknown id like any other. */
export type PersistedDocuments = ReadonlyMap<string, string>;

export function loadPersistedOperations(file = DEFAULT_PERSISTED_OPERATIONS_FILE): PersistedDocuments {
  return new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>));
}

const NOT_IN_LIST = {
  message: 'Only operations from the allow-list run here; this one is not in it.',
  extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST', http: { status: 400 } },
};

/**
 * Persisted operations: a client sends `{"documentId": "sha256:<hex>"}` (or Apollo's
 * `extensions.persistedQuery.sha256Hash`) instead of the document text.
 */
export function persistedOperations(mode: PersistedOperationsMode, documents: PersistedDocuments): Plugin {
  return usePersistedOperations({
    // The GraphQL-over-HTTP draft's documentId, or Apollo's persisted-query extension.
    extractPersistedOperationId: (params, request, context) => {
      const { documentId } = params as { documentId?: unknown };
      return typeof documentId === 'string' ? documentId : defaultExtractPersistedOperationId(params, request, context);
    },
    getPersistedOperation: (key) => documents.get(key) ?? documents.get(`sha256:${key}`) ?? null,
    allowArbitraryOperations: mode === 'allow',
    customErrors: { notFound: NOT_IN_LIST, persistedQueryOnly: NOT_IN_LIST, keyNotFound: NOT_IN_LIST },
  });
}
