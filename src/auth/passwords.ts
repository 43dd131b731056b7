import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane). 2 is Algorithm.Argon2id, a const enum
// that isolated modules cannot read.
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/**
 * The hash of a random password nobody knows (thrown away), with the options above: checked instead of a user's
 * when there is none, fixed so that even the first such check costs what a real one does.
 */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$Sbs7wIPRa/3j7ygKZelkfA$oAJSwQlXXdsAqLG5FXD8nEYSC0jT+MTkrbgXlpOF7Uk';

/**
 * Checks a password against a stored hash. With no stored hash (unknown e-mail) it still spends the time of a
 * real check, so the answer time does not tell whether an account exists.
 */
export async function verifyPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  const matches = await verify(storedHash ?? DUMMY_HASH, password).catch(() => false);
  return storedHash !== undefined && matches;
}

export const MIN_PASSWORD_LENGTH = 12;
