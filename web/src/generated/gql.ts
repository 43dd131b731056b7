/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation PageLogin($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      sessionToken\n    }\n  }\n": typeof types.PageLoginDocument,
    "\n  mutation PageLogout {\n    logout\n  }\n": typeof types.PageLogoutDocument,
    "\n  query PageOverview($includeRevoked: Boolean) {\n    viewer {\n      name\n      email\n      pages\n      clients {\n        id\n        name\n      }\n      administeredClients {\n        id\n        name\n      }\n    }\n    apiTokens(includeRevoked: $includeRevoked) {\n      id\n      label\n      hint\n      pages\n      clients {\n        id\n        name\n      }\n      status\n      statusReason\n      expiresAt\n      endsAt\n      endsBecause\n      notBefore\n      createdAt\n      lastUsedAt\n      lastUsedIp\n      lastUsedUserAgent\n      allowedIps\n      effectivePages\n      missingPages\n      effectiveClients {\n        id\n        name\n      }\n      missingClients\n      usage(days: 30) {\n        day\n        requests\n        refused\n      }\n    }\n  }\n": typeof types.PageOverviewDocument,
    "\n  query PageTokenEvents($tokenId: ID!, $after: String) {\n    auditEvents(tokenId: $tokenId, first: 10, after: $after) {\n      edges {\n        node {\n          id\n          at\n          action\n          detail\n          ip\n          count\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.PageTokenEventsDocument,
    "\n  mutation PageRotateToken($id: ID!) {\n    rotateApiToken(id: $id) {\n      token\n      apiToken {\n        id\n      }\n    }\n  }\n": typeof types.PageRotateTokenDocument,
    "\n  mutation PageCreateToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      token\n      apiToken {\n        id\n      }\n    }\n  }\n": typeof types.PageCreateTokenDocument,
    "\n  mutation PageRevokeToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      id\n      status\n    }\n  }\n": typeof types.PageRevokeTokenDocument,
    "\n  query PageOrgTokens(\n    $clientId: ID!\n    $filter: ClientApiTokenFilter\n    $orderBy: ClientApiTokenOrder\n    $first: Int\n    $after: String\n  ) {\n    clientApiTokens(clientId: $clientId, filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...OrgToken\n        }\n      }\n    }\n  }\n": typeof types.PageOrgTokensDocument,
    "\n  fragment OrgToken on ClientApiToken {\n    id\n    label\n    hint\n    owner {\n      id\n      name\n      email\n    }\n    serviceToken\n    pages\n    allClients\n    clients {\n      id\n      name\n    }\n    otherClientCount\n    status\n    statusReason\n    createdAt\n    endsAt\n    lastUsedAt\n    lastUsedIp\n    lastUsedUserAgent\n    requests30Days\n    refused30Days\n    approval {\n      status\n      requestedAt\n      reason\n    }\n  }\n": typeof types.OrgTokenFragmentDoc,
    "\n  query PageOrgRequests($clientId: ID!) {\n    clientApiTokenRequests(clientId: $clientId, first: 100) {\n      totalCount\n      edges {\n        node {\n          ...OrgToken\n        }\n      }\n    }\n  }\n": typeof types.PageOrgRequestsDocument,
    "\n  query PageOrgPolicy($clientId: ID!) {\n    clientTokenPolicy(clientId: $clientId) {\n      ...OrgPolicyFields\n    }\n  }\n": typeof types.PageOrgPolicyDocument,
    "\n  fragment OrgPolicyFields on ClientTokenPolicy {\n    maxLifetimeDays\n    endRequired\n    allowedPages\n    addressesRequired\n    idleDays\n    approval\n    approvalAboveDays\n    approvalAllClients\n    approvalUsersPage\n    updatedAt\n  }\n": typeof types.OrgPolicyFieldsFragmentDoc,
    "\n  mutation PageOrgSetPolicy($clientId: ID!, $input: ClientTokenPolicyInput!) {\n    setClientTokenPolicy(clientId: $clientId, input: $input) {\n      ...OrgPolicyFields\n    }\n  }\n": typeof types.PageOrgSetPolicyDocument,
    "\n  mutation PageOrgRevoke($clientId: ID!, $ids: [ID!]!, $reason: String!) {\n    revokeClientApiTokens(clientId: $clientId, ids: $ids, reason: $reason) {\n      id\n      status\n    }\n  }\n": typeof types.PageOrgRevokeDocument,
    "\n  mutation PageOrgRemoveClient($clientId: ID!, $id: ID!, $reason: String!) {\n    removeClientFromApiToken(clientId: $clientId, id: $id, reason: $reason) {\n      id\n      status\n    }\n  }\n": typeof types.PageOrgRemoveClientDocument,
    "\n  mutation PageOrgDecide($clientId: ID!, $ids: [ID!]!, $approve: Boolean!, $reason: String!) {\n    decideClientApiTokenRequests(clientId: $clientId, ids: $ids, approve: $approve, reason: $reason) {\n      id\n      status\n    }\n  }\n": typeof types.PageOrgDecideDocument,
    "\n  mutation PageOrgCreateService($clientId: ID!, $input: CreateServiceTokenInput!) {\n    createServiceToken(clientId: $clientId, input: $input) {\n      token\n      serviceToken {\n        id\n      }\n    }\n  }\n": typeof types.PageOrgCreateServiceDocument,
    "\n  mutation PageOrgRotateService($clientId: ID!, $id: ID!) {\n    rotateServiceToken(clientId: $clientId, id: $id) {\n      token\n      serviceToken {\n        id\n      }\n    }\n  }\n": typeof types.PageOrgRotateServiceDocument,
    "\n  query PageNotices {\n    notices(first: 10) {\n      totalCount\n      edges {\n        node {\n          id\n          kind\n          subject\n          body\n          createdAt\n        }\n      }\n    }\n  }\n": typeof types.PageNoticesDocument,
    "\n  query PageOrgViewer {\n    viewer {\n      pages\n      administeredClients {\n        id\n        name\n      }\n    }\n  }\n": typeof types.PageOrgViewerDocument,
};
const documents: Documents = {
    "\n  mutation PageLogin($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      sessionToken\n    }\n  }\n": types.PageLoginDocument,
    "\n  mutation PageLogout {\n    logout\n  }\n": types.PageLogoutDocument,
    "\n  query PageOverview($includeRevoked: Boolean) {\n    viewer {\n      name\n      email\n      pages\n      clients {\n        id\n        name\n      }\n      administeredClients {\n        id\n        name\n      }\n    }\n    apiTokens(includeRevoked: $includeRevoked) {\n      id\n      label\n      hint\n      pages\n      clients {\n        id\n        name\n      }\n      status\n      statusReason\n      expiresAt\n      endsAt\n      endsBecause\n      notBefore\n      createdAt\n      lastUsedAt\n      lastUsedIp\n      lastUsedUserAgent\n      allowedIps\n      effectivePages\n      missingPages\n      effectiveClients {\n        id\n        name\n      }\n      missingClients\n      usage(days: 30) {\n        day\n        requests\n        refused\n      }\n    }\n  }\n": types.PageOverviewDocument,
    "\n  query PageTokenEvents($tokenId: ID!, $after: String) {\n    auditEvents(tokenId: $tokenId, first: 10, after: $after) {\n      edges {\n        node {\n          id\n          at\n          action\n          detail\n          ip\n          count\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.PageTokenEventsDocument,
    "\n  mutation PageRotateToken($id: ID!) {\n    rotateApiToken(id: $id) {\n      token\n      apiToken {\n        id\n      }\n    }\n  }\n": types.PageRotateTokenDocument,
    "\n  mutation PageCreateToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      token\n      apiToken {\n        id\n      }\n    }\n  }\n": types.PageCreateTokenDocument,
    "\n  mutation PageRevokeToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      id\n      status\n    }\n  }\n": types.PageRevokeTokenDocument,
    "\n  query PageOrgTokens(\n    $clientId: ID!\n    $filter: ClientApiTokenFilter\n    $orderBy: ClientApiTokenOrder\n    $first: Int\n    $after: String\n  ) {\n    clientApiTokens(clientId: $clientId, filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...OrgToken\n        }\n      }\n    }\n  }\n": types.PageOrgTokensDocument,
    "\n  fragment OrgToken on ClientApiToken {\n    id\n    label\n    hint\n    owner {\n      id\n      name\n      email\n    }\n    serviceToken\n    pages\n    allClients\n    clients {\n      id\n      name\n    }\n    otherClientCount\n    status\n    statusReason\n    createdAt\n    endsAt\n    lastUsedAt\n    lastUsedIp\n    lastUsedUserAgent\n    requests30Days\n    refused30Days\n    approval {\n      status\n      requestedAt\n      reason\n    }\n  }\n": types.OrgTokenFragmentDoc,
    "\n  query PageOrgRequests($clientId: ID!) {\n    clientApiTokenRequests(clientId: $clientId, first: 100) {\n      totalCount\n      edges {\n        node {\n          ...OrgToken\n        }\n      }\n    }\n  }\n": types.PageOrgRequestsDocument,
    "\n  query PageOrgPolicy($clientId: ID!) {\n    clientTokenPolicy(clientId: $clientId) {\n      ...OrgPolicyFields\n    }\n  }\n": types.PageOrgPolicyDocument,
    "\n  fragment OrgPolicyFields on ClientTokenPolicy {\n    maxLifetimeDays\n    endRequired\n    allowedPages\n    addressesRequired\n    idleDays\n    approval\n    approvalAboveDays\n    approvalAllClients\n    approvalUsersPage\n    updatedAt\n  }\n": types.OrgPolicyFieldsFragmentDoc,
    "\n  mutation PageOrgSetPolicy($clientId: ID!, $input: ClientTokenPolicyInput!) {\n    setClientTokenPolicy(clientId: $clientId, input: $input) {\n      ...OrgPolicyFields\n    }\n  }\n": types.PageOrgSetPolicyDocument,
    "\n  mutation PageOrgRevoke($clientId: ID!, $ids: [ID!]!, $reason: String!) {\n    revokeClientApiTokens(clientId: $clientId, ids: $ids, reason: $reason) {\n      id\n      status\n    }\n  }\n": types.PageOrgRevokeDocument,
    "\n  mutation PageOrgRemoveClient($clientId: ID!, $id: ID!, $reason: String!) {\n    removeClientFromApiToken(clientId: $clientId, id: $id, reason: $reason) {\n      id\n      status\n    }\n  }\n": types.PageOrgRemoveClientDocument,
    "\n  mutation PageOrgDecide($clientId: ID!, $ids: [ID!]!, $approve: Boolean!, $reason: String!) {\n    decideClientApiTokenRequests(clientId: $clientId, ids: $ids, approve: $approve, reason: $reason) {\n      id\n      status\n    }\n  }\n": types.PageOrgDecideDocument,
    "\n  mutation PageOrgCreateService($clientId: ID!, $input: CreateServiceTokenInput!) {\n    createServiceToken(clientId: $clientId, input: $input) {\n      token\n      serviceToken {\n        id\n      }\n    }\n  }\n": types.PageOrgCreateServiceDocument,
    "\n  mutation PageOrgRotateService($clientId: ID!, $id: ID!) {\n    rotateServiceToken(clientId: $clientId, id: $id) {\n      token\n      serviceToken {\n        id\n      }\n    }\n  }\n": types.PageOrgRotateServiceDocument,
    "\n  query PageNotices {\n    notices(first: 10) {\n      totalCount\n      edges {\n        node {\n          id\n          kind\n          subject\n          body\n          createdAt\n        }\n      }\n    }\n  }\n": types.PageNoticesDocument,
    "\n  query PageOrgViewer {\n    viewer {\n      pages\n      administeredClients {\n        id\n        name\n      }\n    }\n  }\n": types.PageOrgViewerDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PageLogin($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      sessionToken\n    }\n  }\n"): (typeof documents)["\n  mutation PageLogin($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      sessionToken\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PageLogout {\n    logout\n  }\n"): (typeof documents)["\n  mutation PageLogout {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PageOverview($includeRevoked: Boolean) {\n    viewer {\n      name\n      email\n      pages\n      clients {\n        id\n        name\n      }\n      administeredClients {\n        id\n        name\n      }\n    }\n    apiTokens(includeRevoked: $includeRevoked) {\n      id\n      label\n      hint\n      pages\n      clients {\n        id\n        name\n      }\n      status\n      statusReason\n      expiresAt\n      endsAt\n      endsBecause\n      notBefore\n      createdAt\n      lastUsedAt\n      lastUsedIp\n      lastUsedUserAgent\n      allowedIps\n      effectivePages\n      missingPages\n      effectiveClients {\n        id\n        name\n      }\n      missingClients\n      usage(days: 30) {\n        day\n        requests\n        refused\n      }\n    }\n  }\n"): (typeof documents)["\n  query PageOverview($includeRevoked: Boolean) {\n    viewer {\n      name\n      email\n      pages\n      clients {\n        id\n        name\n      }\n      administeredClients {\n        id\n        name\n      }\n    }\n    apiTokens(includeRevoked: $includeRevoked) {\n      id\n      label\n      hint\n      pages\n      clients {\n        id\n        name\n      }\n      status\n      statusReason\n      expiresAt\n      endsAt\n      endsBecause\n      notBefore\n      createdAt\n      lastUsedAt\n      lastUsedIp\n      lastUsedUserAgent\n      allowedIps\n      effectivePages\n      missingPages\n      effectiveClients {\n        id\n        name\n      }\n      missingClients\n      usage(days: 30) {\n        day\n        requests\n        refused\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PageTokenEvents($tokenId: ID!, $after: String) {\n    auditEvents(tokenId: $tokenId, first: 10, after: $after) {\n      edges {\n        node {\n          id\n          at\n          action\n          detail\n          ip\n          count\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query PageTokenEvents($tokenId: ID!, $after: String) {\n    auditEvents(tokenId: $tokenId, first: 10, after: $after) {\n      edges {\n        node {\n          id\n          at\n          action\n          detail\n          ip\n          count\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PageRotateToken($id: ID!) {\n    rotateApiToken(id: $id) {\n      token\n      apiToken {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation PageRotateToken($id: ID!) {\n    rotateApiToken(id: $id) {\n      token\n      apiToken {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PageCreateToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      token\n      apiToken {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation PageCreateToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      token\n      apiToken {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PageRevokeToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation PageRevokeToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PageOrgTokens(\n    $clientId: ID!\n    $filter: ClientApiTokenFilter\n    $orderBy: ClientApiTokenOrder\n    $first: Int\n    $after: String\n  ) {\n    clientApiTokens(clientId: $clientId, filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...OrgToken\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PageOrgTokens(\n    $clientId: ID!\n    $filter: ClientApiTokenFilter\n    $orderBy: ClientApiTokenOrder\n    $first: Int\n    $after: String\n  ) {\n    clientApiTokens(clientId: $clientId, filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...OrgToken\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OrgToken on ClientApiToken {\n    id\n    label\n    hint\n    owner {\n      id\n      name\n      email\n    }\n    serviceToken\n    pages\n    allClients\n    clients {\n      id\n      name\n    }\n    otherClientCount\n    status\n    statusReason\n    createdAt\n    endsAt\n    lastUsedAt\n    lastUsedIp\n    lastUsedUserAgent\n    requests30Days\n    refused30Days\n    approval {\n      status\n      requestedAt\n      reason\n    }\n  }\n"): (typeof documents)["\n  fragment OrgToken on ClientApiToken {\n    id\n    label\n    hint\n    owner {\n      id\n      name\n      email\n    }\n    serviceToken\n    pages\n    allClients\n    clients {\n      id\n      name\n    }\n    otherClientCount\n    status\n    statusReason\n    createdAt\n    endsAt\n    lastUsedAt\n    lastUsedIp\n    lastUsedUserAgent\n    requests30Days\n    refused30Days\n    approval {\n      status\n      requestedAt\n      reason\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PageOrgRequests($clientId: ID!) {\n    clientApiTokenRequests(clientId: $clientId, first: 100) {\n      totalCount\n      edges {\n        node {\n          ...OrgToken\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PageOrgRequests($clientId: ID!) {\n    clientApiTokenRequests(clientId: $clientId, first: 100) {\n      totalCount\n      edges {\n        node {\n          ...OrgToken\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PageOrgPolicy($clientId: ID!) {\n    clientTokenPolicy(clientId: $clientId) {\n      ...OrgPolicyFields\n    }\n  }\n"): (typeof documents)["\n  query PageOrgPolicy($clientId: ID!) {\n    clientTokenPolicy(clientId: $clientId) {\n      ...OrgPolicyFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OrgPolicyFields on ClientTokenPolicy {\n    maxLifetimeDays\n    endRequired\n    allowedPages\n    addressesRequired\n    idleDays\n    approval\n    approvalAboveDays\n    approvalAllClients\n    approvalUsersPage\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment OrgPolicyFields on ClientTokenPolicy {\n    maxLifetimeDays\n    endRequired\n    allowedPages\n    addressesRequired\n    idleDays\n    approval\n    approvalAboveDays\n    approvalAllClients\n    approvalUsersPage\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PageOrgSetPolicy($clientId: ID!, $input: ClientTokenPolicyInput!) {\n    setClientTokenPolicy(clientId: $clientId, input: $input) {\n      ...OrgPolicyFields\n    }\n  }\n"): (typeof documents)["\n  mutation PageOrgSetPolicy($clientId: ID!, $input: ClientTokenPolicyInput!) {\n    setClientTokenPolicy(clientId: $clientId, input: $input) {\n      ...OrgPolicyFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PageOrgRevoke($clientId: ID!, $ids: [ID!]!, $reason: String!) {\n    revokeClientApiTokens(clientId: $clientId, ids: $ids, reason: $reason) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation PageOrgRevoke($clientId: ID!, $ids: [ID!]!, $reason: String!) {\n    revokeClientApiTokens(clientId: $clientId, ids: $ids, reason: $reason) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PageOrgRemoveClient($clientId: ID!, $id: ID!, $reason: String!) {\n    removeClientFromApiToken(clientId: $clientId, id: $id, reason: $reason) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation PageOrgRemoveClient($clientId: ID!, $id: ID!, $reason: String!) {\n    removeClientFromApiToken(clientId: $clientId, id: $id, reason: $reason) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PageOrgDecide($clientId: ID!, $ids: [ID!]!, $approve: Boolean!, $reason: String!) {\n    decideClientApiTokenRequests(clientId: $clientId, ids: $ids, approve: $approve, reason: $reason) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation PageOrgDecide($clientId: ID!, $ids: [ID!]!, $approve: Boolean!, $reason: String!) {\n    decideClientApiTokenRequests(clientId: $clientId, ids: $ids, approve: $approve, reason: $reason) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PageOrgCreateService($clientId: ID!, $input: CreateServiceTokenInput!) {\n    createServiceToken(clientId: $clientId, input: $input) {\n      token\n      serviceToken {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation PageOrgCreateService($clientId: ID!, $input: CreateServiceTokenInput!) {\n    createServiceToken(clientId: $clientId, input: $input) {\n      token\n      serviceToken {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PageOrgRotateService($clientId: ID!, $id: ID!) {\n    rotateServiceToken(clientId: $clientId, id: $id) {\n      token\n      serviceToken {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation PageOrgRotateService($clientId: ID!, $id: ID!) {\n    rotateServiceToken(clientId: $clientId, id: $id) {\n      token\n      serviceToken {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PageNotices {\n    notices(first: 10) {\n      totalCount\n      edges {\n        node {\n          id\n          kind\n          subject\n          body\n          createdAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PageNotices {\n    notices(first: 10) {\n      totalCount\n      edges {\n        node {\n          id\n          kind\n          subject\n          body\n          createdAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PageOrgViewer {\n    viewer {\n      pages\n      administeredClients {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query PageOrgViewer {\n    viewer {\n      pages\n      administeredClients {\n        id\n        name\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;