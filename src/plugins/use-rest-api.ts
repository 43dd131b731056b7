import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { WWW_AUTHENTICATE } from '../core/errors.js';
import { isRefusal, listVariables, type Refusal, refusalOf, restAnswer } from '../rest/answers.js';
import { problemResponse } from '../rest/problems.js';
import { REST_PREFIX, type Route } from '../rest/routes.js';
import { SECURITY_HEADERS } from './use-web-pages.js';

/** A REST call whose route's document runs in this same request: what its parser and its answer need. */
type RestCall = { route: Route; variables: Record<string, unknown>; url: URL };

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
  const { status, headers } = httpOf({ errors: [error] });
  return refusalResponse(refusalOf(error, status), headers);
}

type Options = {
  routes: readonly Route[];
  openApi: Record<string, unknown>;
  /** Authentication and the rate limit, for the calls this plugin answers itself (use-authentication.ts). */
  admit: (request: Request, serverContext: ServerContext) => Promise<unknown>;
  /** When the API token of an authenticated request ends (`/me`'s tokenExpiresAt). */
  tokenEndOf: (request: Request) => Date | null | undefined;
};

/** What node's HTTP server passes along with a request: the socket it came on. */
type ServerContext = { req?: { socket?: { remoteAddress?: string } } };

/**
 * The REST API under /api/v1 (routes from rest/routes.ts), its OpenAPI document and the docs page at /api/docs.
 * A call is a GraphQL request of its own: yoga parses it into its route's document (a persisted operation) and
 * variables, runs it through the same plugins as any other (authentication, rate limit, audit, tracing, access
 * log) and this plugin writes the answer from the execution's result. One authorization path and the same SQL,
 * whichever way the data is asked for. A call refused before its document runs (no such route, no credentials, a
 * bad parameter) is authenticated and counted against its rate limit all the same, and counted in its token's usage.
 */
export function useRestApi({ routes, openApi, admit, tokenEndOf }: Options): Plugin<object, ServerContext> {
  const openApiText = JSON.stringify(openApi);
  const docs = docsAssets();
  const calls = new WeakMap<Request, RestCall>();
  return {
    // Not async: it returns a promise only while it counts a refused call, so the other requests stay synchronous.
    onRequest({ request, url, endResponse, serverContext }) {
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
      if (!match || !variables || refusal) {
        return admit(request, serverContext).then(
          () => endResponse(refusalResponse(refusal ?? noRoute)),
          (error: unknown) => endResponse(thrownRefusalResponse(error)),
        );
      }
      // Yoga goes on with the call as a GraphQL request (GRAPHQL_ENDPOINTS in server.ts).
      calls.set(request, { route: match.route, variables, url: new URL(url) });
    },
    onRequestParse({ request, setRequestParser }) {
      const call = calls.get(request);
      if (!call) return;
      const { documentId, operationName } = call.route;
      setRequestParser(() => ({ documentId, operationName, variables: call.variables }));
    },
    onResultProcess({ request, setResultProcessor }) {
      const call = calls.get(request);
      if (!call) return;
      calls.delete(request);
      setResultProcessor((result) => {
        if (Array.isArray(result) || !('data' in result || 'errors' in result)) {
          throw new Error('A REST call had no single result.');
        }
        return restResponse(call, result, tokenEndOf(request));
      }, 'application/json');
    },
  };
}

/** The REST answer of a call from its document's result: its body, or a problem (REST has no partial answers). */
function restResponse({ route, url }: RestCall, result: ExecutionResult, tokenEnd: Date | null | undefined) {
  const { status, headers } = httpOf(result);
  const answer = restAnswer(route, status, result);
  if (isRefusal(answer)) return refusalResponse(answer, headers);
  if (route.kind === 'me') answer.body.tokenExpiresAt = tokenEnd?.toISOString() ?? null;
  if (answer.nextCursor) {
    const next = new URL(url);
    next.searchParams.set('cursor', answer.nextCursor);
    headers.link = `<${next}>; rel="next"`;
  }
  return new Response(JSON.stringify(answer.body), {
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff', ...headers },
  });
}

/** What the result asks of the HTTP answer, as yoga reads it: the highest status of its errors, and their headers. */
function httpOf(result: ExecutionResult): { status: number; headers: Record<string, string> } {
  type Http = { status?: number; headers?: Record<string, string> } | undefined;
  const headers: Record<string, string> = {};
  const asked = [
    result.extensions?.http as Http,
    ...(result.errors ?? []).map((error) => error.extensions.http as Http),
  ];
  let status = 0;
  for (const http of asked) {
    Object.assign(headers, http?.headers);
    status = Math.max(status, http?.status ?? 0);
  }
  if (status === 0) status = result.errors?.length && !result.data ? 500 : 200;
  return { status, headers };
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
