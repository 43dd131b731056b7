import type { GraphiQLProps } from 'graphiql';

// The operations GraphiQL opens with on a first visit: log in, create a token, read each page with it, paginate.
// Each says, in short lines, which Authorization header it needs; the Headers editor below it is open.

const LOG_IN = `# 1. Log in (the demo user of npm start).
# Copy sessionToken into the Headers
# of tab 2 as
#   "Authorization": "Bearer <sessionToken>"
mutation LogIn {
  login(
    email: "admin@acme.test"
    password: "correct-horse-battery-staple"
  ) {
    sessionToken
    expiresAt
  }
}
`;

const CREATE_TOKEN = `# 2. Create an API token: for logged-in
# users, so the Headers below need your
# session. The token is shown once: copy
# it into the Headers of tabs 3 and 4 as
#   "Authorization": "SalureToken <token>"
mutation CreateToken {
  createApiToken(
    input: {
      label: "My script"
      pages: [USERS, CONNECTORS, INTERFACES, RUNS]
    }
  ) {
    token
    apiToken {
      id
      hint
      effectivePages
      expiresAt
    }
  }
}
`;

const READ_PAGES = `# 3. Read each page with the token
# (Headers below). A page the token lacks
# answers null with FORBIDDEN.
query ReadPages {
  viewer {
    kind
    pages
    clients {
      id
      name
    }
  }
  users(first: 5) {
    totalCount
    edges {
      node {
        name
        email
        client {
          name
        }
      }
    }
  }
  connectors(first: 5) {
    totalCount
    edges {
      node {
        name
        system
        status
      }
    }
  }
  interfaces(first: 5) {
    totalCount
    edges {
      node {
        name
        status
        source {
          name
        }
        target {
          name
        }
      }
    }
  }
}
`;

const PAGINATE = `# 4. Runs, newest first, 20 a page. For
# the next page, set "after" (Variables)
# to the pageInfo.endCursor you got.
query RunsPage($after: String) {
  runs(first: 20, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        status
        startedAt
        finishedAt
        interface {
          name
        }
      }
    }
  }
}
`;

const SESSION_HEADER = JSON.stringify({ Authorization: 'Bearer <sessionToken from tab 1>' }, null, 2);
const TOKEN_HEADER = JSON.stringify({ Authorization: 'SalureToken <token from tab 2>' }, null, 2);

export const EXAMPLE_TABS: NonNullable<GraphiQLProps['defaultTabs']> = [
  { query: LOG_IN },
  { query: CREATE_TOKEN, headers: SESSION_HEADER },
  { query: READ_PAGES, headers: TOKEN_HEADER },
  { query: PAGINATE, variables: JSON.stringify({ after: null }, null, 2), headers: TOKEN_HEADER },
];
