import { graphql } from './generated/gql.js';

export const Login = graphql(`
  mutation PageLogin($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      sessionToken
    }
  }
`);

export const Logout = graphql(`
  mutation PageLogout {
    logout
  }
`);

export const Overview = graphql(`
  query PageOverview($includeRevoked: Boolean) {
    viewer {
      name
      email
      pages
      clients {
        id
        name
      }
      administeredClients {
        id
        name
      }
    }
    apiTokens(includeRevoked: $includeRevoked) {
      id
      label
      hint
      pages
      clients {
        id
        name
      }
      status
      statusReason
      expiresAt
      endsAt
      endsBecause
      notBefore
      createdAt
      lastUsedAt
      lastUsedIp
      lastUsedUserAgent
      allowedIps
      effectivePages
      missingPages
      effectiveClients {
        id
        name
      }
      missingClients
      usage(days: 30) {
        day
        requests
        refused
      }
    }
  }
`);

export const TokenEvents = graphql(`
  query PageTokenEvents($tokenId: ID!, $after: String) {
    auditEvents(tokenId: $tokenId, first: 10, after: $after) {
      edges {
        node {
          id
          at
          action
          detail
          ip
          count
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const RotateToken = graphql(`
  mutation PageRotateToken($id: ID!) {
    rotateApiToken(id: $id) {
      token
      apiToken {
        id
      }
    }
  }
`);

export const CreateToken = graphql(`
  mutation PageCreateToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      token
      apiToken {
        id
      }
    }
  }
`);

export const RevokeToken = graphql(`
  mutation PageRevokeToken($id: ID!) {
    revokeApiToken(id: $id) {
      id
      status
    }
  }
`);
