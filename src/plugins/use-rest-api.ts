import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { WWW_AUTHENTICATE } from '../core/errors.js';
import { type GraphQLAnswer, isRefusal, listVariables, type Refusal, refusalOf, restAnswer } from '../rest/answers.js';
import { problemResponse } from '../rest/problems.js';
import { REST_PREFIX, type Route } from '../rest/routes.js';
import { SECURITY_HEADERS } from './use-web-pages.js';

/** What the REST API needs of its yoga instance. */
export type RestGateway = { fetch(request: Request, context: object): Response | Promise<Response> };

/** The GraphQL requests made for REST calls: the access log has the REST call's line instead. */
const innerRequests = new WeakSet<Request>();
/** The GraphQL request each REST call made, by the call. */
const innerRequestOfCall = new WeakMap<Request, Request>();

export function isRestInnerRequest(request: Request): boolean {
  return innerRequests.has(request);
}

/** The GraphQL request a REST call ran its document with (none: not a REST call, or answered before it). */
export function restInnerRequestOf(call: Request): Request | undefined {
  return innerRequestOfCall.get(call);
}

/** Headers of the GraphQL answer that a REST answer carries too. */
const PASSED_ON = ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after', 'salure-token-expires'];

const SWAGGER_UI = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const DOCS_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>salure-gateway REST API</title>
    <link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png" />
    <link rel="stylesheet" href="/api/docs/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api/docs/swagger-ui-bundle.js"></script>
    <script src="/api/docs/init.js"></script>
  </body>
</html>
`;
// No validator badge (it would call validator.swagger.io), the document from this gateway.
const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: '${REST_PREFIX}/openapi.json', dom_id: '#swagger-ui', validatorUrl: null, deepLinking: true });\n`;

type Asset = { body: string | Uint8Array<ArrayBuffer>; type: string; cache: string };

/** The docs page's files: Swagger UI's bundle from npm, read when first asked for. */
function docsAssets(): (path: string) => Asset | undefined {
  const assets = new Map<string, Asset>();
  const sources: Record<string, () => Asset> = {
    '/api/docs': () => ({ body: DOCS_PAGE, type: 'text/html; charset=utf-8', cache: 'no-cache' }),
    '/api/docs/init.js': () => ({ body: DOCS_INIT, type: 'text/javascript; charset=utf-8', cache: 'no-cache' }),
    '/api/docs/swagger-ui.css': () => ({
      body: new Uint8Array(readFileSync(join(SWAGGER_UI, 'swagger-ui.css'))),
      type: 'text/css; charset=utf-8',
      cache: 'public, max-age=86400',
    }),
    '/api/docs/favicon-32x32.png': () => ({
      body: new Uint8Array(readFileSync(join(SWAGGER_UI, 'favicon-32x32.png'))),
      type: 'image/png',
      cache: 'public, max-age=86400',
    }),
    '/api/docs/swagger-ui-bundle.js': () => ({
      body: new Uint8Array(readFileSync(join(SWAGGER_UI, 'swagger-ui-bundle.js'))),
      type: 'text/javascript; charset=utf-8',
      cache: 'public, max-age=86400',
    }),
  };
  return (path) => {
    const key = path === '/api/docs/' ? '/api/docs' : path;
    const source = sources[key];
    if (!source) return undefined;
    const asset = assets.get(key) ?? source();
    assets.set(key, asset);
    return asset;
  };
}

function refusalResponse(refusal: Refusal, headers: Record<string, string> = {}): Response {
  const { code, detail, ...extra } = refusal;
  return problemResponse(code, detail, extra, {
    ...(code === 'UNAUTHENTICATED' ? { 'www-authenticate': WWW_AUTHENTICATE } : {}),
    ...headers,
  });
}

/** The route of a path, with the id of a one-row route; none for a path that matches none, or cannot be decoded. */
export function routeOf(routes: readonly Route[], path: string): { route: Route; id?: string } | undefined {
  for (const route of routes) {
    if (route.kind === 'me' || (route.kind === 'list' && !route.pathParameter)) {
      if (route.path === path) return { route };
      continue;
    }
    // One segment in the path's {parameter}: the row's id, or the argument of an administrator's list.
    const [prefix = '', suffix = ''] = route.path.split(/\{\w+\}/);
    const rest = path.slice(prefix.length, path.length - suffix.length);
    if (
      path.startsWith(prefix) &&
      path.endsWith(suffix) &&
      path.length > prefix.length + suffix.length &&
      !rest.includes('/')
    ) {
      const id = decodedOrUndefined(rest);
      return id === undefined ? undefined : { route, id };
    }
  }
  return undefined;
}

/** A URI-encoded path segment as text; undefined for a malformed percent-escape (e.g. `%E0%A4%A`). */
function decodedOrUndefined(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** A refusal thrown by authentication (401, 403, 429, 503) as a problem, with its headers (e.g. Retry-After). */
function thrownRefusalResponse(error: unknown): Response {
  if (!(error instanceof GraphQLError)) throw error;
  const http = error.extensions.http as { status?: number; headers?: Record<string, string> } | undefined;
  return refusalResponse(refusalOf(error, http?.status ?? 500), http?.headers);
}

type Options = {
  routes: readonly Route[];
  openApi: Record<string, unknown>;
  /** The yoga instance this plugin is part of (made after its plugins). */
  gateway: () => RestGateway;
  /** Authentication and the rate limit, for the calls this plugin answers itself (use-authentication.ts). */
  admit: (request: Request, serverContext: ServerContext) => Promise<unknown>;
};

/** What node's HTTP server passes along with a request: the socket it came on. */
type ServerContext = { req?: { socket?: { remoteAddress?: string } } };

/**
 * The REST API under /api/v1 (routes from rest/routes.ts), its OpenAPI document and the docs page at /api/docs.
 * Each call runs its route's document through this same yoga instance, as a persisted operation, with the
 * caller's headers: one authorization path, rate limit, audit and SQL, whichever way the data is asked for. A
 * call refused before its document runs (no such route, no credentials, a bad parameter) is authenticated and
 * counted against its rate limit all the same, and counted in its token's usage.
 */
export function useRestApi({ routes, openApi, gateway, admit }: Options): Plugin<object, ServerContext> {
  const openApiText = JSON.stringify(openApi);
  const docs = docsAssets();
  return {
    async onRequest({ request, url, endResponse, serverContext, fetchAPI }) {
      if (!url.pathname.startsWith('/api/')) return;
      if (request.method !== 'GET') {
        endResponse(problemResponse('METHOD_NOT_ALLOWED', 'The REST API only reads: use GET.', {}, { allow: 'GET' }));
        return;
      }
      const asset = docs(url.pathname);
      if (asset) {
        endResponse(
          new Response(asset.body, {
            headers: { 'content-type': asset.type, 'cache-control': asset.cache, ...SECURITY_HEADERS },
          }),
        );
        return;
      }
      if (url.pathname === `${REST_PREFIX}/openapi.json`) {
        endResponse(new Response(openApiText, { headers: { 'content-type': 'application/json; charset=utf-8' } }));
        return;
      }
      const match = routeOf(routes, url.pathname);
      const variables = match ? variablesOf(match, url.searchParams) : undefined;
      const noRoute: Refusal = {
        code: 'NOT_FOUND',
        detail: `No route ${url.pathname.slice(0, 100)}; see ${REST_PREFIX}/openapi.json.`,
      };
      const refusal: Refusal | undefined = !match
        ? noRoute
        : !request.headers.get('authorization')
          ? {
              code: 'UNAUTHENTICATED',
              detail:
                'Send an API token (Authorization: SalureToken <token>) or a session (Authorization: Bearer <session>).',
            }
          : isRefusal(variables)
            ? variables
            : undefined;
      if (!match || refusal) {
        try {
          await admit(request, serverContext);
        } catch (error) {
          endResponse(thrownRefusalResponse(error));
          return;
        }
        endResponse(refusalResponse(refusal ?? noRoute));
        return;
      }
      const headers = new fetchAPI.Headers({ 'content-type': 'application/json', accept: 'application/json' });
      for (const name of ['authorization', 'user-agent', 'x-forwarded-for']) {
        const value = request.headers.get(name);
        if (value !== null) headers.set(name, value);
      }
      const { route } = match;
      const inner = new fetchAPI.Request(new URL('/graphql', url), {
        method: 'POST',
        headers,
        body: JSON.stringify({ documentId: route.documentId, operationName: route.operationName, variables }),
      });
      innerRequests.add(inner);
      innerRequestOfCall.set(request, inner);
      // Only the socket (for the address): the node response stays the REST call's own.
      const response = await gateway().fetch(inner, { req: serverContext.req });
      const passedOn: Record<string, string> = {};
      for (const name of PASSED_ON) {
        const value = response.headers.get(name);
        if (value !== null) passedOn[name] = value;
      }
      const answer = restAnswer(route, response.status, (await response.json()) as GraphQLAnswer);
      if (isRefusal(answer)) {
        endResponse(refusalResponse(answer, passedOn));
        return;
      }
      if (route.kind === 'me') answer.body.tokenExpiresAt = passedOn['salure-token-expires'] ?? null;
      if (answer.nextCursor) {
        const next = new URL(url);
        next.searchParams.set('cursor', answer.nextCursor);
        passedOn.link = `<${next}>; rel="next"`;
      }
      endResponse(
        new Response(JSON.stringify(answer.body), {
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'x-content-type-options': 'nosniff',
            ...passedOn,
          },
        }),
      );
    },
  };
}

/** The variables of a route's document from the call's query parameters, or the refusal of a parameter. */
function variablesOf({ route, id }: { route: Route; id?: string }, query: URLSearchParams) {
  if (route.kind === 'list') {
    const variables = listVariables(route, query);
    return route.pathParameter && !isRefusal(variables) ? { ...variables, [route.pathParameter]: id } : variables;
  }
  if (route.kind === 'row') return { id };
  if ([...query.keys()].length > 0) {
    return { code: 'BAD_USER_INPUT', detail: `${route.path} takes no parameters.` } satisfies Refusal;
  }
  return {};
}
