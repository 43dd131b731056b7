import { announce, h, openDialog } from './dom.js';
import { renderTokens } from './tokens-list.js';

// The secret of a new or rotated token, shown once: copy it, then it is gone from the page.

/** After OK: `refresh` redraws the view the token is in (default: the user's own list), then `message` is said. */
export function showSecret(
  secret: string,
  tokenId: string,
  { refresh = renderTokens, message = 'The token was created.' } = {},
) {
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
    await refresh();
    // The next thing to look at: the new token in the list.
    document.querySelector<HTMLElement>(`tr[data-token-id="${tokenId}"]`)?.focus();
    announce(message);
  });
}
