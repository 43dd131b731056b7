import { GraphQLRequestError, request } from './api.js';
import { CreateToken } from './documents.js';
import { h, openDialog, timeZone } from './dom.js';
import type { PageOverviewQuery } from './generated/graphql.js';
import { formProblems, labelCount, MAX_LABEL, pageName, parseLocalDateTime, problemsByField } from './rules.js';
import { showSecret } from './secret.js';

// The add form: every problem at once beside its field, the page's own (rules.ts) before sending, the API's after.

export function openCreateDialog(overview: PageOverviewQuery) {
  const viewer = overview.viewer;
  const clients = viewer?.clients ?? [];
  const fieldError = (name: string) => h('p', { class: 'error', id: `${name}-error`, role: 'alert' });
  const errors = {
    label: fieldError('label'),
    pages: fieldError('pages'),
    clientIds: fieldError('clientIds'),
    expiresAt: fieldError('expiresAt'),
    allowedIps: fieldError('allowedIps'),
    notBefore: fieldError('notBefore'),
    form: fieldError('form'),
  };
  const counter = h('p', { class: 'hint', id: 'label-count' }, labelCount(0));
  const form: HTMLFormElement = h(
    'form',
    { novalidate: true, onsubmit: (event) => submitCreate(event, form, errors, dialog, clients.length > 1) },
    h('h2', { id: 'create-title' }, 'Add API token'),
    h('label', { for: 'token-label' }, 'Label'),
    h('input', {
      id: 'token-label',
      name: 'label',
      required: true,
      'aria-describedby': 'label-count label-error',
      placeholder: 'e.g. Payroll export',
      oninput: (event) => {
        const length = (event.target as HTMLInputElement).value.length;
        counter.textContent = labelCount(length);
        counter.classList.toggle('error', length > MAX_LABEL);
      },
    }),
    counter,
    errors.label,
    h(
      'fieldset',
      { 'aria-describedby': 'pages-error' },
      h('legend', {}, 'Page rights (read only)'),
      ...(viewer?.pages ?? []).map((page) =>
        h(
          'label',
          { class: 'check' },
          h('input', { type: 'checkbox', name: 'pages', value: page }),
          ` ${pageName(page)}`,
        ),
      ),
    ),
    errors.pages,
    clients.length > 1 &&
      h(
        'fieldset',
        { 'aria-describedby': 'clientIds-error' },
        h('legend', {}, 'Clients (none chosen: all your clients)'),
        ...clients.map((client) =>
          h(
            'label',
            { class: 'check' },
            h('input', { type: 'checkbox', name: 'clientIds', value: client.id }),
            ` ${client.name}`,
          ),
        ),
      ),
    errors.clientIds,
    h('label', { for: 'token-expires' }, 'End date and time (optional)'),
    h('p', { class: 'hint', id: 'expires-hint' }, `As YYYY-MM-DD HH:MM, your time (${timeZone()}).`),
    h('input', {
      id: 'token-expires',
      name: 'expiresAt',
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'off',
      placeholder: 'e.g. 2027-06-30 17:30',
      'aria-describedby': 'expires-hint expiresAt-error',
    }),
    errors.expiresAt,
    h(
      'details',
      {},
      h('summary', {}, 'Advanced: allowed addresses, not before'),
      h('label', { for: 'token-ips' }, 'Allowed addresses (optional)'),
      h('p', { class: 'hint', id: 'ips-hint' }, 'One address or CIDR range per line, IPv4 or IPv6; none: any address.'),
      h('textarea', {
        id: 'token-ips',
        name: 'allowedIps',
        rows: '3',
        'aria-describedby': 'ips-hint allowedIps-error',
      }),
      errors.allowedIps,
      h('label', { for: 'token-not-before' }, 'Not before (optional)'),
      h('p', { class: 'hint', id: 'not-before-hint' }, `As YYYY-MM-DD HH:MM, your time (${timeZone()}).`),
      h('input', {
        id: 'token-not-before',
        name: 'notBefore',
        type: 'text',
        autocomplete: 'off',
        'aria-describedby': 'not-before-hint notBefore-error',
      }),
      errors.notBefore,
    ),
    errors.form,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel'),
      h('button', { type: 'submit', class: 'primary' }, 'Save'),
    ),
  );
  const dialog = h('dialog', { 'aria-labelledby': 'create-title' }, form);
  openDialog(dialog);
}

/** Shows each problem beside its field and puts the focus on the first. */
function showProblems(form: HTMLFormElement, errors: Record<string, HTMLElement>, problems: Record<string, string>) {
  const order = ['label', 'pages', 'clientIds', 'expiresAt', 'allowedIps', 'notBefore', 'form'];
  if (problems.allowedIps || problems.notBefore) form.querySelector('details')?.setAttribute('open', '');
  for (const [field, message] of Object.entries(problems)) {
    const target = errors[field] ?? errors.form;
    if (target) target.textContent = message;
  }
  const first = order.find((field) => problems[field]);
  (form.querySelector(`[name="${first}"]`) as HTMLElement | null)?.focus();
}

/** What the API refused, by field: every problem of the form (extensions.problems), or its one message. */
function refusedFields(failure: unknown, errors: Record<string, HTMLElement>): Record<string, string> {
  if (!(failure instanceof GraphQLRequestError)) {
    return { form: failure instanceof Error ? failure.message : 'Saving failed.' };
  }
  const problems = failure.problems;
  if (problems.length > 0) return problemsByField(problems);
  const field = failure.field;
  return { [field && errors[field] ? field : 'form']: failure.message };
}

async function submitCreate(
  event: Event,
  form: HTMLFormElement,
  errors: Record<string, HTMLElement>,
  dialog: HTMLDialogElement,
  hasClientChoice: boolean,
) {
  event.preventDefault();
  for (const element of Object.values(errors)) element.textContent = '';
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '');
  const typed = {
    label: text('label'),
    pages: data.getAll('pages').map(String),
    clientIds: data.getAll('clientIds').map(String),
    expiresAt: text('expiresAt'),
    notBefore: text('notBefore'),
  };
  const problems = formProblems(typed);
  if (Object.keys(problems).length > 0) return showProblems(form, errors, problems);
  const expiresAt = parseLocalDateTime(typed.expiresAt);
  const notBefore = parseLocalDateTime(typed.notBefore);
  const allowedIps = text('allowedIps')
    .split(/[\s,]+/)
    .filter(Boolean);
  try {
    const result = await request(CreateToken, {
      input: {
        label: typed.label,
        pages: typed.pages as never,
        clientIds: hasClientChoice && typed.clientIds.length > 0 ? typed.clientIds : null,
        expiresAt: expiresAt ? expiresAt.toISOString() : null,
        ...(notBefore ? { notBefore: notBefore.toISOString() } : {}),
        ...(allowedIps.length > 0 ? { allowedIps } : {}),
      },
    });
    dialog.close();
    showSecret(result.createApiToken.token, result.createApiToken.apiToken.id);
  } catch (failure) {
    showProblems(form, errors, refusedFields(failure, errors));
  }
}
