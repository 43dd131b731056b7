import './styles.css';
import { session } from './api.js';
import { logOut, renderLogin } from './login.js';
import { logoutButton } from './state.js';
import { renderTokens } from './tokens-list.js';

// The API Access page: log in (login.ts), the token list (tokens-list.ts), a token's detail (token-detail.ts), the
// add form (add-token.ts) and the secret shown once (secret.ts); the rules they share are pure (rules.ts).

logoutButton.addEventListener('click', () => void logOut());
if (session.get()) void renderTokens();
else renderLogin();
