import { request } from './api.js';
import { announce, formatDate, h } from './dom.js';
import type { OrgTokenFragment } from './generated/graphql.js';
import { OrgRemoveClient, OrgRevoke } from './org-documents.js';
import { askReason } from './reason.js';
import { pageName } from './rules.js';

// A table of a client's tokens as its administrators see them (the inventory, the requests, the service tokens):
// owners, clients they administer named and others counted, status with its reason, use, and the row's actions.

export type OrgToken = OrgTokenFragment;
export type OrgClient = { id: string; name: string };

export type TableOptions = {
  selected?: Set<string>;
  onSelect?: () => void;
  refresh: () => Promise<void>;
  /** The id of the heading the focus goes to after an action redrew the view. */
  heading: string;
  /** Extra buttons of a row (before Revoke). */
  actions?: (row: OrgToken) => Node[];
};

/** A table of a client's tokens as its administrators see them; `name` makes its ids and caption unique. */
export function tokenTable(rows: readonly OrgToken[], client: OrgClient, name: string, options: TableOptions) {
  const titles = ['Label and owner', 'Token', 'Pages', 'Clients', 'Status', 'Use (30 days)', 'Ends', 'Last used'];
  return h(
    'table',
    { class: `tokens ${name}` },
    h('caption', { class: 'visually-hidden' }, `Tokens that read ${client.name} (${name})`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        options.selected &&
          h('th', { scope: 'col', class: 'select' }, h('span', { class: 'visually-hidden' }, 'Select')),
        ...titles.map((title) => h('th', { scope: 'col' }, title)),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')),
      ),
    ),
    h('tbody', {}, ...rows.map((row) => tokenRow(row, client, options))),
  );
}

function tokenRow(row: OrgToken, client: OrgClient, options: TableOptions) {
  // One element per cell: on a phone a cell is a line of the row's card, its label before it.
  const cell = (label: string, ...content: (Node | string | null)[]) =>
    h('td', { 'data-label': label }, h('div', {}, ...content));
  const small = (text: string | null | undefined) => (text ? [h('br'), h('span', { class: 'hint' }, text)] : []);
  const live = row.status !== 'REVOKED';
  const { selected, onSelect } = options;
  const select =
    selected &&
    h(
      'td',
      { 'data-label': 'Select', class: 'select' },
      live
        ? h('input', {
            type: 'checkbox',
            'aria-label': `Select ${row.label}`,
            onchange: (event) => {
              if ((event.target as HTMLInputElement).checked) selected.add(row.id);
              else selected.delete(row.id);
              onSelect?.();
            },
          })
        : null,
    );
  const others =
    row.otherClientCount > 0 ? ` and ${row.otherClientCount} other${row.otherClientCount > 1 ? 's' : ''}` : '';
  return h(
    'tr',
    { 'data-token-id': row.id, tabindex: '-1' },
    select,
    cell(
      'Label and owner',
      h('strong', {}, row.label),
      ...small(row.serviceToken ? `Service token of ${row.owner.name}` : `${row.owner.name} (${row.owner.email})`),
    ),
    cell('Token', h('code', {}, `${row.hint}…`)),
    cell('Pages', row.pages.map(pageName).join(', ')),
    cell('Clients', `${row.clients.map((each) => each.name).join(', ')}${others}`),
    cell(
      'Status',
      h('span', { class: `status ${row.status.toLowerCase()}` }, row.status.toLowerCase()),
      ...small(row.statusReason),
    ),
    cell('Use (30 days)', `${row.requests30Days} requests`, ...small(`${row.refused30Days} refused`)),
    cell('Ends', formatDate(row.endsAt)),
    cell(
      'Last used',
      formatDate(row.lastUsedAt),
      ...small([row.lastUsedIp, row.lastUsedUserAgent].filter(Boolean).join(' · ')),
    ),
    h(
      'td',
      {},
      live
        ? h('div', { class: 'row-actions' }, ...(options.actions?.(row) ?? []), ...rowActions(row, client, options))
        : null,
    ),
  );
}

function rowActions(row: OrgToken, client: OrgClient, options: TableOptions): Node[] {
  const named = h('span', { class: 'visually-hidden' }, ` ${row.label}`);
  const revoke = h(
    'button',
    {
      type: 'button',
      class: 'danger',
      onclick: () =>
        askReason({
          title: `Revoke “${row.label}”?`,
          text: 'It stops working at once, for every client it reads.',
          confirm: 'Revoke',
          danger: true,
          run: async (reason) => {
            await request(OrgRevoke, { clientId: client.id, ids: [row.id], reason });
          },
          done: () => refreshed(options.refresh, options.heading, `Token ${row.label} revoked.`),
        }),
    },
    'Revoke',
    named,
  );
  if (row.otherClientCount === 0) return [revoke];
  const remove = h(
    'button',
    {
      type: 'button',
      onclick: () =>
        askReason({
          title: `Stop “${row.label}” reading ${client.name}?`,
          text: 'The owner keeps the token for their other clients.',
          confirm: `Remove ${client.name}`,
          run: async (reason) => {
            await request(OrgRemoveClient, { clientId: client.id, id: row.id, reason });
          },
          done: () => refreshed(options.refresh, options.heading, `Token ${row.label} no longer reads ${client.name}.`),
        }),
    },
    'Remove client',
    h('span', { class: 'visually-hidden' }, ` ${client.name} from ${row.label}`),
  );
  return [remove, revoke];
}

/** After an action: the view redrawn, the focus on the section's heading, and what happened announced. */
export async function refreshed(refresh: () => Promise<void>, heading: string, message: string) {
  await refresh();
  document.getElementById(heading)?.focus();
  announce(message);
}
