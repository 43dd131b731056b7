import { request } from './api.js';
import { usageBars, usageSummary } from './charts.js';
import { RotateToken, TokenEvents } from './documents.js';
import { formatDate, h, openDialog } from './dom.js';
import { pageName, type Token } from './rules.js';
import { showSecret } from './secret.js';
import { confirmRevoke } from './tokens-list.js';

// A token's detail: what it can read now beside what was granted, its use and events, Rotate and Revoke.

export async function openDetail(token: Token) {
  const names = (pages: readonly string[]) => pages.map((page) => pageName(page)).join(', ') || 'none';
  const fact = (term: string, ...value: (Node | string)[]) => [h('dt', {}, term), h('dd', {}, ...value)];
  const losses = [
    ...token.missingPages.map(
      (page) => `${pageName(page)}: you no longer have this page, so the token cannot read it either.`,
    ),
    ...token.missingClients.map((id) => `A client (${id}) you no longer have: the token no longer reads its data.`),
  ];
  const events = h('ol', { class: 'events', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', hidden: true }, 'Show older events');
  let after: string | null = null;
  const loadEvents = async () => {
    more.disabled = true; // a second click before the page arrives would list it twice
    const page = await request(TokenEvents, { tokenId: token.id, after }).finally(() => {
      more.disabled = false;
    });
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
    showSecret(result.rotateApiToken.token, result.rotateApiToken.apiToken.id, { message: 'The token was rotated.' });
  });
}
