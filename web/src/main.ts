import './styles.css';
import { GraphQLRequestError, request, session } from './api.js';
import { CreateToken, Login, Logout, Overview, RevokeToken } from './documents.js';
import { announce, formatDate, h, openDialog, timeZone } from './dom.js';
import type { PageOverviewQuery } from './generated/graphql.js';

type Token = NonNullable<PageOverviewQuery['apiTokens']>[number];

const app = document.getElementById('app') as HTMLElement;
const logoutButton = document.getElementById('logout') as HTMLButtonElement;
let showRevoked = false;

const PAGE_NAMES: Record<string, string> = {
  USERS: 'Users',
  CONNECTORS: 'Connectors',
  INTERFACES: 'Interfaces',
  RUNS: 'Interface runs',
};

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
      h('div', { class: 'heading' }, h('h1', { id: 'tokens-title' }, 'API tokens'), addButton),
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
                ...['Label', 'Token', 'Pages', 'Clients', 'Status', 'Ends', 'Created', 'Last used', ''].map((title) =>
                  h('th', { scope: 'col' }, title),
                ),
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
    { 'data-token-id': token.id },
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
    announce(`Token ${token.label} revoked.`);
    await renderTokens();
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
  const form: HTMLFormElement = h(
    'form',
    { novalidate: true, onsubmit: (event) => submitCreate(event, form, errors, dialog, clients.length > 1) },
    h('h2', { id: 'create-title' }, 'Add API token'),
    h('label', { for: 'token-label' }, 'Label'),
    h('input', {
      id: 'token-label',
      name: 'label',
      maxlength: '100',
      required: true,
      'aria-describedby': 'label-error',
      placeholder: 'e.g. Payroll export',
    }),
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
    h('label', { for: 'token-expires' }, `End date and time (optional, ${timeZone()})`),
    h('input', {
      id: 'token-expires',
      name: 'expiresAt',
      type: 'datetime-local',
      'aria-describedby': 'expiresAt-error',
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
  const clientIds = data.getAll('clientIds').map(String);
  const expiresAt = String(data.get('expiresAt') ?? '');
  try {
    const result = await request(CreateToken, {
      input: {
        label: String(data.get('label') ?? ''),
        pages: data.getAll('pages').map(String) as never,
        clientIds: hasClientChoice && clientIds.length > 0 ? clientIds : null,
        // datetime-local is the user's local time; the API wants an instant.
        expiresAt: expiresAt ? new Date(expiresAt).toISOString() : null,
      },
    });
    dialog.close();
    showSecret(result.createApiToken.token);
  } catch (failure) {
    const field = failure instanceof GraphQLRequestError ? failure.field : undefined;
    const target = (field && errors[field]) || errors.form;
    if (target) target.textContent = failure instanceof Error ? failure.message : 'Saving failed.';
    (form.querySelector(`[name="${field}"]`) as HTMLElement | null)?.focus();
  }
}

// ---- The secret, once ----

function showSecret(secret: string) {
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
  openDialog(dialog, () => {
    announce('The token was created.');
    void renderTokens();
  });
}

logoutButton.addEventListener('click', () => void logOut());
if (session.get()) void renderTokens();
else renderLogin();
