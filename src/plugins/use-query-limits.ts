import { EnvelopArmor } from '@escape.tech/graphql-armor';
import { characterLimitPlugin } from '@escape.tech/graphql-armor-character-limit';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import type { Plugin } from 'graphql-yoga';

/** Limits on what one request may ask; docs/access.md ("Limits") says why each number (measured on the real operations). */
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
export function useQueryLimits(limits: QueryLimits): Plugin[] {
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
    // Suggestions are hidden for anonymous callers only (see useErrorAnswers).
    blockFieldSuggestion: { enabled: false },
  });
  return [
    ...(armor.protect().plugins as Plugin[]),
    // Last: it wraps the parse function that the token limit set (which does not call the one before it).
    characterLimitPlugin({ maxLength: limits.maxCharacters, onReject: refusedAs('characters') }),
  ];
}
