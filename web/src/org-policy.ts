import { GraphQLRequestError, request } from './api.js';
import { announce, formatDate, h } from './dom.js';
import type { ClientTokenPolicyInput, OrgPolicyFieldsFragment } from './generated/graphql.js';
import { OrgSetPolicy } from './org-documents.js';
import type { OrgClient } from './org-table.js';
import { PAGE_NAMES } from './rules.js';

// The client's token policy as a form: the rules tokens must keep to read the client, and when a new token needs
// an administrator's approval. Saving replaces the whole policy; the API blocks tokens that break it.

const MAX_DAYS = 3650;
const DAY_FIELDS = ['maxLifetimeDays', 'idleDays', 'approvalAboveDays'] as const;

export function policySection(client: OrgClient, policy: OrgPolicyFieldsFragment, refresh: () => Promise<void>) {
  const errors = Object.fromEntries(
    [...DAY_FIELDS, 'approval', 'form'].map((name) => [
      name,
      h('p', { class: 'error', id: `policy-${name}-error`, role: 'alert' }),
    ]),
  ) as Record<string, HTMLElement>;
  const days = (name: (typeof DAY_FIELDS)[number], label: string, hint: string) => [
    h('label', { for: `policy-${name}` }, label),
    h('p', { class: 'hint', id: `policy-${name}-hint` }, hint),
    h('input', {
      id: `policy-${name}`,
      name,
      type: 'number',
      min: '1',
      max: String(MAX_DAYS),
      value: policy[name] === null || policy[name] === undefined ? '' : String(policy[name]),
      'aria-describedby': `policy-${name}-hint policy-${name}-error`,
    }),
    errors[name],
  ];
  const check = (name: keyof OrgPolicyFieldsFragment, label: string, value = 'on', checked = Boolean(policy[name])) =>
    h(
      'label',
      { class: 'check' },
      h('input', { type: 'checkbox', name, value, ...(checked ? { checked: true } : {}) }),
      ` ${label}`,
    );
  const mode = (value: string, label: string) =>
    h(
      'label',
      { class: 'check' },
      h('input', { type: 'radio', name: 'approval', value, ...(policy.approval === value ? { checked: true } : {}) }),
      ` ${label}`,
    );
  const form: HTMLFormElement = h(
    'form',
    { novalidate: true, class: 'policy', onsubmit: (event) => savePolicy(event, client, form, errors, refresh) },
    ...days('maxLifetimeDays', 'Maximum lifetime in days', 'Tokens must end within this many days. Empty: no limit.'),
    check('endRequired', 'Tokens must have an end date'),
    check('addressesRequired', 'Tokens must name the addresses they are used from'),
    ...days('idleDays', 'Idle limit in days', 'A token unused this long stops reading the client. Empty: no limit.'),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Pages tokens may hold for this client (none ticked: any page)'),
      ...Object.entries(PAGE_NAMES).map(([page, name]) =>
        check('allowedPages', name, page, policy.allowedPages?.includes(page as 'USERS') ?? false),
      ),
    ),
    h(
      'fieldset',
      { 'aria-describedby': 'policy-approval-error' },
      h('legend', {}, 'Approval of new tokens by an administrator'),
      mode('NEVER', 'Never'),
      mode('ALWAYS', 'Always'),
      mode('ABOVE_THRESHOLD', 'Above a threshold:'),
      ...days('approvalAboveDays', 'Living longer than (days)', 'Also tokens without an end.'),
      check('approvalAllClients', 'Tokens for all of their owner’s clients'),
      check('approvalUsersPage', 'Tokens with the Users page'),
    ),
    errors.approval,
    errors.form,
    h(
      'p',
      { class: 'hint' },
      policy.updatedAt ? `Last changed ${formatDate(policy.updatedAt)}.` : 'No policy set yet.',
      ' Tokens that break a new rule are blocked for this client at their next request, not revoked.',
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save policy')),
  );
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'policy-title' },
    h('h2', { id: 'policy-title', tabindex: '-1' }, `Token policy of ${client.name}`),
    form,
  );
}

async function savePolicy(
  event: Event,
  client: OrgClient,
  form: HTMLFormElement,
  errors: Record<string, HTMLElement>,
  refresh: () => Promise<void>,
) {
  event.preventDefault();
  for (const error of Object.values(errors)) error.textContent = '';
  const data = new FormData(form);
  const problems: Record<string, string> = {};
  const days = (name: string) => {
    const text = String(data.get(name) ?? '').trim();
    if (!text) return null;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1 || value > MAX_DAYS) {
      problems[name] = `Write a whole number of days from 1 to ${MAX_DAYS}, or leave it empty.`;
    }
    return value;
  };
  const pages = data.getAll('allowedPages').map(String) as NonNullable<ClientTokenPolicyInput['allowedPages']>;
  const input: ClientTokenPolicyInput = {
    maxLifetimeDays: days('maxLifetimeDays'),
    endRequired: data.has('endRequired'),
    addressesRequired: data.has('addressesRequired'),
    idleDays: days('idleDays'),
    allowedPages: pages.length > 0 ? pages : null,
    approval: (data.get('approval') ?? 'NEVER') as ClientTokenPolicyInput['approval'],
    approvalAboveDays: days('approvalAboveDays'),
    approvalAllClients: data.has('approvalAllClients'),
    approvalUsersPage: data.has('approvalUsersPage'),
  };
  if (Object.keys(problems).length === 0) {
    try {
      await request(OrgSetPolicy, { clientId: client.id, input });
      await refresh();
      document.getElementById('policy-title')?.focus();
      announce(`The token policy of ${client.name} was saved.`);
      return;
    } catch (failure) {
      const field = failure instanceof GraphQLRequestError ? failure.field : undefined;
      problems[field && errors[field] ? field : 'form'] = failure instanceof Error ? failure.message : 'Saving failed.';
    }
  }
  for (const [field, message] of Object.entries(problems)) if (errors[field]) errors[field].textContent = message;
  const first = Object.keys(problems)[0];
  form.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
}
