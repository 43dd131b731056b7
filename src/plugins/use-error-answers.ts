import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { bounded, MAX_ERROR_MESSAGE_LENGTH } from '../core/caller-input.js';

/** Codes of a document refused as a whole (over a limit; an operation type the schema lacks). */
const REFUSED_DOCUMENT = new Set(['QUERY_LIMIT_EXCEEDED', 'BAD_REQUEST']);

/**
 * Shapes answers with errors: a refused document answers HTTP 400 whatever the client accepts, every message is
 * bounded (graphql-js quotes a variable's whole value when it cannot coerce it), and a caller without
 * credentials gets validation errors without their "Did you mean …?" hints (which help whoever explores the
 * schema). Done on the result, after yoga's parse and validation caches, so a cached result is shaped too.
 */
export function useErrorAnswers(): Plugin {
  return {
    onResultProcess({ request, result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      const anonymous = !request.headers.has('authorization');
      const errors = result.errors.map((error) => {
        let message = bounded(error.message, MAX_ERROR_MESSAGE_LENGTH);
        if (anonymous) message = message.replace(/ Did you mean .*\?$/, '');
        const field = variableFieldOf(error);
        if (message === error.message && !field) return error;
        const extensions = field ? { ...error.extensions, field } : error.extensions;
        return new GraphQLError(message, { nodes: error.nodes, path: error.path, extensions });
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
 * The field a scalar refused in a variable, for BAD_USER_INPUT's `field`. The variables' coercion wraps the
 * scalar's error (keeping its code, not where it was) as `Variable "$startedAfter" got invalid value …` (graphql-jit
 * names the input field itself) or `Variable "$f" got invalid value … at "f.startedAfter"; …` (graphql-js): the
 * last name of the path, else the named one.
 */
function variableFieldOf(error: GraphQLError): string | undefined {
  const original = error.originalError;
  if (!(original instanceof GraphQLError) || error.extensions?.code !== 'BAD_USER_INPUT' || error.extensions.field) {
    return undefined;
  }
  const named = /^Variable "\$(\w+)" got invalid value /.exec(error.message)?.[1];
  if (!named) return undefined;
  const path = / at "([\w.[\]]+)"; /.exec(error.message)?.[1];
  return (
    path
      ?.split(/[.[\]]/)
      .filter((part) => part && !/^\d+$/.test(part))
      .at(-1) ?? named
  );
}
