import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'graphql-yoga';
import { WWW_AUTHENTICATE } from '../core/errors.js';
import { type GraphQLAnswer, isRefusal, listVariables, type Refusal, restAnswer } from '../rest/answers.js';
import { problemResponse } from '../rest/problems.js';
import { REST_PREFIX, type Route } from '../rest/routes.js';
import { SECURITY_HEADERS } from './use-web-pages.js';

/** What the REST API needs of its yoga instance. */
export type RestGateway = { fetch(request: Request, context: object): Response | Promise<Response> };

/** The GraphQL requests made for REST calls: the access log has the REST call's line instead. */
const innerRequests = new WeakSet<Request>();

export function isRestInnerRequest(request: Request): boolean {
  return innerRequests.has(request);
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

/** The route of a path, with the id of a one-row route. */
export function routeOf(routes: readonly Route[], path: string): { route: Route; id?: string } | undefined {
  for (const route of routes) {
    if (route.kind !== 'row') {
      if (route.path === path) return { route };
      continue;
    }
    const prefix = route.path.slice(0, -'{id}'.length);
    const rest = path.slice(prefix.length);
    if (path.startsWith(prefix) && rest.length > 0 && !rest.includes('/')) {
      return { route, id: decodeURIComponent(rest) };
    }
  }
  return undefined;
}

/**
 * The REST API under /api/v1 (routes from rest/routes.ts), its OpenAPI document and the docs page at /api/docs.
 * Each call runs its route's document through this same yoga instance, as a persisted operation, with the
 * caller's headers: one authorization path, rate limit, audit and SQL, whichever way the data is asked for.
 */
export function useRestApi(
  routes: readonly Route[],
  openApi: Record<string, unknown>,
  /** The yoga instance this plugin is part of (made after its plugins). */
  gateway: () => RestGateway,
): Plugin<object, { req?: { socket?: { remoteAddress?: string } } }> {
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
      if (!match) {
        endResponse(
          problemResponse('NOT_FOUND', `No route ${url.pathname.slice(0, 100)}; see ${REST_PREFIX}/openapi.json.`),
        );
        return;
      }
      if (!request.headers.get('authorization')) {
        endResponse(
          refusalResponse({
            code: 'UNAUTHENTICATED',
            detail:
              'Send an API token (Authorization: SalureToken <token>) or a session (Authorization: Bearer <session>).',
          }),
        );
        return;
      }
      const { route, id } = match;
      let variables: Record<string, unknown> | Refusal = {};
      if (route.kind === 'list') variables = listVariables(route, url.searchParams);
      else if (route.kind === 'row') variables = { id };
      else if ([...url.searchParams.keys()].length > 0) {
        variables = { code: 'BAD_USER_INPUT', detail: `${route.path} takes no parameters.` };
      }
      if (isRefusal(variables)) {
        endResponse(refusalResponse(variables));
        return;
      }
      const headers = new fetchAPI.Headers({ 'content-type': 'application/json', accept: 'application/json' });
      for (const name of ['authorization', 'user-agent', 'x-forwarded-for']) {
        const value = request.headers.get(name);
        if (value !== null) headers.set(name, value);
      }
      const inner = new fetchAPI.Request(new URL('/graphql', url), {
        method: 'POST',
        headers,
        body: JSON.stringify({ documentId: route.documentId, operationName: route.operationName, variables }),
      });
      innerRequests.add(inner);
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
