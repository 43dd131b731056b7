import { describe, expect, it } from 'vitest';
import { tokenFormProblems } from '../src/core/token-rules.js';
import {
  attentionOf,
  formProblems,
  labelCount,
  parseLocalDateTime,
  problemsByField,
  type Token,
  visibleTokens,
} from '../web/src/rules.js';

// The API Access page's rules, without a browser: the same rules the API applies (src/core/token-rules.ts), the
// dates as a user types them, what needs attention, and what the list's filter shows.

const NOW = new Date('2026-12-04T12:00:00Z');
const empty = { label: '', pages: [], clientIds: [], expiresAt: '', notBefore: '' };

function aToken(change: Partial<Token> = {}): Token {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    label: 'Payroll export',
    hint: 'salure_abcd',
    pages: ['RUNS'],
    clients: null,
    status: 'ACTIVE',
    statusReason: null,
    expiresAt: null,
    endsAt: null,
    endsBecause: null,
    createdAt: '2026-11-01T00:00:00.000Z',
    lastUsedAt: null,
    lastUsedIp: null,
    lastUsedUserAgent: null,
    notBefore: null,
    allowedIps: null,
    missingPages: [],
    missingClients: [],
    usage: [],
    ...change,
  } as Token;
}

describe('the add form', () => {
  it('tells every problem at once, by field, before sending', () => {
    expect(formProblems(empty, NOW)).toEqual({ label: 'Give the token a label.', pages: 'Choose at least one page.' });
    expect(formProblems({ ...empty, label: 'x'.repeat(101), pages: ['RUNS'] }, NOW)).toEqual({
      label: 'The label is 101 characters; at most 100.',
    });
    expect(formProblems({ ...empty, label: 'ok', pages: ['RUNS'], expiresAt: '30-06-2027' }, NOW)).toEqual({
      expiresAt: 'Write the end as YYYY-MM-DD HH:MM, e.g. 2027-06-30 17:30.',
    });
    expect(formProblems({ ...empty, label: 'ok', pages: ['RUNS'], expiresAt: '2020-01-01 08:00' }, NOW)).toEqual({
      expiresAt: 'The end must be in the future.',
    });
    expect(
      formProblems(
        { ...empty, label: 'ok', pages: ['RUNS'], expiresAt: '2027-01-01 08:00', notBefore: '2027-02-01 08:00' },
        NOW,
      ),
    ).toEqual({ notBefore: '"Not before" must come before the end.' });
    expect(formProblems({ ...empty, label: ' fine ', pages: ['RUNS'], expiresAt: '2027-06-30 17:30' }, NOW)).toEqual(
      {},
    );
  });

  it("says what the API says for the same values (one set of rules), and shows the API's problems by field", () => {
    const values = { label: '', pages: [], expiresAt: new Date('2020-01-01T00:00:00Z') };
    const api = tokenFormProblems(values, NOW);
    expect(formProblems({ ...empty, expiresAt: '2020-01-01 00:00' }, NOW)).toEqual(problemsByField(api));
    expect(
      problemsByField([
        { field: 'allowedIps', message: 'Allowed address "a": not an address.' },
        { field: 'allowedIps', message: 'Allowed address "b": not an address.' },
      ]),
    ).toEqual({ allowedIps: 'Allowed address "a": not an address. Allowed address "b": not an address.' });
  });

  it('reads YYYY-MM-DD HH:MM in the local time zone, and refuses dates that do not exist', () => {
    expect(parseLocalDateTime('2027-06-30 17:30')?.getTime()).toBe(new Date(2027, 5, 30, 17, 30).getTime());
    expect(parseLocalDateTime(' 2027-06-30T17:30 ')).toBeInstanceOf(Date);
    for (const text of ['2027-02-30 10:00', '2027-06-30 24:00', '2027-06-30 17:60', '2027-6-30 17:30', '']) {
      expect(parseLocalDateTime(text), text).toBeUndefined();
    }
    expect(labelCount(7)).toBe('7 of 100 characters (the limit)');
  });
});

describe('the token list', () => {
  it('says in one line what needs attention: a lost page or client first, then an end within 7 days', () => {
    const day = 86_400_000;
    expect(attentionOf(aToken(), NOW.getTime())).toBeUndefined();
    expect(attentionOf(aToken({ missingPages: ['RUNS'] }), NOW.getTime())).toBe('Lost Runs: you no longer have it.');
    expect(attentionOf(aToken({ missingClients: ['a', 'b'] as never }), NOW.getTime())).toBe(
      'Lost 2 clients you no longer have.',
    );
    const ends = (days: number, endsBecause: string | null = 'END_DATE') =>
      attentionOf(
        aToken({ endsAt: new Date(NOW.getTime() + days * day).toISOString(), endsBecause } as never),
        NOW.getTime(),
      );
    expect(ends(8)).toBeUndefined();
    expect(ends(3)).toBe('Ends in 3 days.');
    expect(ends(0.5)).toBe('Ends within a day.');
    expect(ends(3, 'IDLE_LIMIT')).toBe('Stops in 3 days unless it is used.');
    expect(ends(3, 'LIFETIME_LIMIT')).toBe('Ends in 3 days: the lifetime limit.');
    expect(attentionOf(aToken({ status: 'REVOKED', missingPages: ['RUNS'] }), NOW.getTime())).toBeUndefined();
  });

  it('shows the tokens a filter matches, in the chosen order', () => {
    const tokens = [
      aToken({ id: '1', label: 'Beta', pages: ['RUNS'], createdAt: '2026-11-02T00:00:00Z' }),
      aToken({ id: '2', label: 'alpha', pages: ['USERS'], createdAt: '2026-11-03T00:00:00Z', status: 'EXPIRED' }),
      aToken({ id: '3', label: 'Gamma beta', pages: ['RUNS', 'USERS'], createdAt: '2026-11-01T00:00:00Z' }),
    ];
    const ids = (view: Partial<Parameters<typeof visibleTokens>[1]>) =>
      visibleTokens(tokens, { text: '', status: '', page: '', sort: 'created', ...view }).map((token) => token.id);
    expect(ids({})).toEqual(['2', '1', '3']);
    expect(ids({ text: 'BETA' })).toEqual(['1', '3']);
    expect(ids({ page: 'USERS', sort: 'label' })).toEqual(['2', '3']);
    expect(ids({ status: 'EXPIRED' })).toEqual(['2']);
  });
});
