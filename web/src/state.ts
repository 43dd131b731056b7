import type { ListView } from './rules.js';

// What the page keeps while it is open: where views render, and the token list's filter and order.

export const app = document.getElementById('app') as HTMLElement;
export const logoutButton = document.getElementById('logout') as HTMLButtonElement;

export const listState: { showRevoked: boolean; view: ListView } = {
  showRevoked: false,
  view: { text: '', status: '', page: '', sort: 'created' },
};

/** Replaces what the page shows. */
export function show(...content: Node[]) {
  app.replaceChildren(...content);
}
