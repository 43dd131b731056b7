import { request } from './api.js';
import { formatDate, h } from './dom.js';
import { Notices } from './org-documents.js';

// The user's notices (tokens ending soon, blocked by a policy, revoked by someone else, requests decided): the
// same ones the gateway e-mails when SMTP is configured, shown here either way.

export async function noticesSection(): Promise<HTMLElement | null> {
  const { notices } = await request(Notices);
  const items = notices?.edges.map((edge) => edge.node) ?? [];
  if (items.length === 0) return null;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'notices-title' },
    h('h2', { id: 'notices-title' }, 'Notices'),
    h(
      'ul',
      { class: 'notices' },
      ...items.map((notice) =>
        h(
          'li',
          { 'data-kind': notice.kind },
          h('strong', {}, notice.subject),
          h('span', { class: 'hint' }, ` ${formatDate(notice.createdAt)}`),
          h('p', {}, notice.body),
        ),
      ),
    ),
    (notices?.totalCount ?? 0) > items.length
      ? h('p', { class: 'hint' }, `The ${items.length} newest of ${notices?.totalCount} notices.`)
      : null,
  );
}
