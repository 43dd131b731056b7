import { request } from './api.js';
import { announce, h } from './dom.js';
import type { ClientApiTokenFilter, ClientApiTokenOrder } from './generated/graphql.js';
import { OrgRevoke, OrgTokens } from './org-documents.js';
import { type OrgClient, refreshed, tokenTable } from './org-table.js';
import { askReason } from './reason.js';
import { PAGE_NAMES } from './rules.js';

// The Organisation view's inventory: every token that can read the administered client (people's and the
// client's service tokens), filtered and ordered by the API, paged with "Show more", revoked one by one or in
// bulk, or stopped reading this client only.

const PAGE_SIZE = 25;
const NOT_REVOKED = ['ACTIVE', 'BLOCKED', 'PENDING', 'EXPIRED'] as const;

/** The inventory's filter and order as the administrator set them, kept while the page is open. */
export const inventoryView = {
  status: 'LIVE',
  page: '',
  ownerId: '',
  kind: '',
  lastUsedBefore: '',
  endsBefore: '',
  neverUsed: false,
  order: 'CREATED_AT',
};
/** Owners met in the client's lists, for the owner filter (the API filters by id). */
const ownersSeen = new Map<string, string>();

/** Notes an owner, and offers them in the owner filter if it is on the page. */
function addOwner(owner: { id: string; name: string }) {
  if (ownersSeen.has(owner.id)) return;
  ownersSeen.set(owner.id, owner.name);
  document.getElementById('org-owner')?.append(h('option', { value: owner.id }, owner.name));
}

const ORDERS: Record<string, ClientApiTokenOrder> = {
  CREATED_AT: { field: 'CREATED_AT', direction: 'DESC' },
  LAST_USED_AT: { field: 'LAST_USED_AT', direction: 'DESC' },
  ENDS_AT: { field: 'ENDS_AT', direction: 'ASC' },
};

const startOfDay = (date: string) => (date ? new Date(`${date}T00:00`).toISOString() : undefined);

function apiFilter(): ClientApiTokenFilter {
  const view = inventoryView;
  return {
    status: view.status === 'LIVE' ? [...NOT_REVOKED] : view.status ? [view.status as 'ACTIVE'] : undefined,
    page: (view.page || undefined) as ClientApiTokenFilter['page'],
    ownerId: view.ownerId || undefined,
    serviceToken: view.kind ? view.kind === 'service' : undefined,
    lastUsedBefore: startOfDay(view.lastUsedBefore),
    endsBefore: startOfDay(view.endsBefore),
    neverUsed: view.neverUsed || undefined,
  };
}

/** The inventory section of a client: controls, the table, "Show more" and bulk revoke. */
export function inventorySection(client: OrgClient, refresh: () => Promise<void>): HTMLElement {
  const selected = new Set<string>();
  const summary = h('p', { class: 'muted', id: 'inventory-summary' });
  const body = h('div', {});
  const more = h('button', { type: 'button', hidden: true }, 'Show more');
  const revokeSelected = h('button', { type: 'button', class: 'danger', disabled: true }, 'Revoke selected');
  const onSelect = () => {
    revokeSelected.disabled = selected.size === 0;
    revokeSelected.textContent = selected.size ? `Revoke selected (${selected.size})` : 'Revoke selected';
  };
  let after: string | null = null;
  let shown = 0;
  // A filter changed while a page was on its way: only the latest load may write (two would add up their rows).
  let latest = 0;
  const load = async (fresh: boolean) => {
    const mine = ++latest;
    if (fresh) {
      after = null;
      shown = 0;
      selected.clear();
      onSelect();
      body.replaceChildren();
    }
    const variables = {
      clientId: client.id,
      filter: apiFilter(),
      orderBy: ORDERS[inventoryView.order],
      first: PAGE_SIZE,
    };
    const { clientApiTokens: page } = await request(OrgTokens, { ...variables, after });
    if (mine !== latest) return;
    const rows = page?.edges.map((edge) => edge.node) ?? [];
    for (const row of rows) if (!row.serviceToken) addOwner(row.owner);
    shown += rows.length;
    after = page?.pageInfo.endCursor ?? null;
    more.hidden = !page?.pageInfo.hasNextPage;
    summary.textContent = `${shown} of ${page?.totalCount ?? 0} tokens shown.`;
    if (fresh && rows.length === 0) body.append(h('p', { class: 'empty' }, 'No token matches the filter.'));
    else
      body.append(tokenTable(rows, client, 'inventory', { selected, onSelect, refresh, heading: 'inventory-title' }));
    if (!fresh) announce(summary.textContent);
  };
  more.addEventListener('click', () => void load(false));
  revokeSelected.addEventListener('click', () => {
    const ids = [...selected];
    const plural = ids.length > 1 ? 's' : '';
    askReason({
      title: `Revoke ${ids.length} token${plural}?`,
      text: 'They stop working at once, for every client. All are revoked or none.',
      confirm: 'Revoke',
      danger: true,
      run: async (reason) => {
        await request(OrgRevoke, { clientId: client.id, ids, reason });
      },
      done: () => refreshed(refresh, 'inventory-title', `${ids.length} token${plural} revoked.`),
    });
  });
  const section = h(
    'section',
    { class: 'card', 'aria-labelledby': 'inventory-title' },
    h('h2', { id: 'inventory-title', tabindex: '-1' }, `Tokens that read ${client.name}`),
    controls(() => load(true).then(() => announce(summary.textContent ?? ''))),
    h('div', { class: 'heading' }, summary, revokeSelected),
    body,
    more,
  );
  void load(true);
  return section;
}

function controls(apply: () => Promise<void>) {
  const view = inventoryView;
  const field = (id: string, label: string, control: HTMLElement) =>
    h('div', {}, h('label', { for: id }, label), control);
  const select = (id: string, key: 'status' | 'page' | 'ownerId' | 'kind' | 'order', options: [string, string][]) =>
    h(
      'select',
      {
        id,
        onchange: (event) => {
          view[key] = (event.target as HTMLSelectElement).value;
          void apply();
        },
      },
      ...options.map(([value, text]) =>
        h('option', { value, ...(view[key] === value ? { selected: true } : {}) }, text),
      ),
    );
  const date = (id: string, key: 'lastUsedBefore' | 'endsBefore') =>
    h('input', {
      id,
      type: 'date',
      value: view[key],
      onchange: (event) => {
        view[key] = (event.target as HTMLInputElement).value;
        void apply();
      },
    });
  const statuses: [string, string][] = ['ACTIVE', 'BLOCKED', 'PENDING', 'EXPIRED', 'REVOKED'].map((status) => [
    status,
    status.toLowerCase(),
  ]);
  return h(
    'div',
    { class: 'controls' },
    field('org-status', 'Status', select('org-status', 'status', [['LIVE', 'Not revoked'], ['', 'Any'], ...statuses])),
    field('org-page', 'Page', select('org-page', 'page', [['', 'Any'], ...Object.entries(PAGE_NAMES)])),
    field('org-owner', 'Owner', select('org-owner', 'ownerId', [['', 'Anyone'], ...ownersSeen.entries()])),
    field(
      'org-kind',
      'Kind',
      select('org-kind', 'kind', [
        ['', 'Any'],
        ['people', "People's tokens"],
        ['service', 'Service tokens'],
      ]),
    ),
    field('org-last-used', 'Last used before', date('org-last-used', 'lastUsedBefore')),
    field('org-ends', 'Ends before', date('org-ends', 'endsBefore')),
    h(
      'div',
      { class: 'check-control' },
      h('input', {
        id: 'org-never-used',
        type: 'checkbox',
        ...(view.neverUsed ? { checked: true } : {}),
        onchange: (event) => {
          view.neverUsed = (event.target as HTMLInputElement).checked;
          void apply();
        },
      }),
      h('label', { for: 'org-never-used', class: 'inline' }, ' Never used'),
    ),
    field(
      'org-order',
      'Order',
      select('org-order', 'order', [
        ['CREATED_AT', 'Newest first'],
        ['LAST_USED_AT', 'Last used'],
        ['ENDS_AT', 'Ends soonest'],
      ]),
    ),
  );
}
