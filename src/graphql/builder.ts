import type { EntityManager } from '@mikro-orm/postgresql';
import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin, { type AuthFailure, AuthScopeFailureType } from '@pothos/plugin-scope-auth';
import TracingPlugin from '@pothos/plugin-tracing';
import { DateTimeResolver } from 'graphql-scalars';
import type { Clock, Principal, UserPrincipal } from '../auth/principal.js';
import type { RateLimits } from '../auth/rate-limits.js';
import type { TokenPolicy } from '../auth/token-policy.js';
import type { TokenUsage } from '../auth/token-usage.js';
import type { WebhookSettings } from '../auth/webhooks.js';
import type { RequestMeta } from '../core/caller-input.js';
import { badUserInput, forbidden, unauthenticated } from '../core/errors.js';
import type { Page } from '../core/pages.js';
import { tracedResolver } from '../core/tracing.js';
import type { Loaders } from './loaders.js';

export type Context = {
  /** Null when the request carries no credentials. */
  principal: Principal | null;
  /**
   * A MikroORM fork for this request only, forked on the first call (most requests need none). A function, not a
   * getter: a getter defined on each request's context cost 6% of a viewer query's CPU.
   */
  em: () => EntityManager;
  /**
   * For raw SQL reads only (page queries, loaders): the ORM's own entity manager, whose connection and metadata
   * they use. No unit of work is involved, so no fork is needed.
   */
  reads: EntityManager;
  loaders: Loaders;
  clock: Clock;
  sessionTtlMs: number;
  rateLimits: RateLimits;
  policy: TokenPolicy;
  /** Where the request came from. */
  meta: RequestMeta;
  /** The FORBIDDEN refusals of this request, written to the audit log when it ends. */
  refusals: Refusal[];
  /** Requests per API token and day (ApiToken.usage). */
  tokenUsage: TokenUsage;
  /** Where webhooks may go (WEBHOOK_ALLOW_HTTP_LOOPBACK). */
  webhooks: WebhookSettings;
};

/**
 * A refused field, for the audit log: its schema coordinate (`Interface.source`, `Query.runs(clientId:)`; never
 * the alias path, so aliases of one field are one refusal), what it lacked (`page:RUNS`, `client`, `user`) and the
 * message the caller got.
 */
type Refusal = { coordinate: string; lacking: string; reason: string };

type AuthScopes = {
  /** Any credentials: a session or an API token. */
  loggedIn: boolean;
  /** A logged-in user (a session), not an API token. */
  user: boolean;
  /** Anything but an API token: tokens only read. */
  notApiToken: boolean;
  /** The caller's effective rights include this page. */
  page: Page;
  /** The caller's effective clients include this client id. */
  client: string;
  /** The caller (a session) administers this client (docs/organisation.md). */
  administers: string;
};

/** Who is calling, as each scope guarantees it: `t.withAuth({ user: true })` gives resolvers the narrowed context. */
type AuthContexts = {
  loggedIn: Context & { principal: Principal };
  user: Context & { principal: UserPrincipal };
  notApiToken: Context;
  page: Context & { principal: Principal };
  client: Context & { principal: Principal };
  administers: Context & { principal: UserPrincipal };
};
export type WithPrincipal = AuthContexts['loggedIn'];

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: AuthScopes;
  AuthContexts: AuthContexts;
  DefaultAuthStrategy: 'all';
  /** Fields are non-null unless declared nullable, as in the contract. */
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  /** Every connection counts its rows lazily, only when `totalCount` is selected. */
  Connection: {
    totalCount: () => Promise<number>;
    statusCounts?: () => Promise<{ status: string; count: number }[]>;
  };
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    ID: { Input: string; Output: string };
  };
}>({
  plugins: [TracingPlugin, ScopeAuthPlugin, RelayPlugin],
  defaultFieldNullability: false,
  // A span per resolver of a page's field (one guarded by a page scope), while tracing is on (core/tracing.ts).
  tracing: {
    default: (config) => isPageField(config.pothosOptions),
    wrap: (resolver, _options, config) => tracedResolver(`${config.parentType}.${config.name}`, resolver),
  },
  scopeAuth: {
    // Several scopes in one map must all hold (the plugin's default would be any of them).
    defaultStrategy: 'all',
    // Page types have no type scopes: their guard runs once per row where the row is produced (page-guard.ts).
    // The plugin's way of running a type's scopes once per object (runScopesOnType, in isTypeOf) does not work with
    // graphql-jit, which calls isTypeOf with the row alone, without the request's context.
    runScopesOnType: false,
    authScopes: ({ principal }) => ({
      loggedIn: principal !== null,
      user: principal?.kind === 'USER',
      notApiToken: principal?.kind !== 'API_TOKEN',
      page: (page) => principal?.pages.has(page) ?? false,
      client: (clientId) => principal?.clientIds.has(clientId) ?? false,
      administers: (clientId) => principal?.adminClientIds.has(clientId) ?? false,
    }),
    unauthorizedError: (_parent, context, info, result) => {
      const error = refusal(context.principal, result.failure);
      if (context.principal) {
        const { requiredPage, clientId } = error.extensions;
        const { administeredClientId } = error.extensions;
        context.refusals.push({
          coordinate: `${info.parentType.name}.${info.fieldName}`,
          lacking: requiredPage
            ? `page:${requiredPage}`
            : clientId
              ? 'client'
              : administeredClientId
                ? 'administration'
                : 'user',
          reason: error.message,
        });
      }
      return error;
    },
  },
  relay: {
    // No global `node(id)` lookups: every read goes through a page field and its guards.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
  },
});

export type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/**
 * An instant PostgreSQL can hold and ISO-8601 can write plainly: years 1 to 9999 (JavaScript goes to 275760).
 * BAD_USER_INPUT otherwise (graphql-js keeps a GraphQLError's code; plugins/use-error-answers.ts adds the field).
 */
function storableInstant(date: Date): Date {
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) throw badUserInput('DateTime must be between the years 1 and 9999.');
  return date;
}

/** graphql-scalars' refusal of a value (a TypeError or an error without a code) as BAD_USER_INPUT. */
function asBadUserInput<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw badUserInput(error instanceof Error ? error.message : 'DateTime cannot represent this value.');
  }
}

builder.addScalarType('DateTime', DateTimeResolver, {
  description: 'An instant, ISO-8601 with an offset, e.g. 2026-12-31T23:59:00Z.',
  // Code generators and clients read it to type the scalar (RFC 3339 date-time: a string).
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc3339',
  parseValue: (value) => storableInstant(asBadUserInput(() => DateTimeResolver.parseValue(value))),
  parseLiteral: (node, variables) =>
    storableInstant(asBadUserInput(() => DateTimeResolver.parseLiteral(node, variables))),
});
builder.queryType({});
builder.globalConnectionField('totalCount', (t) => t.int({ resolve: (connection) => connection.totalCount() }));
builder.mutationType({});

/** The first scope check that failed, for a precise error. */
function firstFailedScope(failure: AuthFailure): { scope: string; parameter: unknown } | undefined {
  if (failure.kind === AuthScopeFailureType.AuthScope) return failure;
  if (failure.kind === AuthScopeFailureType.AllAuthScopes || failure.kind === AuthScopeFailureType.AnyAuthScopes) {
    for (const inner of failure.failures) {
      const found = firstFailedScope(inner);
      if (found) return found;
    }
  }
  return undefined;
}

const callerOf = (principal: Principal) => (principal.kind === 'API_TOKEN' ? 'This API token' : 'You');

/** A page outside the caller's effective pages. */
export function forbiddenPage(principal: Principal, page: Page) {
  return forbidden(`${callerOf(principal)} may not read page ${page}.`, { requiredPage: page });
}

/**
 * A client outside the caller's effective clients (its id is a UUID: arguments are checked before this). A client
 * that a policy holds back from the token is named with the rule, so the owner knows what to change.
 */
export function forbiddenClient(principal: Principal, clientId: string) {
  const block = principal.blockedClients.get(clientId);
  if (block) {
    return forbidden(`This API token is blocked for client ${clientId} by its token policy: ${block.message}.`, {
      clientId,
      policy: block.rule,
    });
  }
  return forbidden(`${callerOf(principal)} may not read data of client ${clientId}.`, { clientId });
}

/** A client the caller does not administer. */
export function forbiddenAdministration(clientId: string) {
  return forbidden(`You do not administer client ${clientId}.`, { administeredClientId: clientId });
}

/** Turns a failed scope check into UNAUTHENTICATED (no credentials) or a FORBIDDEN naming the missing right. */
function refusal(principal: Principal | null, failure: AuthFailure) {
  if (!principal) return unauthenticated();
  const failed = firstFailedScope(failure);
  switch (failed?.scope) {
    case 'page':
      return forbiddenPage(principal, failed.parameter as Page);
    case 'client':
      return forbiddenClient(principal, String(failed.parameter));
    case 'administers':
      return principal.kind === 'API_TOKEN'
        ? forbidden('API tokens can only read; this field is for logged-in users only.')
        : forbiddenAdministration(String(failed.parameter));
    case 'user':
    case 'notApiToken':
      return forbidden('API tokens can only read; this field is for logged-in users only.');
    default:
      return forbidden('Not allowed.');
  }
}

function isPageField(options: { authScopes?: unknown }): boolean {
  const scopes = options.authScopes;
  return typeof scopes === 'object' && scopes !== null && 'page' in scopes;
}

/** The context with its entity manager forked, for the auth/ functions that take one (writes, mostly). */
export function withForkedEm<C extends Context>(ctx: C): Omit<C, 'em'> & { em: EntityManager } {
  return { ...ctx, em: ctx.em() };
}
