/**
 * Bounds on what a caller sends, wherever it is stored, logged or echoed: the same class of input must not reach
 * an audit row, a log line or an error message unbounded. One home for each cap.
 */
const MAX_USER_AGENT_LENGTH = 300;
/** An address as resolved (the socket's, or one from X-Forwarded-For behind a trusted proxy). */
const MAX_ADDRESS_LENGTH = 100;
/** An audit event's detail. */
export const MAX_DETAIL_LENGTH = 500;
/** Any error message in an answer (graphql-js echoes variable values in coercion errors). */
export const MAX_ERROR_MESSAGE_LENGTH = 500;
/** A request path in the access log. */
export const MAX_LOGGED_PATH_LENGTH = 200;
/** A caller's value quoted inside one of our messages. */
const MAX_QUOTED_LENGTH = 60;

/** The text, cut to `max` characters (the cut marked with an ellipsis). */
export function bounded(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A caller's value for quoting in a message: bounded, with control characters shown as escapes. */
export function quoted(value: string): string {
  return JSON.stringify(bounded(value, MAX_QUOTED_LENGTH));
}

/**
 * Where a request came from: for allow-lists, rate limits, last-use details and the audit log. Both are the
 * caller's text, bounded here, where the request is read, once.
 */
export type RequestMeta = { address: string; userAgent: string | null };

export function requestMeta(address: string, userAgent: string | null): RequestMeta {
  return {
    address: bounded(address, MAX_ADDRESS_LENGTH),
    userAgent: userAgent === null ? null : bounded(userAgent, MAX_USER_AGENT_LENGTH),
  };
}
