import { EnvelopArmor } from '@escape.tech/graphql-armor';
import { characterLimitPlugin } from '@escape.tech/graphql-armor-character-limit';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import { type ASTVisitor, GraphQLError, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { bounded, MAX_ERROR_MESSAGE_LENGTH } from './caller-input.js';

/**
 * Limits on what one request may ask. Measured on the real operations (see README "Limits"): the contract's
 * operations reach depth 5, cost 417, 415 tokens and 2,968 characters for all of them together; GraphiQL's
 * introspection query reaches depth 15, cost 15,581, 184 tokens and 2,075 characters.
 */
export type QueryLimits = {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCharacters: number;
  maxBodyBytes: number;
};

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 16,
  maxCost: 25_000,
  maxAliases: 15,
  maxDirectives: 10,
  maxTokens: 1_000,
  maxCharacters: 15_000,
  maxBodyBytes: 100_000,
};

/** Every refused document answers HTTP 400 with code QUERY_LIMIT_EXCEEDED and the limit's name. */
function refusedAs(limit: string): GraphQLArmorRejectCallback[] {
  return [(_context, error) => void Object.assign(error.extensions, { code: 'QUERY_LIMIT_EXCEEDED', limit })];
}

/** graphql-armor's envelop plugins, with the limits above; introspection is limited like any other query. */
export function queryLimitPlugins(limits: QueryLimits): Plugin[] {
  const armor = new EnvelopArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true, ignoreIntrospection: false, onReject: refusedAs('depth') },
    costLimit: {
      maxCost: limits.maxCost,
      flattenFragments: true,
      ignoreIntrospection: false,
      onReject: refusedAs('cost'),
    },
    maxAliases: { n: limits.maxAliases, onReject: refusedAs('aliases') },
    maxDirectives: { n: limits.maxDirectives, onReject: refusedAs('directives') },
    maxTokens: { n: limits.maxTokens, onReject: refusedAs('tokens') },
    // Suggestions are hidden for anonymous callers only (see shapeErrorAnswers).
    blockFieldSuggestion: { enabled: false },
  });
  return [
    ...(armor.protect().plugins as Plugin[]),
    // Last: it wraps the parse function that the token limit set (which does not call the one before it).
    characterLimitPlugin({ maxLength: limits.maxCharacters, onReject: refusedAs('characters') }),
  ];
}

/** Codes of a document refused as a whole (over a limit; an operation type the schema lacks). */
const REFUSED_DOCUMENT = new Set(['QUERY_LIMIT_EXCEEDED', 'BAD_REQUEST']);

/**
 * Shapes answers with errors: a refused document answers HTTP 400 whatever the client accepts, every message is
 * bounded (graphql-js quotes a variable's whole value when it cannot coerce it), and a caller without
 * credentials gets validation errors without their "Did you mean …?" hints (which help whoever explores the
 * schema). Done on the result, after yoga's parse and validation caches, so a cached result is shaped too.
 */
export function shapeErrorAnswers(): Plugin {
  return {
    onResultProcess({ request, result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      const anonymous = !request.headers.has('authorization');
      const errors = result.errors.map((error) => {
        let message = bounded(error.message, MAX_ERROR_MESSAGE_LENGTH);
        if (anonymous) message = message.replace(/ Did you mean .*\?$/, '');
        if (message === error.message) return error;
        return new GraphQLError(message, { nodes: error.nodes, path: error.path, extensions: error.extensions });
      });
      const refused = errors.some((error) => REFUSED_DOCUMENT.has(String(error.extensions?.code)));
      setResult({
        ...result,
        errors,
        ...(refused ? { extensions: { ...result.extensions, http: { status: 400 } } } : {}),
      });
    },
  };
}

/**
 * Refuses an operation of a type the schema does not have (it has no subscriptions) at validation: HTTP 400 with
 * BAD_REQUEST, where graphql-js would only fail while executing it.
 */
export function refuseMissingOperationTypes(): Plugin {
  const rule = (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const schema = context.getSchema();
      const root = { query: schema.getQueryType(), mutation: schema.getMutationType(), subscription: null }[
        node.operation
      ];
      if (root) return;
      context.reportError(
        new GraphQLError(`This API has no ${node.operation} operations; send a query or a mutation.`, {
          nodes: node,
          extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
        }),
      );
    },
  });
  return { onValidate: ({ addValidationRule }) => addValidationRule(rule) };
}

/**
 * Refuses request bodies over `maxBytes` with HTTP 413: at once by Content-Length, and while reading when the
 * body comes without one (chunked), so an oversized body is never buffered whole.
 */
export function bodyLimit(maxBytes: number): Plugin {
  const tooLarge = () =>
    new Response(
      JSON.stringify({
        errors: [
          {
            message: `Request body too large: the limit is ${maxBytes} bytes.`,
            extensions: { code: 'PAYLOAD_TOO_LARGE' },
          },
        ],
      }),
      // The body is left unread: close the connection rather than leave it to the next request.
      { status: 413, headers: { 'content-type': 'application/json', connection: 'close' } },
    );
  return {
    onRequest({ request, endResponse }) {
      const declared = request.headers.get('content-length');
      if (declared !== null && Number(declared) > maxBytes) endResponse(tooLarge());
    },
    onRequestParse({ request, setRequestParser }) {
      if (request.method !== 'POST' || request.headers.get('content-length') !== null || !request.body) return;
      setRequestParser(async (unsized) => {
        const reader = (unsized.body as ReadableStream<Uint8Array>).getReader();
        const chunks: Uint8Array[] = [];
        let size = 0;
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          size += value.byteLength;
          if (size > maxBytes) {
            await reader.cancel();
            throw new GraphQLError(`Request body too large: the limit is ${maxBytes} bytes.`, {
              extensions: { code: 'PAYLOAD_TOO_LARGE', http: { status: 413, headers: { connection: 'close' } } },
            });
          }
          chunks.push(value);
        }
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          return JSON.parse(text);
        } catch {
          throw new GraphQLError('The request body is not valid JSON.', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
      });
    },
  };
}
