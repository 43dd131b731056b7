import { graphql } from './generated/gql.js';

// The GraphQL documents that several test files send, typed by codegen (`npm run codegen` after a change).
// Documents that one file alone needs stay in that file.

/** The caller, without its token (which would cost a statement: tests of the warm path count them). */
export const Viewer = graphql(`
  query Viewer {
    viewer {
      kind
      name
      email
      pages
      clients {
        id
        name
      }
    }
  }
`);

/** The caller and the token in use. */
export const TokenViewer = graphql(`
  query TokenViewer {
    viewer {
      kind
      pages
      clients {
        id
      }
      apiToken {
        id
        label
        expiresAt
      }
    }
  }
`);

export const Login = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      sessionToken
      expiresAt
      viewer {
        kind
        email
        pages
      }
    }
  }
`);

export const Logout = graphql(`
  mutation Logout {
    logout
  }
`);

export const CreateToken = graphql(`
  mutation CreateToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      token
      apiToken {
        id
        label
        hint
        pages
        clients {
          id
          name
        }
        status
        expiresAt
        lastUsedAt
        revokedAt
      }
    }
  }
`);

export const Tokens = graphql(`
  query Tokens($includeRevoked: Boolean) {
    apiTokens(includeRevoked: $includeRevoked) {
      id
      label
      hint
      pages
      clients {
        name
      }
      status
      statusReason
      expiresAt
      notBefore
      allowedIps
      createdAt
      rotatedAt
      revokedAt
      lastUsedAt
      lastUsedIp
      lastUsedUserAgent
      effectivePages
      missingPages
      effectiveClients {
        id
      }
      missingClients
    }
  }
`);

export const RotateToken = graphql(`
  mutation RotateToken($id: ID!) {
    rotateApiToken(id: $id) {
      token
      apiToken {
        id
        label
        pages
        rotatedAt
      }
    }
  }
`);

export const RevokeToken = graphql(`
  mutation RevokeToken($id: ID!) {
    revokeApiToken(id: $id) {
      id
      status
      revokedAt
    }
  }
`);

export const AuditEvents = graphql(`
  query AuditEvents($tokenId: ID, $first: Int) {
    auditEvents(tokenId: $tokenId, first: $first) {
      totalCount
      edges {
        node {
          action
          tokenId
          sessionId
          detail
          count
          ip
          userAgent
        }
      }
    }
  }
`);

export const Sessions = graphql(`
  query Sessions {
    sessions {
      id
      current
      ip
      userAgent
    }
  }
`);

export const EndSession = graphql(`
  mutation EndSession($id: ID!) {
    endSession(id: $id)
  }
`);

export const RevokeLeakedTokens = graphql(`
  mutation RevokeLeakedTokens($secrets: [String!]!) {
    revokeLeakedTokens(secrets: $secrets)
  }
`);
