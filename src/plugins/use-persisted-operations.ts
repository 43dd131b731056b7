import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  defaultExtractPersistedOperationId,
  usePersistedOperations as useAllowList,
} from '@graphql-yoga/plugin-persisted-operations';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import { projectFile } from '../core/project-files.js';

/**
 * `only`: nothing but the allow-list runs. `allow`: the allow-list's ids are accepted beside arbitrary operations,
 * and clients may register their own by Apollo's automatic persisted queries (APQ).
 */
export type PersistedOperationsMode = 'allow' | 'only';

/** The allow-list that `npm run codegen` makes from operations/*.graphql: "sha256:<hex>" -> document. */
const DEFAULT_PERSISTED_OPERATIONS_FILE = projectFile('operations/generated/persisted-documents.json');

/** The allow-list by id. A Map: ids come from callers, and `__proto__` must be an unknown id like any other. */
export type PersistedDocuments = ReadonlyMap<string, string>;

export function loadPersistedOperations(file = DEFAULT_PERSISTED_OPERATIONS_FILE): PersistedDocuments {
  return new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>));
}

/** Documents registered by APQ, per process: at most this many, and this many characters in all. */
const APQ_MAX_DOCUMENTS = 1_000;
const APQ_MAX_CHARACTERS = 5_000_000;

const refused = (message: string, code: string, status: number) => ({
  message,
  extensions: { code, http: { status } },
});
const NOT_IN_LIST = refused(
  'Only operations from the allow-list run here; this one is not in it.',
  'PERSISTED_QUERY_NOT_IN_LIST',
  400,
);

/**
 * Persisted operations: a client sends `{"documentId": "sha256:<hex>"}` (or Apollo's
 * `extensions.persistedQuery.sha256Hash`) instead of the document text.
 * - `only`: both name an operation of the allow-list, or the request is refused (PERSISTED_QUERY_NOT_IN_LIST).
 * - `allow`: `documentId` names one of the allow-list; Apollo's hash follows the APQ protocol (see
 *   useAutomaticPersistedQueries), and any document may be sent as text.
 * A request with neither a document nor an id is told what is missing.
 */
export function usePersistedOperations({
  mode,
  documents,
  maxCharacters,
}: {
  mode: PersistedOperationsMode;
  documents: PersistedDocuments;
  /** The character limit of a document: a longer one is never kept by APQ. */
  maxCharacters: number;
}): Plugin[] {
  const strict = mode === 'only';
  const allowList = useAllowList({
    // The GraphQL-over-HTTP draft's documentId; with `only`, Apollo's persisted-query extension too.
    extractPersistedOperationId: (params, request, context) => {
      const { documentId } = params as { documentId?: unknown };
      if (typeof documentId === 'string') return documentId;
      return strict ? defaultExtractPersistedOperationId(params, request, context) : null;
    },
    getPersistedOperation: (key) => documents.get(key) ?? documents.get(`sha256:${key}`) ?? null,
    allowArbitraryOperations: !strict,
    customErrors: {
      notFound: NOT_IN_LIST,
      persistedQueryOnly: NOT_IN_LIST,
      keyNotFound: strict
        ? refused(
            'Only operations from the allow-list run here: send the "documentId" of one (no document text).',
            'PERSISTED_QUERY_NOT_IN_LIST',
            400,
          )
        : refused(
            'Nothing to run: send a GraphQL document in "query", or the "documentId" of an operation of the allow-list.',
            'BAD_REQUEST',
            400,
          ),
    },
  });
  return strict ? [allowList] : [useAutomaticPersistedQueries(documents, maxCharacters), allowList];
}

type ApqExtension = { version: 1; sha256Hash: string };

/** The APQ extension of a request, if it has one; a version other than 1 is refused (400), as Apollo Server does. */
function apqExtensionOf(params: { extensions?: Record<string, unknown> }): ApqExtension | undefined {
  const extension = params.extensions?.persistedQuery as Partial<ApqExtension> | undefined;
  if (extension === undefined || extension === null || typeof extension !== 'object') return undefined;
  if (extension.version !== 1) {
    throw new GraphQLError('Unsupported persisted query version: "persistedQuery.version" is 1.', {
      extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
    });
  }
  return typeof extension.sha256Hash === 'string' ? (extension as ApqExtension) : undefined;
}

/**
 * Apollo's automatic persisted queries (as Apollo Server and yoga's plugin-apq speak it): a hash alone runs the
 * document registered under it (the allow-list's included) or answers PersistedQueryNotFound, on which the client
 * sends the hash with the text; that registers it (the text must hash to it) once it has passed validation, so a
 * hash never stands for a document that cannot run. Registrations are bounded in number and size, and a document
 * longer than the character limit is run (and refused there) but never kept.
 */
function useAutomaticPersistedQueries(documents: PersistedDocuments, maxCharacters: number): Plugin {
  const registered = new LRUCache<string, string>({
    max: APQ_MAX_DOCUMENTS,
    maxSize: APQ_MAX_CHARACTERS,
    sizeCalculation: (document) => Math.max(1, document.length),
  });
  /** A registration waits for its document's validation: request -> [hash, document]. */
  const pending = new WeakMap<Request, [string, string]>();
  return {
    onParams({ params, setParams, request }) {
      const apq = apqExtensionOf(params);
      if (!apq) return;
      const hash = apq.sha256Hash.toLowerCase();
      if (!params.query) {
        const query = documents.get(`sha256:${hash}`) ?? registered.get(hash);
        if (query === undefined) {
          throw new GraphQLError('PersistedQueryNotFound', {
            extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 200 } },
          });
        }
        setParams({ ...params, query });
        return;
      }
      if (createHash('sha256').update(params.query).digest('hex') !== hash) {
        throw new GraphQLError('PersistedQueryMismatch: the document does not hash to "sha256Hash".', {
          extensions: { code: 'PERSISTED_QUERY_MISMATCH', http: { status: 400 } },
        });
      }
      if (params.query.length <= maxCharacters) pending.set(request, [hash, params.query]);
    },
    onValidate({ context }) {
      const { request } = context as { request: Request };
      const registration = pending.get(request);
      if (!registration) return;
      pending.delete(request);
      return ({ valid }) => {
        if (valid) registered.set(...registration);
      };
    },
  };
}
