// GraphiQL, built by Vite into web/dist and served by the gateway itself on a browser's GET /graphql: its script,
// styles, fonts and Monaco's workers come from the gateway, so it works without internet (src/web.ts).
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './graphiql.css';
import { GraphiQL, type GraphiQLProps } from 'graphiql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { EXAMPLE_TABS } from './graphiql-examples.js';

/** Sends each operation to this gateway, with the headers of the Headers tab. */
const fetcher: GraphiQLProps['fetcher'] = async (params, options) => {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: {
      ...options?.headers,
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
    },
    body: JSON.stringify(params),
  });
  return response.json();
};

const root = document.getElementById('graphiql');
if (root) {
  root.textContent = '';
  createRoot(root).render(
    createElement(GraphiQL, {
      fetcher,
      // First visit: the examples as tabs, the Headers editor open (where the Authorization header goes) and the
      // schema's descriptions in the docs pane. GraphiQL keeps the user's own tabs after that.
      defaultTabs: EXAMPLE_TABS,
      defaultEditorToolsVisibility: 'headers',
      visiblePlugin: 'Documentation Explorer',
      // Headers hold secrets: not kept in the browser's storage unless the user asks for it in the settings.
      shouldPersistHeaders: false,
    }),
  );
}
