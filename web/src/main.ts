import './styles.css';
import { GraphQLRequestError, request, session } from './api.js';
import { usageBars, usageSummary } from './charts.js';
import { CreateToken, Login, Logout, Overview, RevokeToken, RotateToken, TokenEvents } from './documents.js';
import { announce, formatDate, h, openDialog, timeZone } from './dom.js';
import type { PageOverviewQuery } from './generated/graphql.js';

type Token = NonNullable<PageOverviewQuery['apiTokens']>[number];

const app = document.getElementById('app') as HTMLElement;
const logoutButton = document.getElementById('logout') as HTMLButtonElement;
let showRevoked = false;
/** The list's filter and order, kept while the page is open. */
const view = { text: '', status: '', page: '', sort: 'created' };
const DAY_MS = 86_400_000;

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
      tokens.length === 0 ? h('p', { class: 'empty' }, 'No API tokens yet.') : listControls(tokens),
      tokens.length === 0 ? null : tokenTable(tokens),
    ),
  );
}

const STATUSES = ['ACTIVE', 'PENDING', 'EXPIRED', 'REVOKED'];
const SORTS: Record<string, (a: Token, b: Token) => number> = {
  created: (a, b) => b.createdAt.localeCompare(a.createdAt),
  label: (a, b) => a.label.localeCompare(b.label),
  lastUsed: (a, b) => (b.lastUsedAt ?? '').localeCompare(a.lastUsedAt ?? ''),
  ends: (a, b) => (a.expiresAt ?? '9999').localeCompare(b.expiresAt ?? '9999'),
};

/** What needs the owner's attention, in one line, or nothing. */
function attentionOf(token: Token, now = Date.now()): string | undefined {
  if (token.status !== 'ACTIVE') return undefined;
  if (token.missingPages.length > 0) {
    return `Lost ${token.missingPages.map((page) => PAGE_NAMES[page] ?? page).join(', ')}: you no longer have it.`;
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

function visibleTokens(tokens: Token[]): Token[] {
  const text = view.text.trim().toLowerCase();
  return tokens
    .filter((token) => !text || token.label.toLowerCase().includes(text))
    .filter((token) => !view.status || token.status === view.status)
    .filter((token) => !view.page || token.pages.includes(view.page as never))
    .sort(SORTS[view.sort] ?? SORTS.created);
}

function listControls(tokens: Token[]) {
  const rerender = () => {
    const table = document.querySelector('table.tokens');
    table?.replaceWith(tokenTable(tokens));
    announce(`${visibleTokens(tokens).length} of ${tokens.length} tokens shown.`);
  };
  // Each control beside its label, not inside it: a select's options would become part of its name.
  const select = (id: string, label: string, key: keyof typeof view, options: [string, string][]) =>
    h(
      'div',
      {},
      h('label', { for: id }, label),
      h(
        'select',
        {
          id,
          onchange: (event) => {
            view[key] = (event.target as HTMLSelectElement).value;
            rerender();
          },
        },
        ...options.map(([value, text]) =>
          h('option', { value, ...(view[key] === value ? { selected: true } : {}) }, text),
        ),
      ),
    );
  return h(
    'div',
    { class: 'controls' },
    h(
      'div',
      {},
      h('label', { for: 'filter-label' }, 'Label contains'),
      h('input', {
        id: 'filter-label',
        type: 'search',
        value: view.text,
        oninput: (event) => {
          view.text = (event.target as HTMLInputElement).value;
          rerender();
        },
      }),
    ),
    select('filter-status', 'Status', 'status', [
      ['', 'Any'],
      ...STATUSES.filter((status) => showRevoked || status !== 'REVOKED').map((status): [string, string] => [
        status,
        status.toLowerCase(),
      ]),
    ]),
    select('filter-page', 'Page', 'page', [['', 'Any'], ...Object.entries(PAGE_NAMES)]),
    select('sort', 'Order', 'sort', [
      ['created', 'Newest first'],
      ['label', 'Label'],
      ['lastUsed', 'Last used'],
      ['ends', 'Ends soonest'],
    ]),
  );
}

function tokenTable(tokens: Token[]) {
  const rows = visibleTokens(tokens);
  return h(
    'table',
    { class: 'tokens' },
    h('caption', { class: 'visually-hidden' }, 'Your API tokens'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Label', 'Token', 'Pages', 'Clients', 'Status', 'Use (30 days)', 'Ends', 'Created', 'Last used'].map(
          (title) => h('th', { scope: 'col' }, title),
        ),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')),
      ),
    ),
    h(
      'tbody',
      {},
      ...(rows.length > 0
        ? rows.map(tokenRow)
        : [h('tr', {}, h('td', { colspan: '10' }, 'No token matches the filter.'))]),
    ),
  );
}

/** The attention badge of a row, if any (on its own line under the label). */
function attention(token: Token): Node[] {
  const reason = attentionOf(token);
  return reason ? [h('br'), h('span', { class: 'attention' }, reason)] : [];
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
    cell(
      'Label',
      h(
        'button',
        { type: 'button', class: 'link-like', onclick: () => void openDetail(token) },
        token.label,
        h('span', { class: 'visually-hidden' }, ' (details)'),
      ),
      ...attention(token),
    ),
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
    cell('Use (30 days)', usageBars(token.usage, { height: 18, barWidth: 2, gap: 1 })),
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

// ---- A token's detail ----

async function openDetail(token: Token) {
  const names = (pages: readonly string[]) => pages.map((page) => PAGE_NAMES[page] ?? page).join(', ') || 'none';
  const fact = (term: string, ...value: (Node | string)[]) => [h('dt', {}, term), h('dd', {}, ...value)];
  const losses = [
    ...token.missingPages.map(
      (page) => `${PAGE_NAMES[page] ?? page}: you no longer have this page, so the token cannot read it either.`,
    ),
    ...token.missingClients.map((id) => `A client (${id}) you no longer have: the token no longer reads its data.`),
  ];
  const events = h('ol', { class: 'events', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', hidden: true }, 'Show older events');
  let after: string | null = null;
  const loadEvents = async () => {
    const page = await request(TokenEvents, { tokenId: token.id, after });
    for (const { node } of page.auditEvents?.edges ?? []) {
      events.append(
        h(
          'li',
          {},
          `${formatDate(node.at)} · ${node.action.toLowerCase().replace(/_/g, ' ')}`,
          node.count > 1 ? ` (×${node.count})` : '',
          node.detail ? ` · ${node.detail}` : '',
          node.ip ? ` · ${node.ip}` : '',
        ),
      );
    }
    after = page.auditEvents?.pageInfo.endCursor ?? null;
    more.hidden = !page.auditEvents?.pageInfo.hasNextPage;
    if (events.childElementCount === 0) events.append(h('li', {}, 'No events yet.'));
  };
  more.addEventListener('click', () => void loadEvents());
  const active = token.status === 'ACTIVE' || token.status === 'PENDING';
  const dialog = h(
    'dialog',
    { 'aria-labelledby': 'detail-title', class: 'detail' },
    h('h2', { id: 'detail-title' }, token.label),
    h(
      'p',
      {},
      h('span', { class: `status ${token.status.toLowerCase()}` }, token.status.toLowerCase()),
      ' ',
      token.statusReason ?? '',
    ),
    h(
      'dl',
      { class: 'facts' },
      ...fact('Can read now', names(token.effectivePages)),
      ...fact('Granted', names(token.pages)),
      ...fact(
        'Clients now',
        token.effectiveClients.map((client) => client.name).join(', ') || 'none',
        token.clients ? '' : ' (all of yours, as they are at each request)',
      ),
      ...fact('Allowed addresses', token.allowedIps?.join(', ') ?? 'any'),
      ...fact('Not before', formatDate(token.notBefore)),
      ...fact('Ends', formatDate(token.expiresAt)),
      ...fact(
        'Last used',
        token.lastUsedAt
          ? `${formatDate(token.lastUsedAt)} from ${token.lastUsedIp ?? 'an unknown address'} (${token.lastUsedUserAgent ?? 'no user agent'})`
          : 'never',
      ),
    ),
    losses.length > 0 ? h('h3', {}, 'Lost since it was made') : null,
    losses.length > 0 ? h('ul', {}, ...losses.map((loss) => h('li', {}, loss))) : null,
    h('h3', {}, 'Use, last 30 days'),
    usageBars(token.usage, { height: 60, barWidth: 8, gap: 2 }),
    h('p', { class: 'hint' }, usageSummary(token.usage)),
    h('h3', {}, 'Events, newest first'),
    events,
    more,
    h(
      'form',
      { method: 'dialog', class: 'actions' },
      active ? h('button', { type: 'button', onclick: () => confirmRotate(token, dialog) }, 'Rotate') : null,
      active
        ? h(
            'button',
            {
              type: 'button',
              class: 'danger',
              onclick: () => {
                dialog.close();
                confirmRevoke(token);
              },
            },
            'Revoke',
          )
        : null,
      h('button', { value: 'close', class: 'primary' }, 'Close'),
    ),
  );
  openDialog(dialog);
  await loadEvents();
}

function confirmRotate(token: Token, detail: HTMLDialogElement) {
  const dialog = h(
    'dialog',
    { 'aria-labelledby': 'rotate-title' },
    h('h2', { id: 'rotate-title' }, 'Rotate this token?'),
    h('p', {}, `“${token.label}” gets a new secret, shown once; the old one is refused from the next request on.`),
    h(
      'form',
      { method: 'dialog', class: 'actions' },
      h('button', { value: 'cancel', autofocus: true }, 'Cancel'),
      h('button', { value: 'rotate', class: 'primary' }, 'Rotate'),
    ),
  );
  detail.close();
  openDialog(dialog, async () => {
    if (dialog.returnValue !== 'rotate') return;
    const result = await request(RotateToken, { id: token.id });
    showSecret(result.rotateApiToken.token, result.rotateApiToken.apiToken.id);
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
  const notBefore = String(data.get('notBefore') ?? '').trim();
  if (notBefore && !parseLocalDateTime(notBefore)) {
    problems.notBefore = 'Write the start as YYYY-MM-DD HH:MM, e.g. 2027-01-31 08:00.';
  }
  return problems;
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
  const notBefore = parseLocalDateTime(String(data.get('notBefore') ?? ''));
  const allowedIps = String(data.get('allowedIps') ?? '')
    .split(/[\s,]+/)
    .filter(Boolean);
  try {
    const result = await request(CreateToken, {
      input: {
        label: String(data.get('label') ?? ''),
        pages: data.getAll('pages').map(String) as never,
        clientIds: hasClientChoice && clientIds.length > 0 ? clientIds : null,
        expiresAt: expiresAt ? expiresAt.toISOString() : null,
        ...(notBefore ? { notBefore: notBefore.toISOString() } : {}),
        ...(allowedIps.length > 0 ? { allowedIps } : {}),
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
