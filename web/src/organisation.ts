import { request, session } from './api.js';
import { announce, h } from './dom.js';
import type { PageOrgPolicyQuery, PageOrgRequestsQuery, PageOrgTokensQuery } from './generated/graphql.js';
import { renderLogin } from './login.js';
import { OrgDecide, OrgPolicy, OrgRequests, OrgTokens, OrgViewer } from './org-documents.js';
import { policySection } from './org-policy.js';
import { serviceSection } from './org-service.js';
import { type OrgClient, type OrgToken, refreshed, tokenTable } from './org-table.js';
import { inventorySection } from './org-tokens.js';
import { askReason } from './reason.js';
import { logoutButton, show } from './state.js';
import { renderTokens } from './tokens-list.js';

// The Organisation view of the API Access page, for a client's administrators (docs/organisation.md): the
// requests waiting for a decision, every token that reads the client, its service tokens, and its token policy.
// The API authorises each call per client; the page only shows what it answers.

/** The client shown, kept while the page is open. */
const orgState = { clientId: '' };

/** The switch between the user's own tokens and the Organisation view, for administrators only. */
export function viewSwitch(current: 'own' | 'organisation', administered: readonly OrgClient[]) {
  if (administered.length === 0) return null;
  const link = (view: 'own' | 'organisation', text: string, open: () => Promise<void>) =>
    h(
      'button',
      {
        type: 'button',
        class: 'tab',
        ...(current === view ? { 'aria-current': 'page' } : {}),
        onclick: async () => {
          await open();
          document.getElementById(view === 'own' ? 'tokens-title' : 'org-title')?.focus();
        },
      },
      text,
    );
  return h(
    'nav',
    { class: 'views', 'aria-label': 'API Access' },
    link('own', 'Your tokens', renderTokens),
    link('organisation', 'Organisation', renderOrganisation),
  );
}

type OrgData = {
  pages: readonly string[];
  administered: readonly OrgClient[];
  client: OrgClient;
  policy: PageOrgPolicyQuery['clientTokenPolicy'];
  requests: PageOrgRequestsQuery['clientApiTokenRequests'];
  services: PageOrgTokensQuery['clientApiTokens'];
};

async function load(): Promise<OrgData | undefined> {
  const { viewer } = await request(OrgViewer);
  const administered = viewer?.administeredClients ?? [];
  const client = administered.find((each) => each.id === orgState.clientId) ?? administered[0];
  if (!client) return undefined;
  orgState.clientId = client.id;
  const clientId = client.id;
  const live = ['ACTIVE', 'BLOCKED', 'PENDING', 'EXPIRED'] as const;
  const [policy, requests, services] = await Promise.all([
    request(OrgPolicy, { clientId }),
    request(OrgRequests, { clientId }),
    request(OrgTokens, { clientId, filter: { serviceToken: true, status: [...live] }, first: 100 }),
  ]);
  return {
    pages: viewer?.pages ?? [],
    administered,
    client,
    policy: policy.clientTokenPolicy,
    requests: requests.clientApiTokenRequests,
    services: services.clientApiTokens,
  };
}

export async function renderOrganisation(): Promise<void> {
  let data: OrgData | undefined;
  try {
    data = await load();
  } catch (failure) {
    if (!session.get()) return renderLogin(failure instanceof Error ? failure.message : undefined);
    show(h('p', { class: 'error', role: 'alert' }, failure instanceof Error ? failure.message : 'Loading failed.'));
    return;
  }
  // No longer an administrator (the right was withdrawn): back to the user's own tokens.
  if (!data) return renderTokens();
  logoutButton.hidden = false;
  const { client, administered } = data;
  const services = data.services?.edges.map((edge) => edge.node) ?? [];
  show(
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'org-title' },
      viewSwitch('organisation', administered),
      h('div', { class: 'heading' }, h('h1', { id: 'org-title', tabindex: '-1' }, 'Organisation'), clientPicker(data)),
      h(
        'p',
        { class: 'muted' },
        `You administer ${client.name}: here are every token that can read its data, whoever owns it, and the rules they keep to. You read its pages only with your own page rights.`,
      ),
    ),
    requestsSection(client, data.requests?.edges.map((edge) => edge.node) ?? []),
    inventorySection(client, renderOrganisation),
    serviceSection(client, services, data.pages, renderOrganisation),
    data.policy ? policySection(client, data.policy, renderOrganisation) : h('p', {}),
  );
}

function clientPicker({ administered, client }: OrgData) {
  if (administered.length < 2) return null;
  return h(
    'div',
    { class: 'controls' },
    h(
      'div',
      {},
      h('label', { for: 'org-client' }, 'Client'),
      h(
        'select',
        {
          id: 'org-client',
          onchange: async (event) => {
            const picked = event.target as HTMLSelectElement;
            orgState.clientId = picked.value;
            const name = picked.selectedOptions[0]?.text ?? '';
            await renderOrganisation();
            document.getElementById('org-client')?.focus();
            announce(`Showing ${name}.`);
          },
        },
        ...administered.map((each) =>
          h('option', { value: each.id, ...(each.id === client.id ? { selected: true } : {}) }, each.name),
        ),
      ),
    ),
  );
}

/** Tokens waiting for an administrator's approval to read the client, approved or denied in bulk. */
function requestsSection(client: OrgClient, pending: readonly OrgToken[]) {
  const selected = new Set<string>();
  const decide = (approve: boolean) => {
    const ids = [...selected];
    const verb = approve ? 'Approve' : 'Deny';
    const plural = ids.length > 1 ? 's' : '';
    askReason({
      title: `${verb} ${ids.length} request${plural}?`,
      text: approve
        ? `The token${plural} read ${client.name} from the next request on.`
        : `The token${plural} will not read ${client.name}.`,
      confirm: verb,
      danger: !approve,
      run: async (reason) => {
        await request(OrgDecide, { clientId: client.id, ids, approve, reason });
      },
      done: () =>
        refreshed(
          renderOrganisation,
          'requests-title',
          `${ids.length} request${plural} ${approve ? 'approved' : 'denied'}.`,
        ),
    });
  };
  const approve = h(
    'button',
    { type: 'button', class: 'primary', disabled: true, onclick: () => decide(true) },
    'Approve selected',
  );
  const deny = h(
    'button',
    { type: 'button', class: 'danger', disabled: true, onclick: () => decide(false) },
    'Deny selected',
  );
  const onSelect = () => {
    approve.disabled = deny.disabled = selected.size === 0;
  };
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'requests-title' },
    h('h2', { id: 'requests-title', tabindex: '-1' }, `Requests to read ${client.name}`),
    pending.length === 0
      ? h('p', { class: 'empty' }, 'No requests wait for a decision.')
      : [
          h('div', { class: 'actions start' }, approve, deny),
          tokenTable(pending, client, 'requests', {
            selected,
            onSelect,
            refresh: renderOrganisation,
            heading: 'requests-title',
          }),
        ],
  );
}
