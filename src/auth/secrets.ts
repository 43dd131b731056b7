import { hash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { CredentialKind } from '../database/credentials.js';

// Secret format: <prefix><43 base62 chars: 256 random bits><6 base62 chars: CRC-32 of the prefix and body>.
// The fixed prefix lets secret scanners find leaked secrets; the checksum lets malformed or mistyped ones be
// refused without a database lookup. An API token and a session have different prefixes and are not
// interchangeable.
export const API_TOKEN_PREFIX = 'salure_';
export const SESSION_PREFIX = 'salure_session_';
/** An API token or a session: what a secret opens. */
export type SecretKind = CredentialKind;

const PREFIXES: Record<SecretKind, string> = { apiToken: API_TOKEN_PREFIX, session: SESSION_PREFIX };
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BODY_LENGTH = 43; // ceil(256 / log2(62))
const CHECKSUM_LENGTH = 6; // ceil(32 / log2(62))
const SHAPES: Record<SecretKind, RegExp> = {
  apiToken: new RegExp(`^${API_TOKEN_PREFIX}[0-9A-Za-z]{${BODY_LENGTH + CHECKSUM_LENGTH}}$`),
  session: new RegExp(`^${SESSION_PREFIX}[0-9A-Za-z]{${BODY_LENGTH + CHECKSUM_LENGTH}}$`),
};
/** How many characters of a token `ApiToken.hint` shows: the prefix and 4 of 43 random characters. */
const HINT_LENGTH = API_TOKEN_PREFIX.length + 4;

function toBase62(value: bigint, length: number): string {
  let text = '';
  let rest = value;
  while (rest > 0n) {
    text = BASE62[Number(rest % 62n)] + text;
    rest /= 62n;
  }
  return text.padStart(length, '0');
}

/** The CRC-32 in base62 (in numbers, not bigints: it is checked on every request). */
function checksum(prefixAndBody: string): string {
  let text = '';
  for (let rest = crc32(prefixAndBody); rest > 0; rest = Math.floor(rest / 62)) text = BASE62[rest % 62] + text;
  return text.padStart(CHECKSUM_LENGTH, '0');
}

export function generateSecret(kind: SecretKind): string {
  return formatSecret(kind, toBase62(BigInt(`0x${randomBytes(32).toString('hex')}`), BODY_LENGTH));
}

/** A secret from a given 43-character base62 body (the benchmark's fixed token); real secrets are random. */
export function formatSecret(kind: SecretKind, body: string): string {
  const prefixAndBody = PREFIXES[kind] + body;
  return prefixAndBody + checksum(prefixAndBody);
}

/** True when `secret` has the shape and a valid checksum of a secret of this kind. */
export function isWellFormedSecret(kind: SecretKind, secret: string): boolean {
  if (!SHAPES[kind].test(secret)) return false;
  const prefixAndBody = secret.slice(0, -CHECKSUM_LENGTH);
  return checksum(prefixAndBody) === secret.slice(-CHECKSUM_LENGTH);
}

/** SHA-256 is right for 256-bit random secrets: nothing to brute-force, and a lookup by hash is one index probe. */
export function hashSecret(secret: string): string {
  // One call, no Hash object: half the cost of createHash, on every request.
  return hash('sha256', secret, 'hex');
}

export function secretHint(secret: string): string {
  return secret.slice(0, HINT_LENGTH);
}
