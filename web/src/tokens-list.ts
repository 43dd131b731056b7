import { openCreateDialog } from './add-token.js';
import { request, session } from './api.js';
import { usageBars } from './charts.js';
import { Overview, RevokeToken } from './documents.js';
import { announce, formatDate, h, openDialog } from './dom.js';
import type { PageOverviewQuery } from './generated/graphql.js';
import { renderLogin } from './login.js';
import { noticesSection } from './notices.js';
import { viewSwitch } from './organisation.js';
import { attentionOf, type ListView, PAGE_NAMES, pageName, STATUSES, type Token, visibleTokens } from './rules.js';
import { listState, logoutButton, show } from './state.js';
import { openDetail } from './token-detail.js';

// The list of the user's tokens: filter, order, use, what needs attention, and revoking one.

const { view } = listState;

/** Where the next action starts: the list's heading (after logging in, and after a revoke). */
export function focusHeading() {
  document.getElementById('tokens-title')?.focus();
}

/** Renders started: an answer of an older render (the filter changed meanwhile) is not shown. */
let renders = 0;

export async function renderTokens() {
  const mine = ++renders;
  let overview: PageOverviewQuery;
  let notices: HTMLElement | null;
  try {
    [overview, notices] = await Promise.all([
      request(Overview, { includeRevoked: listState.showRevoked }),
      noticesSection(),
    ]);
    if (mine !== renders) return;
  } catch (failure) {
    if (mine !== renders) return;
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
    ...(listState.showRevoked ? { checked: true } : {}),
    onchange: () => {
      listState.showRevoked = !listState.showRevoked;
      void renderTokens();
    },
  });
  show(
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'tokens-title' },
      viewSwitch('own', viewer?.administeredClients ?? []),
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
    ...(notices ? [notices] : []),
  );
}

function listControls(tokens: Token[]) {
  const rerender = () => {
    const table = document.querySelector('table.tokens');
    table?.replaceWith(tokenTable(tokens));
    announce(`${visibleTokens(tokens, view).length} of ${tokens.length} tokens shown.`);
  };
  // Each control beside its label, not inside it: a select's options would become part of its name.
  const select = (id: string, label: string, key: keyof ListView, options: [string, string][]) =>
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
      ...STATUSES.filter((status) => listState.showRevoked || status !== 'REVOKED').map((status): [string, string] => [
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
  const rows = visibleTokens(tokens, view);
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
    cell('Pages', token.pages.map((page) => pageName(page)).join(', ')),
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

export function confirmRevoke(token: Token) {
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
