import { MAX_LABEL_LENGTH, type Problem, type TokenField, tokenFormProblems } from '../../src/core/token-rules.js';
import type { PageOverviewQuery } from './generated/graphql.js';

// The page's rules, as pure functions (no DOM): what needs attention, which tokens a filter shows, dates as the
// user types them, and the add form's problems, from the rules the API applies (src/core/token-rules.ts).
// Unit-tested without a browser in test/web-rules.test.ts.

export type Token = NonNullable<PageOverviewQuery['apiTokens']>[number];

export const DAY_MS = 86_400_000;
export const MAX_LABEL = MAX_LABEL_LENGTH;

/** One name per page, as the schema's page descriptions and the guides give them. */
export const PAGE_NAMES: Record<string, string> = {
  USERS: 'Users',
  CONNECTORS: 'Connectors',
  INTERFACES: 'Interfaces',
  RUNS: 'Runs',
};

export const pageName = (page: string) => PAGE_NAMES[page] ?? page;

export const STATUSES = ['ACTIVE', 'PENDING', 'EXPIRED', 'REVOKED'];

/** The list's filter and order. */
export type ListView = { text: string; status: string; page: string; sort: string };

const SORTS: Record<string, (a: Token, b: Token) => number> = {
  created: (a, b) => b.createdAt.localeCompare(a.createdAt),
  label: (a, b) => a.label.localeCompare(b.label),
  lastUsed: (a, b) => (b.lastUsedAt ?? '').localeCompare(a.lastUsedAt ?? ''),
  ends: (a, b) => (a.expiresAt ?? '9999').localeCompare(b.expiresAt ?? '9999'),
};

/** What needs the owner's attention, in one line, or nothing. */
export function attentionOf(token: Token, now = Date.now()): string | undefined {
  if (token.status !== 'ACTIVE') return undefined;
  if (token.missingPages.length > 0) {
    return `Lost ${token.missingPages.map(pageName).join(', ')}: you no longer have it.`;
  }
  if (token.missingClients.length > 0) {
    return `Lost ${token.missingClients.length} client${token.missingClients.length > 1 ? 's' : ''} you no longer have.`;
  }
  if (token.endsAt) {
    const days = Math.ceil((Date.parse(token.endsAt) - now) / DAY_MS);
    if (days > 7) return undefined;
    const when = days <= 1 ? 'within a day' : `in ${days} days`;
    if (token.endsBecause === 'IDLE_LIMIT') return `Stops ${when} unless it is used.`;
    if (token.endsBecause === 'LIFETIME_LIMIT') return `Ends ${when}: the lifetime limit.`;
    return `Ends ${when}.`;
  }
  return undefined;
}

/** The tokens a view shows, in its order. */
export function visibleTokens(tokens: readonly Token[], view: ListView): Token[] {
  const text = view.text.trim().toLowerCase();
  return tokens
    .filter((token) => !text || token.label.toLowerCase().includes(text))
    .filter((token) => !view.status || token.status === view.status)
    .filter((token) => !view.page || (token.pages as readonly string[]).includes(view.page))
    .sort(SORTS[view.sort] ?? SORTS.created);
}

export const labelCount = (length: number) => `${length} of ${MAX_LABEL} characters (the limit)`;

/** `YYYY-MM-DD HH:MM` in the user's time zone, as an instant; undefined when it is not such a date and time. */
export function parseLocalDateTime(text: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const date = new Date(year, month - 1, day, hour, minute);
  const same =
    date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day && date.getHours() === hour;
  return same && minute < 60 ? date : undefined;
}

/** The add form as typed: texts, and the boxes ticked. */
export type AddForm = {
  label: string;
  pages: readonly string[];
  /** The clients ticked, when the form offers a choice; none ticked means all clients. */
  clientIds: readonly string[];
  expiresAt: string;
  notBefore: string;
};

/**
 * Every problem the page can tell before asking the API, by field: the dates as typed, then the API's own rules
 * on the form's values (the API may still find more: addresses, rights).
 */
export function formProblems(form: AddForm, now = new Date()): Partial<Record<TokenField, string>> {
  const problems: Problem[] = [];
  const expiresAt = form.expiresAt.trim() ? parseLocalDateTime(form.expiresAt) : undefined;
  const notBefore = form.notBefore.trim() ? parseLocalDateTime(form.notBefore) : undefined;
  if (form.expiresAt.trim() && !expiresAt) {
    problems.push({ field: 'expiresAt', message: 'Write the end as YYYY-MM-DD HH:MM, e.g. 2027-06-30 17:30.' });
  }
  if (form.notBefore.trim() && !notBefore) {
    problems.push({ field: 'notBefore', message: 'Write the start as YYYY-MM-DD HH:MM, e.g. 2027-01-31 08:00.' });
  }
  problems.push(...tokenFormProblems({ label: form.label, pages: form.pages, expiresAt, notBefore }, now));
  return problemsByField(problems);
}

/** The problems of each field, as one message beside it. */
export function problemsByField(problems: readonly Problem[]): Partial<Record<TokenField, string>> {
  const byField: Partial<Record<TokenField, string>> = {};
  for (const { field, message } of problems) byField[field] = byField[field] ? `${byField[field]} ${message}` : message;
  return byField;
}
