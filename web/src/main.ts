import './styles.css';
import { GraphQLRequestError, request, session } from './api.js';
import { CreateToken, Login, Logout, Overview, RevokeToken } from './documents.js';
import { announce, formatDate, h, openDialog, timeZone } from './dom.js';
import type { PageOverviewQuery } from './generated/graphql.js';

type Token = NonNullable<PageOverviewQuery['apiTokens']>[number];

const app = document.getElementById('app') as HTMLElement;
const logoutButton = document.getElementById('logout') as HTMLButtonElement;
let showRevoked = false;

/** One name per page, as the schema's page descriptions and README give them. */
const PAGE_NAMES: Record<string, string> = {
  USERS: 'Users',
  CONNECTORS: 'Connectors',
  INTERFACES: 'Interfaces',
  RUNS: 'Runs',
};
const MAX_LABEL = 100;

function show(...content: Node[]) {
  app.replaceChildren(...content);
}

// ---- Log in ----

function renderLogin(message?: string) {
  logoutButton.hidden = true;
  const error = h('p', { class: 'error', id: 'login-error', role: 'alert' }, message ?? '');
  const form: HTMLFormElement = h(
    'form',
    { class: 'card narrow', 'aria-labelledby': 'login-title', onsubmit: (event) => submitLogin(event, form, error) },
    h('h1', { id: 'login-title' }, 'Log in'),
    h('label', { for: 'email' }, 'E-mail'),
    h('input', { id: 'email', name: 'email', type: 'email', autocomplete: 'username', required: true }),
    h('label', { for: 'password' }, 'Password'),
    h('input', {
      id: 'password',
      name: 'password',
      type: 'password',
      autocomplete: 'current-password',
      required: true,
    }),
    error,
    h('button', { type: 'submit', class: 'primary' }, 'Log in'),
  );
  show(form);
  form.querySelector('input')?.focus();
}

async function submitLogin(event: Event, form: HTMLFormElement, error: HTMLElement) {
  event.preventDefault();
  const data = new FormData(form);
  try {
    const result = await request(Login, { email: String(data.get('email')), password: String(data.get('password')) });
    session.set(result.login.sessionToken);
    await renderTokens();
    focusHeading();
    announce('Logged in.');
  } catch (failure) {
    error.textContent = failure instanceof Error ? failure.message : 'Logging in failed.';
  }
}

async function logOut() {
  await request(Logout).catch(() => undefined);
  session.clear();
  renderLogin();
  announce('Logged out.');
}

// ---- The token list ----

/** Where the next action starts: the list's heading (after logging in, and after a revoke). */
function focusHeading() {
  document.getElementById('tokens-title')?.focus();
}

async function renderTokens() {
  let overview: PageOverviewQuery;
  try {
    overview = await request(Overview, { includeRevoked: showRevoked });
  } catch (failure) {
    if (!session.get()) return renderLogin(failure instanceof Error ? failure.message : undefined);
    show(h('p', { class: 'error', role: 'alert' }, failure instanceof Error ? failure.message : 'Loading failed.'));
    return;
  }
  logoutButton.hidden = false;
  const viewer = overview.viewer;
  const tokens = overview.apiTokens ?? [];
  const addButton = h(
    'button',
    { type: 'button', class: 'primary', onclick: () => openCreateDialog(overview) },
    'Add API token',
  );
  const filter = h('input', {
    type: 'checkbox',
    id: 'show-revoked',
    ...(showRevoked ? { checked: true } : {}),
    onchange: () => {
      showRevoked = !showRevoked;
      void renderTokens();
    },
  });
  show(
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'tokens-title' },
      h('div', { class: 'heading' }, h('h1', { id: 'tokens-title', tabindex: '-1' }, 'API tokens'), addButton),
      h(
        'p',
        { class: 'muted' },
        `Logged in as ${viewer?.name ?? ''} (${viewer?.email ?? ''}). A token reads the pages you give it, never more than you can see yourself.`,
      ),
      h('p', {}, filter, h('label', { for: 'show-revoked', class: 'inline' }, ' Show revoked tokens')),
      tokens.length === 0
        ? h('p', { class: 'empty' }, 'No API tokens yet.')
        : h(
            'table',
            { class: 'tokens' },
            h('caption', { class: 'visually-hidden' }, 'Your API tokens'),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ...['Label', 'Token', 'Pages', 'Clients', 'Status', 'Ends', 'Created', 'Last used'].map((title) =>
                  h('th', { scope: 'col' }, title),
                ),
                h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')),
              ),
            ),
            h('tbody', {}, ...tokens.map(tokenRow)),
          ),
    ),
  );
}

function tokenRow(token: Token) {
  const cell = (label: string, ...content: (Node | string)[]) => h('td', { 'data-label': label }, ...content);
  const revoke =
    token.status === 'REVOKED'
      ? ''
      : h(
          'button',
          { type: 'button', class: 'danger', onclick: () => confirmRevoke(token) },
          'Revoke',
          h('span', { class: 'visually-hidden' }, ` ${token.label}`),
        );
  return h(
    'tr',
    { 'data-token-id': token.id, tabindex: '-1', 'aria-label': `Token ${token.label}` },
    cell('Label', token.label),
    cell('Token', h('code', {}, `${token.hint}…`)),
    cell('Pages', token.pages.map((page) => PAGE_NAMES[page] ?? page).join(', ')),
    cell('Clients', token.clients ? token.clients.map((client) => client.name).join(', ') : 'All clients'),
    cell(
      'Status',
      h(
        'span',
        { class: `status ${token.status.toLowerCase()}`, title: token.statusReason ?? '' },
        token.status.toLowerCase(),
      ),
    ),
    cell('Ends', formatDate(token.expiresAt)),
    cell('Created', formatDate(token.createdAt)),
    cell('Last used', formatDate(token.lastUsedAt)),
    h('td', {}, revoke),
  );
}

function confirmRevoke(token: Token) {
  const dialog = h(
    'dialog',
    { 'aria-labelledby': 'revoke-title' },
    h('h2', { id: 'revoke-title' }, 'Revoke this token?'),
    h('p', {}, `“${token.label}” stops working at once. Scripts that use it will be refused.`),
    h(
      'form',
      { method: 'dialog', class: 'actions' },
      h('button', { value: 'cancel', autofocus: true }, 'Cancel'),
      h('button', { value: 'revoke', class: 'danger' }, 'Revoke'),
    ),
  );
  openDialog(dialog, async () => {
    if (dialog.returnValue !== 'revoke') return;
    await request(RevokeToken, { id: token.id });
    await renderTokens();
    focusHeading();
    announce(`Token ${token.label} revoked.`);
  });
}

// ---- Add a token ----

function openCreateDialog(overview: PageOverviewQuery) {
  const viewer = overview.viewer;
  const clients = viewer?.clients ?? [];
  const fieldError = (name: string) => h('p', { class: 'error', id: `${name}-error`, role: 'alert' });
  const errors = {
    label: fieldError('label'),
    pages: fieldError('pages'),
    clientIds: fieldError('clientIds'),
    expiresAt: fieldError('expiresAt'),
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
          ` ${PAGE_NAMES[page] ?? page}`,
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

const labelCount = (length: number) => `${length} of ${MAX_LABEL} characters (the limit)`;

/** `YYYY-MM-DD HH:MM` in the user's time zone, as an instant; undefined when it is not such a date and time. */
function parseLocalDateTime(text: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const date = new Date(year, month - 1, day, hour, minute);
  const same =
    date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day && date.getHours() === hour;
  return same && minute < 60 ? date : undefined;
}

/** What the form can tell before asking the API: every problem at once, by field. */
function formProblems(data: FormData): Record<string, string> {
  const problems: Record<string, string> = {};
  const label = String(data.get('label') ?? '').trim();
  if (label.length === 0) problems.label = 'Give the token a label.';
  else if (label.length > MAX_LABEL) problems.label = `The label is ${label.length} characters; at most ${MAX_LABEL}.`;
  if (data.getAll('pages').length === 0) problems.pages = 'Choose at least one page.';
  const expires = String(data.get('expiresAt') ?? '').trim();
  if (expires) {
    const date = parseLocalDateTime(expires);
    if (!date) problems.expiresAt = 'Write the end as YYYY-MM-DD HH:MM, e.g. 2027-06-30 17:30.';
    else if (date.getTime() <= Date.now()) problems.expiresAt = 'The end must be in the future.';
  }
  return problems;
}

/** Shows each problem beside its field and puts the focus on the first. */
function showProblems(form: HTMLFormElement, errors: Record<string, HTMLElement>, problems: Record<string, string>) {
  const order = ['label', 'pages', 'clientIds', 'expiresAt', 'form'];
  for (const [field, message] of Object.entries(problems)) {
    const target = errors[field] ?? errors.form;
    if (target) target.textContent = message;
  }
  const first = order.find((field) => problems[field]);
  (form.querySelector(`[name="${first}"]`) as HTMLElement | null)?.focus();
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
  const problems = formProblems(data);
  if (Object.keys(problems).length > 0) return showProblems(form, errors, problems);
  const clientIds = data.getAll('clientIds').map(String);
  const expiresAt = parseLocalDateTime(String(data.get('expiresAt') ?? ''));
  try {
    const result = await request(CreateToken, {
      input: {
        label: String(data.get('label') ?? ''),
        pages: data.getAll('pages').map(String) as never,
        clientIds: hasClientChoice && clientIds.length > 0 ? clientIds : null,
        expiresAt: expiresAt ? expiresAt.toISOString() : null,
      },
    });
    dialog.close();
    showSecret(result.createApiToken.token, result.createApiToken.apiToken.id);
  } catch (failure) {
    const field = failure instanceof GraphQLRequestError ? failure.field : undefined;
    showProblems(form, errors, {
      [field && errors[field] ? field : 'form']: failure instanceof Error ? failure.message : 'Saving failed.',
    });
  }
}

// ---- The secret, once ----

function showSecret(secret: string, tokenId: string) {
  const header = `Authorization: SalureToken ${secret}`;
  const curl = `curl ${location.origin}/graphql -H 'content-type: application/json' -H '${header}' -d '{"query":"{ viewer { pages } }"}'`;
  const copied = h('span', { class: 'muted', role: 'status' });
  const dialog = h(
    'dialog',
    { 'aria-labelledby': 'secret-title', class: 'secret' },
    h('h2', { id: 'secret-title' }, 'Your new API token'),
    h('p', { class: 'warning' }, 'Copy it now and keep it somewhere safe: it cannot be shown again.'),
    h('label', { for: 'secret' }, 'Token'),
    h(
      'div',
      { class: 'copy' },
      h('input', { id: 'secret', readonly: true, value: secret, spellcheck: 'false' }),
      h(
        'button',
        {
          type: 'button',
          onclick: async () => {
            await navigator.clipboard.writeText(secret).then(
              () => {
                copied.textContent = 'Copied.';
              },
              () => {
                copied.textContent = 'Select the token and copy it.';
              },
            );
          },
        },
        'Copy',
      ),
    ),
    copied,
    h('p', {}, 'Send it in the Authorization header:'),
    h('pre', {}, h('code', {}, header)),
    h('p', {}, 'For example:'),
    h('pre', {}, h('code', {}, curl)),
    h('form', { method: 'dialog', class: 'actions' }, h('button', { class: 'primary', value: 'ok' }, 'OK')),
  );
  openDialog(dialog, async () => {
    await renderTokens();
    // The next thing to look at: the new token in the list.
    document.querySelector<HTMLElement>(`tr[data-token-id="${tokenId}"]`)?.focus();
    announce('The token was created.');
  });
}

logoutButton.addEventListener('click', () => void logOut());
if (session.get()) void renderTokens();
else renderLogin();
