import { request, session } from './api.js';
import { Login, Logout } from './documents.js';
import { announce, h } from './dom.js';
import { logoutButton, show } from './state.js';
import { focusHeading, renderTokens } from './tokens-list.js';

// Logging in and out: the session goes to sessionStorage (api.ts), never a cookie.

export function renderLogin(message?: string) {
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

export async function logOut() {
  await request(Logout).catch(() => undefined);
  session.clear();
  renderLogin();
  announce('Logged out.');
}
