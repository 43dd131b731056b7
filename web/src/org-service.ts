import { GraphQLRequestError, request } from './api.js';
import { h, openDialog, timeZone } from './dom.js';
import type { OrgTokenFragment } from './generated/graphql.js';
import { OrgCreateService, OrgRotateService } from './org-documents.js';
import { type OrgClient, tokenTable } from './org-table.js';
import { formProblems, pageName, parseLocalDateTime, problemsByField } from './rules.js';
import { showSecret } from './secret.js';

// The client's service tokens: owned by the client, not a person, so they survive their maker leaving. Made and
// rotated here (the secret shown once), revoked like every token of the inventory.

export function serviceSection(
  client: OrgClient,
  tokens: readonly OrgTokenFragment[],
  pages: readonly string[],
  refresh: () => Promise<void>,
) {
  const rotate = (row: OrgTokenFragment) =>
    h(
      'button',
      { type: 'button', onclick: () => confirmRotate(client, row, refresh) },
      'Rotate',
      h('span', { class: 'visually-hidden' }, ` ${row.label}`),
    );
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'service-title' },
    h(
      'div',
      { class: 'heading' },
      h('h2', { id: 'service-title', tabindex: '-1' }, `Service tokens of ${client.name}`),
      h(
        'button',
        { type: 'button', class: 'primary', onclick: () => openServiceDialog(client, pages, refresh) },
        'Add service token',
      ),
    ),
    h(
      'p',
      { class: 'muted' },
      `Owned by ${client.name}, not by a person: they read only ${client.name} and keep working when their maker leaves.`,
    ),
    tokens.length === 0
      ? h('p', { class: 'empty' }, 'No service tokens.')
      : tokenTable(tokens, client, 'service', { refresh, heading: 'service-title', actions: (row) => [rotate(row)] }),
  );
}

function confirmRotate(client: OrgClient, row: OrgTokenFragment, refresh: () => Promise<void>) {
  const dialog = h(
    'dialog',
    { 'aria-labelledby': 'rotate-title' },
    h('h2', { id: 'rotate-title' }, `Rotate “${row.label}”?`),
    h('p', {}, 'You get a new secret; the old one is refused from the next request on.'),
    h(
      'form',
      { method: 'dialog', class: 'actions' },
      h('button', { value: 'cancel', autofocus: true }, 'Cancel'),
      h('button', { value: 'rotate', class: 'primary' }, 'Rotate'),
    ),
  );
  openDialog(dialog, async () => {
    if (dialog.returnValue !== 'rotate') return;
    const result = await request(OrgRotateService, { clientId: client.id, id: row.id });
    showSecret(result.rotateServiceToken.token, result.rotateServiceToken.serviceToken.id, {
      refresh,
      message: 'The service token was rotated.',
    });
  });
}

function openServiceDialog(client: OrgClient, pages: readonly string[], refresh: () => Promise<void>) {
  const errors = Object.fromEntries(
    ['label', 'pages', 'expiresAt', 'allowedIps', 'form'].map((name) => [
      name,
      h('p', { class: 'error', id: `service-${name}-error`, role: 'alert' }),
    ]),
  ) as Record<string, HTMLElement>;
  const form: HTMLFormElement = h(
    'form',
    { novalidate: true, onsubmit: (event) => submitService(event, client, form, errors, dialog, refresh) },
    h('h2', { id: 'service-dialog-title' }, `Add a service token of ${client.name}`),
    h('label', { for: 'service-label' }, 'Label'),
    h('input', {
      id: 'service-label',
      name: 'label',
      required: true,
      placeholder: 'e.g. Payroll pipeline',
      'aria-describedby': 'service-label-error',
    }),
    errors.label,
    h(
      'fieldset',
      { 'aria-describedby': 'service-pages-error' },
      h('legend', {}, 'Page rights (read only; those you have)'),
      ...pages.map((page) =>
        h(
          'label',
          { class: 'check' },
          h('input', { type: 'checkbox', name: 'pages', value: page }),
          ` ${pageName(page)}`,
        ),
      ),
    ),
    errors.pages,
    h('label', { for: 'service-expires' }, 'End date and time (optional)'),
    h('p', { class: 'hint', id: 'service-expires-hint' }, `As YYYY-MM-DD HH:MM, your time (${timeZone()}).`),
    h('input', {
      id: 'service-expires',
      name: 'expiresAt',
      type: 'text',
      autocomplete: 'off',
      'aria-describedby': 'service-expires-hint service-expiresAt-error',
    }),
    errors.expiresAt,
    h('label', { for: 'service-ips' }, 'Allowed addresses (optional)'),
    h('p', { class: 'hint', id: 'service-ips-hint' }, 'One address or CIDR range per line; none: any address.'),
    h('textarea', {
      id: 'service-ips',
      name: 'allowedIps',
      rows: '2',
      'aria-describedby': 'service-ips-hint service-allowedIps-error',
    }),
    errors.allowedIps,
    errors.form,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel'),
      h('button', { type: 'submit', class: 'primary' }, 'Save'),
    ),
  );
  const dialog = h('dialog', { 'aria-labelledby': 'service-dialog-title' }, form);
  openDialog(dialog);
}

async function submitService(
  event: Event,
  client: OrgClient,
  form: HTMLFormElement,
  errors: Record<string, HTMLElement>,
  dialog: HTMLDialogElement,
  refresh: () => Promise<void>,
) {
  event.preventDefault();
  for (const error of Object.values(errors)) error.textContent = '';
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '');
  const typed = {
    label: text('label'),
    pages: data.getAll('pages').map(String),
    clientIds: [],
    expiresAt: text('expiresAt'),
    notBefore: '',
  };
  let problems: Record<string, string> = formProblems(typed);
  if (Object.keys(problems).length === 0) {
    const expiresAt = parseLocalDateTime(typed.expiresAt);
    const allowedIps = text('allowedIps')
      .split(/[\s,]+/)
      .filter(Boolean);
    try {
      const result = await request(OrgCreateService, {
        clientId: client.id,
        input: {
          label: typed.label,
          pages: typed.pages as never,
          ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
          ...(allowedIps.length > 0 ? { allowedIps } : {}),
        },
      });
      dialog.close();
      showSecret(result.createServiceToken.token, result.createServiceToken.serviceToken.id, {
        refresh,
        message: 'The service token was created.',
      });
      return;
    } catch (failure) {
      const refused = failure instanceof GraphQLRequestError ? failure : undefined;
      const field = refused?.field;
      problems = refused?.problems.length
        ? problemsByField(refused.problems)
        : { [field && errors[field] ? field : 'form']: failure instanceof Error ? failure.message : 'Saving failed.' };
    }
  }
  for (const [field, message] of Object.entries(problems)) {
    const target = errors[field] ?? errors.form;
    if (target) target.textContent = message;
  }
  const first = ['label', 'pages', 'expiresAt', 'allowedIps'].find((field) => problems[field]);
  form.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
}
