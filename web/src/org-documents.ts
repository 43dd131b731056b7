import { graphql } from './generated/gql.js';

// The Organisation view's documents (organisation.ts and its parts): a client's tokens, requests, policy and
// service tokens, for its administrators. The API checks `administers: clientId` on each.

export const OrgTokens = graphql(`
  query PageOrgTokens(
    $clientId: ID!
    $filter: ClientApiTokenFilter
    $orderBy: ClientApiTokenOrder
    $first: Int
    $after: String
  ) {
    clientApiTokens(clientId: $clientId, filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...OrgToken
        }
      }
    }
  }
`);

export const OrgTokenFields = graphql(`
  fragment OrgToken on ClientApiToken {
    id
    label
    hint
    owner {
      id
      name
      email
    }
    serviceToken
    pages
    allClients
    clients {
      id
      name
    }
    otherClientCount
    status
    statusReason
    createdAt
    endsAt
    lastUsedAt
    lastUsedIp
    lastUsedUserAgent
    requests30Days
    refused30Days
    approval {
      status
      requestedAt
      reason
    }
  }
`);

export const OrgRequests = graphql(`
  query PageOrgRequests($clientId: ID!) {
    clientApiTokenRequests(clientId: $clientId, first: 100) {
      totalCount
      edges {
        node {
          ...OrgToken
        }
      }
    }
  }
`);

export const OrgPolicy = graphql(`
  query PageOrgPolicy($clientId: ID!) {
    clientTokenPolicy(clientId: $clientId) {
      ...OrgPolicyFields
    }
  }
`);

export const OrgPolicyFields = graphql(`
  fragment OrgPolicyFields on ClientTokenPolicy {
    maxLifetimeDays
    endRequired
    allowedPages
    addressesRequired
    idleDays
    approval
    approvalAboveDays
    approvalAllClients
    approvalUsersPage
    updatedAt
  }
`);

export const OrgSetPolicy = graphql(`
  mutation PageOrgSetPolicy($clientId: ID!, $input: ClientTokenPolicyInput!) {
    setClientTokenPolicy(clientId: $clientId, input: $input) {
      ...OrgPolicyFields
    }
  }
`);

export const OrgRevoke = graphql(`
  mutation PageOrgRevoke($clientId: ID!, $ids: [ID!]!, $reason: String!) {
    revokeClientApiTokens(clientId: $clientId, ids: $ids, reason: $reason) {
      id
      status
    }
  }
`);

export const OrgRemoveClient = graphql(`
  mutation PageOrgRemoveClient($clientId: ID!, $id: ID!, $reason: String!) {
    removeClientFromApiToken(clientId: $clientId, id: $id, reason: $reason) {
      id
      status
    }
  }
`);

export const OrgDecide = graphql(`
  mutation PageOrgDecide($clientId: ID!, $ids: [ID!]!, $approve: Boolean!, $reason: String!) {
    decideClientApiTokenRequests(clientId: $clientId, ids: $ids, approve: $approve, reason: $reason) {
      id
      status
    }
  }
`);

export const OrgCreateService = graphql(`
  mutation PageOrgCreateService($clientId: ID!, $input: CreateServiceTokenInput!) {
    createServiceToken(clientId: $clientId, input: $input) {
      token
      serviceToken {
        id
      }
    }
  }
`);

export const OrgRotateService = graphql(`
  mutation PageOrgRotateService($clientId: ID!, $id: ID!) {
    rotateServiceToken(clientId: $clientId, id: $id) {
      token
      serviceToken {
        id
      }
    }
  }
`);

export const Notices = graphql(`
  query PageNotices {
    notices(first: 10) {
      totalCount
      edges {
        node {
          id
          kind
          subject
          body
          createdAt
        }
      }
    }
  }
`);

export const OrgViewer = graphql(`
  query PageOrgViewer {
    viewer {
      pages
      administeredClients {
        id
        name
      }
    }
  }
`);
