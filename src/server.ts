import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { authenticate } from './auth/credentials.js';
import { type Clock, systemClock } from './auth/principal.js';
import type { Context } from './graphql/builder.js';
import { createLoaders } from './graphql/loaders.js';
import { schema } from './graphql/schema.js';
import type { Logger } from './logger.js';

export type GatewayOptions = {
  orm: MikroORM;
  logger: Logger;
  sessionTtlMs: number;
  /** The time used for every expiry decision; tests pass their own. */
  clock?: Clock;
};

const GRAPHIQL_QUERY = `# Log in with the login mutation (demo: admin@acme.test / correct-horse-battery-staple),
# then put {"Authorization": "Bearer <sessionToken>"} in the Headers tab below.
query Viewer {
  viewer {
    kind
    name
    pages
    clients { id name }
  }
}
`;

/** The yoga instance: GraphQL on /graphql (GraphiQL on a browser GET), liveness on /health. */
export function createGateway({ orm, logger, sessionTtlMs, clock = systemClock }: GatewayOptions) {
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: { title: 'salure-gateway', defaultQuery: GRAPHIQL_QUERY },
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: (...args) => logger.error(args.map(String).join(' ')),
    },
    maskedErrors: {
      // Expected errors are GraphQLErrors with a code; anything else is logged in full and masked for the caller.
      maskError(error) {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (error instanceof GraphQLError && (!original || original instanceof GraphQLError)) return error;
        const requestId = randomUUID();
        logger.error({ err: original, requestId }, 'unexpected error');
        return new GraphQLError('Internal server error.', {
          nodes: error instanceof GraphQLError ? error.nodes : undefined,
          path: error instanceof GraphQLError ? error.path : undefined,
          extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
        });
      },
    },
    context: async ({ request }): Promise<Context> => {
      const em = orm.em.fork();
      const principal = await authenticate(request.headers.get('authorization'), em, clock);
      return { principal, em, loaders: createLoaders(em), clock, sessionTtlMs };
    },
  });
}

export type Gateway = ReturnType<typeof createGateway>;
