import { bounded } from '../core/caller-input.js';

// RFC 9457 problem details: what REST answers for every refusal, with the code GraphQL gives for the same one.

export type ProblemCode =
  | 'BAD_USER_INPUT'
  | 'BAD_REQUEST'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

export const PROBLEMS: Record<ProblemCode, { status: number; title: string; description: string }> = {
  BAD_USER_INPUT: {
    status: 400,
    title: 'Bad parameter',
    description: 'A parameter is unknown, repeated or invalid; `parameter` names it.',
  },
  BAD_REQUEST: { status: 400, title: 'Bad request', description: 'The request cannot be read.' },
  UNAUTHENTICATED: {
    status: 401,
    title: 'Unauthenticated',
    description: 'No credentials, or bad ones (malformed, unknown, expired, revoked); see `WWW-Authenticate`.',
  },
  FORBIDDEN: {
    status: 403,
    title: 'Forbidden',
    description:
      'The caller lacks the page (`requiredPage`) or the client (`clientId`), or uses a token from outside its allowed addresses.',
  },
  NOT_FOUND: {
    status: 404,
    title: 'Not found',
    description:
      'No such route, or no such row among the clients the caller may see (the two cases of a row are not told apart).',
  },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed', description: 'Only GET; see `Allow`.' },
  RATE_LIMITED: {
    status: 429,
    title: 'Too many requests',
    description: 'Over a rate limit; see `Retry-After` and `RateLimit-*`.',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    title: 'Service unavailable',
    description: 'The database cannot be reached; see `Retry-After`.',
  },
  INTERNAL_SERVER_ERROR: {
    status: 500,
    title: 'Internal server error',
    description: 'Anything unexpected; `requestId` matches the log line with the details.',
  },
};

export function isProblemCode(code: unknown): code is ProblemCode {
  return typeof code === 'string' && code in PROBLEMS;
}

export type ProblemDetails = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  parameter?: string;
  requiredPage?: string;
  clientId?: string;
  requestId?: string;
};

/** A problem's type: a URN per code (documented in the OpenAPI document's Problem schema). */
export function problemType(code: ProblemCode): string {
  return `urn:salure-gateway:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

export function problemResponse(
  code: ProblemCode,
  detail: string,
  extra: Pick<ProblemDetails, 'parameter' | 'requiredPage' | 'clientId' | 'requestId'> = {},
  headers: Record<string, string> = {},
): Response {
  const { status, title } = PROBLEMS[code];
  const body: ProblemDetails = { type: problemType(code), title, status, detail: bounded(detail, 500), code, ...extra };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers },
  });
}

/** The OpenAPI responses of these problems, by HTTP status (codes of one status share it). */
export function problemResponses(codes: ProblemCode[]): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const code of codes) {
    const { status, description } = PROBLEMS[code];
    const key = String(status);
    const existing = responses[key] as { description: string } | undefined;
    responses[key] = {
      description: existing ? `${existing.description} ${description}` : description,
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      ...(status === 401 ? { headers: { 'WWW-Authenticate': { schema: { type: 'string' } } } } : {}),
      ...(status === 429 || status === 503 ? { headers: { 'Retry-After': { schema: { type: 'integer' } } } } : {}),
    };
  }
  return responses;
}

/** The problems every route may answer. */
export const COMMON_PROBLEMS: ProblemCode[] = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'METHOD_NOT_ALLOWED',
  'RATE_LIMITED',
  'INTERNAL_SERVER_ERROR',
  'SERVICE_UNAVAILABLE',
];
