// The rules of a new token's form that need nothing but the form and the clock: one set, shared by the API (which
// answers every problem at once, auth/api-tokens.ts) and the API Access page (which shows them before it sends,
// web/src/rules.ts), so that the page says exactly what the API decides. Rules that need the database or the
// caller's rights (pages and clients beyond them, allowed addresses) are the API's alone.

export const MAX_LABEL_LENGTH = 100;

/** The fields of a new token, in the order the form shows them (and a problem list is ordered). */
export const TOKEN_FIELDS = ['label', 'pages', 'clientIds', 'expiresAt', 'allowedIps', 'notBefore'] as const;
export type TokenField = (typeof TOKEN_FIELDS)[number];

/** A problem with one field of the form. */
export type Problem = { field: TokenField; message: string };

export type TokenFormValues = {
  label: string;
  pages: readonly string[];
  /** Null or absent: all of the owner's clients. */
  clientIds?: readonly string[] | null | undefined;
  expiresAt?: Date | null | undefined;
  notBefore?: Date | null | undefined;
};

/** Every problem of the form at once, in the form's order; none: the form may be sent. */
export function tokenFormProblems(
  values: TokenFormValues,
  now: Date,
  /** The token policy's lifetime limit, when one is set: an end date is then required, at most this far ahead. */
  maxLifetimeDays?: number | undefined,
): Problem[] {
  const problems: Problem[] = [];
  const label = values.label.trim();
  if (label.length === 0) problems.push({ field: 'label', message: 'Give the token a label.' });
  else if (label.length > MAX_LABEL_LENGTH) {
    problems.push({ field: 'label', message: `The label is ${label.length} characters; at most ${MAX_LABEL_LENGTH}.` });
  } else if (/\p{Cc}/u.test(label)) {
    problems.push({ field: 'label', message: 'The label may not contain control characters.' });
  }
  if (values.pages.length === 0) problems.push({ field: 'pages', message: 'Choose at least one page.' });
  if (values.clientIds?.length === 0) {
    problems.push({
      field: 'clientIds',
      message: 'Choose at least one client, or leave clients out for all of yours.',
    });
  }
  const { expiresAt, notBefore } = values;
  if (expiresAt && expiresAt <= now) problems.push({ field: 'expiresAt', message: 'The end must be in the future.' });
  else if (maxLifetimeDays && !expiresAt) {
    problems.push({
      field: 'expiresAt',
      message: `An end date is required: tokens live at most ${maxLifetimeDays} days.`,
    });
  } else if (maxLifetimeDays && expiresAt) {
    const latest = new Date(now.getTime() + maxLifetimeDays * 86_400_000);
    if (expiresAt > latest) {
      problems.push({
        field: 'expiresAt',
        message: `The end may be at most ${maxLifetimeDays} days ahead (${latest.toISOString()}).`,
      });
    }
  }
  if (notBefore && expiresAt && notBefore >= expiresAt) {
    problems.push({ field: 'notBefore', message: '"Not before" must come before the end.' });
  }
  return problems;
}
