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
    "\n  query PageOverview($includeRevoked: Boolean) {\n    viewer {\n      name\n      email\n      pages\n      clients {\n        id\n        name\n      }\n    }\n    apiTokens(includeRevoked: $includeRevoked) {\n      id\n      label\n      hint\n      pages\n      clients {\n        id\n        name\n      }\n      status\n      statusReason\n      expiresAt\n      endsAt\n      endsBecause\n      notBefore\n      createdAt\n      lastUsedAt\n      lastUsedIp\n      lastUsedUserAgent\n      allowedIps\n      effectivePages\n      missingPages\n      effectiveClients {\n        id\n        name\n      }\n      missingClients\n      usage(days: 30) {\n        day\n        requests\n        refused\n      }\n    }\n  }\n": typeof types.PageOverviewDocument,
    "\n  query PageTokenEvents($tokenId: ID!, $after: String) {\n    auditEvents(tokenId: $tokenId, first: 10, after: $after) {\n      edges {\n        node {\n          id\n          at\n          action\n          detail\n          ip\n          count\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.PageTokenEventsDocument,
    "\n  mutation PageRotateToken($id: ID!) {\n    rotateApiToken(id: $id) {\n      token\n      apiToken {\n        id\n      }\n    }\n  }\n": typeof types.PageRotateTokenDocument,
    "\n  mutation PageCreateToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      token\n      apiToken {\n        id\n      }\n    }\n  }\n": typeof types.PageCreateTokenDocument,
    "\n  mutation PageRevokeToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      id\n      status\n    }\n  }\n": typeof types.PageRevokeTokenDocument,
};
const documents: Documents = {
    "\n  mutation PageLogin($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      sessionToken\n    }\n  }\n": types.PageLoginDocument,
    "\n  mutation PageLogout {\n    logout\n  }\n": types.PageLogoutDocument,
    "\n  query PageOverview($includeRevoked: Boolean) {\n    viewer {\n      name\n      email\n      pages\n      clients {\n        id\n        name\n      }\n    }\n    apiTokens(includeRevoked: $includeRevoked) {\n      id\n      label\n      hint\n      pages\n      clients {\n        id\n        name\n      }\n      status\n      statusReason\n      expiresAt\n      endsAt\n      endsBecause\n      notBefore\n      createdAt\n      lastUsedAt\n      lastUsedIp\n      lastUsedUserAgent\n      allowedIps\n      effectivePages\n      missingPages\n      effectiveClients {\n        id\n        name\n      }\n      missingClients\n      usage(days: 30) {\n        day\n        requests\n        refused\n      }\n    }\n  }\n": types.PageOverviewDocument,
    "\n  query PageTokenEvents($tokenId: ID!, $after: String) {\n    auditEvents(tokenId: $tokenId, first: 10, after: $after) {\n      edges {\n        node {\n          id\n          at\n          action\n          detail\n          ip\n          count\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.PageTokenEventsDocument,
    "\n  mutation PageRotateToken($id: ID!) {\n    rotateApiToken(id: $id) {\n      token\n      apiToken {\n        id\n      }\n    }\n  }\n": types.PageRotateTokenDocument,
    "\n  mutation PageCreateToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      token\n      apiToken {\n        id\n      }\n    }\n  }\n": types.PageCreateTokenDocument,
    "\n  mutation PageRevokeToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      id\n      status\n    }\n  }\n": types.PageRevokeTokenDocument,
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
export function graphql(source: "\n  query PageOverview($includeRevoked: Boolean) {\n    viewer {\n      name\n      email\n      pages\n      clients {\n        id\n        name\n      }\n    }\n    apiTokens(includeRevoked: $includeRevoked) {\n      id\n      label\n      hint\n      pages\n      clients {\n        id\n        name\n      }\n      status\n      statusReason\n      expiresAt\n      endsAt\n      endsBecause\n      notBefore\n      createdAt\n      lastUsedAt\n      lastUsedIp\n      lastUsedUserAgent\n      allowedIps\n      effectivePages\n      missingPages\n      effectiveClients {\n        id\n        name\n      }\n      missingClients\n      usage(days: 30) {\n        day\n        requests\n        refused\n      }\n    }\n  }\n"): (typeof documents)["\n  query PageOverview($includeRevoked: Boolean) {\n    viewer {\n      name\n      email\n      pages\n      clients {\n        id\n        name\n      }\n    }\n    apiTokens(includeRevoked: $includeRevoked) {\n      id\n      label\n      hint\n      pages\n      clients {\n        id\n        name\n      }\n      status\n      statusReason\n      expiresAt\n      endsAt\n      endsBecause\n      notBefore\n      createdAt\n      lastUsedAt\n      lastUsedIp\n      lastUsedUserAgent\n      allowedIps\n      effectivePages\n      missingPages\n      effectiveClients {\n        id\n        name\n      }\n      missingClients\n      usage(days: 30) {\n        day\n        requests\n        refused\n      }\n    }\n  }\n"];
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

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;