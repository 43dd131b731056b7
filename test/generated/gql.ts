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
    "\n  query Viewer {\n    viewer {\n      kind\n      name\n      email\n      pages\n      clients {\n        id\n        name\n      }\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  query TokenViewer {\n    viewer {\n      kind\n      pages\n      clients {\n        id\n      }\n      apiToken {\n        id\n        label\n        expiresAt\n      }\n    }\n  }\n": typeof types.TokenViewerDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      sessionToken\n      expiresAt\n      viewer {\n        kind\n        email\n        pages\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  mutation CreateToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      token\n      apiToken {\n        id\n        label\n        hint\n        pages\n        clients {\n          id\n          name\n        }\n        status\n        expiresAt\n        lastUsedAt\n        revokedAt\n      }\n    }\n  }\n": typeof types.CreateTokenDocument,
    "\n  query Tokens($includeRevoked: Boolean) {\n    apiTokens(includeRevoked: $includeRevoked) {\n      id\n      label\n      hint\n      pages\n      clients {\n        name\n      }\n      status\n      statusReason\n      expiresAt\n      notBefore\n      allowedIps\n      createdAt\n      rotatedAt\n      revokedAt\n      lastUsedAt\n      lastUsedIp\n      lastUsedUserAgent\n      effectivePages\n      missingPages\n      effectiveClients {\n        id\n      }\n      missingClients\n    }\n  }\n": typeof types.TokensDocument,
    "\n  mutation RotateToken($id: ID!) {\n    rotateApiToken(id: $id) {\n      token\n      apiToken {\n        id\n        label\n        pages\n        rotatedAt\n      }\n    }\n  }\n": typeof types.RotateTokenDocument,
    "\n  mutation RevokeToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      id\n      status\n      revokedAt\n    }\n  }\n": typeof types.RevokeTokenDocument,
    "\n  query AuditEvents($tokenId: ID, $first: Int) {\n    auditEvents(tokenId: $tokenId, first: $first) {\n      totalCount\n      edges {\n        node {\n          action\n          tokenId\n          sessionId\n          detail\n          count\n          ip\n          userAgent\n        }\n      }\n    }\n  }\n": typeof types.AuditEventsDocument,
    "\n  query Sessions {\n    sessions {\n      id\n      current\n      ip\n      userAgent\n    }\n  }\n": typeof types.SessionsDocument,
    "\n  mutation EndSession($id: ID!) {\n    endSession(id: $id)\n  }\n": typeof types.EndSessionDocument,
    "\n  mutation RevokeLeakedTokens($secrets: [String!]!) {\n    revokeLeakedTokens(secrets: $secrets)\n  }\n": typeof types.RevokeLeakedTokensDocument,
    "\n  query PagesAll($clientId: ID) {\n    users(clientId: $clientId) {\n      totalCount\n      edges {\n        node {\n          id\n          client {\n            id\n          }\n        }\n      }\n    }\n    connectors(clientId: $clientId) {\n      totalCount\n      edges {\n        node {\n          id\n          client {\n            id\n          }\n        }\n      }\n    }\n    interfaces(clientId: $clientId) {\n      totalCount\n      edges {\n        node {\n          id\n          client {\n            id\n          }\n        }\n      }\n    }\n    runs(clientId: $clientId) {\n      totalCount\n      edges {\n        node {\n          id\n          client {\n            id\n          }\n        }\n      }\n    }\n  }\n": typeof types.PagesAllDocument,
    "\n  query PagesNested($first: Int) {\n    interfaces(first: $first) {\n      edges {\n        node {\n          id\n          client {\n            name\n          }\n          source {\n            id\n            name\n          }\n          target {\n            id\n          }\n          lastRun {\n            id\n            status\n          }\n        }\n      }\n    }\n    runs(first: 1) {\n      edges {\n        node {\n          id\n          interface {\n            id\n          }\n        }\n      }\n    }\n  }\n": typeof types.PagesNestedDocument,
    "\n  query PagesViewer {\n    viewer {\n      pages\n      clients {\n        id\n      }\n    }\n  }\n": typeof types.PagesViewerDocument,
    "\n  query PagesConnectorsPage($clientId: ID, $first: Int, $after: String) {\n    connectors(clientId: $clientId, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n        }\n      }\n    }\n  }\n": typeof types.PagesConnectorsPageDocument,
    "\n  query PagesRunsPage($clientId: ID, $interfaceId: ID, $first: Int, $after: String) {\n    runs(clientId: $clientId, interfaceId: $interfaceId, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          startedAt\n        }\n      }\n    }\n  }\n": typeof types.PagesRunsPageDocument,
    "\n  query PagesNestedByFragments {\n    interfaces(first: 100) {\n      edges {\n        ...InterfaceEdgeParts\n      }\n    }\n  }\n  fragment InterfaceEdgeParts on InterfaceEdge {\n    node {\n      id\n      ... on Interface {\n        from: source {\n          name\n        }\n        to: target {\n          name\n        }\n      }\n      latest: lastRun {\n        id\n      }\n    }\n  }\n": typeof types.PagesNestedByFragmentsDocument,
    "\n  query PagesRunsTwice($clientId: ID) {\n    runs(clientId: $clientId) {\n      edges {\n        node {\n          id\n          ...RunTimes\n          interface {\n            name\n          }\n          again: interface {\n            status\n            schedule\n            createdAt\n            source {\n              name\n              system\n            }\n          }\n        }\n      }\n    }\n    interfaces(clientId: $clientId) {\n      edges {\n        node {\n          name\n          lastRun {\n            status\n          }\n          latest: lastRun {\n            finishedAt\n            recordsProcessed\n            message\n          }\n        }\n      }\n    }\n  }\n  fragment RunTimes on Run {\n    startedAt\n    ... on Run {\n      recordsProcessed\n    }\n  }\n": typeof types.PagesRunsTwiceDocument,
    "\n    query PagesTokens {\n      apiTokens {\n        id\n        clients {\n          id\n        }\n      }\n    }\n  ": typeof types.PagesTokensDocument,
};
const documents: Documents = {
    "\n  query Viewer {\n    viewer {\n      kind\n      name\n      email\n      pages\n      clients {\n        id\n        name\n      }\n    }\n  }\n": types.ViewerDocument,
    "\n  query TokenViewer {\n    viewer {\n      kind\n      pages\n      clients {\n        id\n      }\n      apiToken {\n        id\n        label\n        expiresAt\n      }\n    }\n  }\n": types.TokenViewerDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      sessionToken\n      expiresAt\n      viewer {\n        kind\n        email\n        pages\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  mutation CreateToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      token\n      apiToken {\n        id\n        label\n        hint\n        pages\n        clients {\n          id\n          name\n        }\n        status\n        expiresAt\n        lastUsedAt\n        revokedAt\n      }\n    }\n  }\n": types.CreateTokenDocument,
    "\n  query Tokens($includeRevoked: Boolean) {\n    apiTokens(includeRevoked: $includeRevoked) {\n      id\n      label\n      hint\n      pages\n      clients {\n        name\n      }\n      status\n      statusReason\n      expiresAt\n      notBefore\n      allowedIps\n      createdAt\n      rotatedAt\n      revokedAt\n      lastUsedAt\n      lastUsedIp\n      lastUsedUserAgent\n      effectivePages\n      missingPages\n      effectiveClients {\n        id\n      }\n      missingClients\n    }\n  }\n": types.TokensDocument,
    "\n  mutation RotateToken($id: ID!) {\n    rotateApiToken(id: $id) {\n      token\n      apiToken {\n        id\n        label\n        pages\n        rotatedAt\n      }\n    }\n  }\n": types.RotateTokenDocument,
    "\n  mutation RevokeToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      id\n      status\n      revokedAt\n    }\n  }\n": types.RevokeTokenDocument,
    "\n  query AuditEvents($tokenId: ID, $first: Int) {\n    auditEvents(tokenId: $tokenId, first: $first) {\n      totalCount\n      edges {\n        node {\n          action\n          tokenId\n          sessionId\n          detail\n          count\n          ip\n          userAgent\n        }\n      }\n    }\n  }\n": types.AuditEventsDocument,
    "\n  query Sessions {\n    sessions {\n      id\n      current\n      ip\n      userAgent\n    }\n  }\n": types.SessionsDocument,
    "\n  mutation EndSession($id: ID!) {\n    endSession(id: $id)\n  }\n": types.EndSessionDocument,
    "\n  mutation RevokeLeakedTokens($secrets: [String!]!) {\n    revokeLeakedTokens(secrets: $secrets)\n  }\n": types.RevokeLeakedTokensDocument,
    "\n  query PagesAll($clientId: ID) {\n    users(clientId: $clientId) {\n      totalCount\n      edges {\n        node {\n          id\n          client {\n            id\n          }\n        }\n      }\n    }\n    connectors(clientId: $clientId) {\n      totalCount\n      edges {\n        node {\n          id\n          client {\n            id\n          }\n        }\n      }\n    }\n    interfaces(clientId: $clientId) {\n      totalCount\n      edges {\n        node {\n          id\n          client {\n            id\n          }\n        }\n      }\n    }\n    runs(clientId: $clientId) {\n      totalCount\n      edges {\n        node {\n          id\n          client {\n            id\n          }\n        }\n      }\n    }\n  }\n": types.PagesAllDocument,
    "\n  query PagesNested($first: Int) {\n    interfaces(first: $first) {\n      edges {\n        node {\n          id\n          client {\n            name\n          }\n          source {\n            id\n            name\n          }\n          target {\n            id\n          }\n          lastRun {\n            id\n            status\n          }\n        }\n      }\n    }\n    runs(first: 1) {\n      edges {\n        node {\n          id\n          interface {\n            id\n          }\n        }\n      }\n    }\n  }\n": types.PagesNestedDocument,
    "\n  query PagesViewer {\n    viewer {\n      pages\n      clients {\n        id\n      }\n    }\n  }\n": types.PagesViewerDocument,
    "\n  query PagesConnectorsPage($clientId: ID, $first: Int, $after: String) {\n    connectors(clientId: $clientId, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n        }\n      }\n    }\n  }\n": types.PagesConnectorsPageDocument,
    "\n  query PagesRunsPage($clientId: ID, $interfaceId: ID, $first: Int, $after: String) {\n    runs(clientId: $clientId, interfaceId: $interfaceId, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          startedAt\n        }\n      }\n    }\n  }\n": types.PagesRunsPageDocument,
    "\n  query PagesNestedByFragments {\n    interfaces(first: 100) {\n      edges {\n        ...InterfaceEdgeParts\n      }\n    }\n  }\n  fragment InterfaceEdgeParts on InterfaceEdge {\n    node {\n      id\n      ... on Interface {\n        from: source {\n          name\n        }\n        to: target {\n          name\n        }\n      }\n      latest: lastRun {\n        id\n      }\n    }\n  }\n": types.PagesNestedByFragmentsDocument,
    "\n  query PagesRunsTwice($clientId: ID) {\n    runs(clientId: $clientId) {\n      edges {\n        node {\n          id\n          ...RunTimes\n          interface {\n            name\n          }\n          again: interface {\n            status\n            schedule\n            createdAt\n            source {\n              name\n              system\n            }\n          }\n        }\n      }\n    }\n    interfaces(clientId: $clientId) {\n      edges {\n        node {\n          name\n          lastRun {\n            status\n          }\n          latest: lastRun {\n            finishedAt\n            recordsProcessed\n            message\n          }\n        }\n      }\n    }\n  }\n  fragment RunTimes on Run {\n    startedAt\n    ... on Run {\n      recordsProcessed\n    }\n  }\n": types.PagesRunsTwiceDocument,
    "\n    query PagesTokens {\n      apiTokens {\n        id\n        clients {\n          id\n        }\n      }\n    }\n  ": types.PagesTokensDocument,
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
export function graphql(source: "\n  query Viewer {\n    viewer {\n      kind\n      name\n      email\n      pages\n      clients {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer {\n      kind\n      name\n      email\n      pages\n      clients {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TokenViewer {\n    viewer {\n      kind\n      pages\n      clients {\n        id\n      }\n      apiToken {\n        id\n        label\n        expiresAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query TokenViewer {\n    viewer {\n      kind\n      pages\n      clients {\n        id\n      }\n      apiToken {\n        id\n        label\n        expiresAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      sessionToken\n      expiresAt\n      viewer {\n        kind\n        email\n        pages\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      sessionToken\n      expiresAt\n      viewer {\n        kind\n        email\n        pages\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      token\n      apiToken {\n        id\n        label\n        hint\n        pages\n        clients {\n          id\n          name\n        }\n        status\n        expiresAt\n        lastUsedAt\n        revokedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      token\n      apiToken {\n        id\n        label\n        hint\n        pages\n        clients {\n          id\n          name\n        }\n        status\n        expiresAt\n        lastUsedAt\n        revokedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Tokens($includeRevoked: Boolean) {\n    apiTokens(includeRevoked: $includeRevoked) {\n      id\n      label\n      hint\n      pages\n      clients {\n        name\n      }\n      status\n      statusReason\n      expiresAt\n      notBefore\n      allowedIps\n      createdAt\n      rotatedAt\n      revokedAt\n      lastUsedAt\n      lastUsedIp\n      lastUsedUserAgent\n      effectivePages\n      missingPages\n      effectiveClients {\n        id\n      }\n      missingClients\n    }\n  }\n"): (typeof documents)["\n  query Tokens($includeRevoked: Boolean) {\n    apiTokens(includeRevoked: $includeRevoked) {\n      id\n      label\n      hint\n      pages\n      clients {\n        name\n      }\n      status\n      statusReason\n      expiresAt\n      notBefore\n      allowedIps\n      createdAt\n      rotatedAt\n      revokedAt\n      lastUsedAt\n      lastUsedIp\n      lastUsedUserAgent\n      effectivePages\n      missingPages\n      effectiveClients {\n        id\n      }\n      missingClients\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateToken($id: ID!) {\n    rotateApiToken(id: $id) {\n      token\n      apiToken {\n        id\n        label\n        pages\n        rotatedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RotateToken($id: ID!) {\n    rotateApiToken(id: $id) {\n      token\n      apiToken {\n        id\n        label\n        pages\n        rotatedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      id\n      status\n      revokedAt\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      id\n      status\n      revokedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditEvents($tokenId: ID, $first: Int) {\n    auditEvents(tokenId: $tokenId, first: $first) {\n      totalCount\n      edges {\n        node {\n          action\n          tokenId\n          sessionId\n          detail\n          count\n          ip\n          userAgent\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditEvents($tokenId: ID, $first: Int) {\n    auditEvents(tokenId: $tokenId, first: $first) {\n      totalCount\n      edges {\n        node {\n          action\n          tokenId\n          sessionId\n          detail\n          count\n          ip\n          userAgent\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Sessions {\n    sessions {\n      id\n      current\n      ip\n      userAgent\n    }\n  }\n"): (typeof documents)["\n  query Sessions {\n    sessions {\n      id\n      current\n      ip\n      userAgent\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndSession($id: ID!) {\n    endSession(id: $id)\n  }\n"): (typeof documents)["\n  mutation EndSession($id: ID!) {\n    endSession(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeLeakedTokens($secrets: [String!]!) {\n    revokeLeakedTokens(secrets: $secrets)\n  }\n"): (typeof documents)["\n  mutation RevokeLeakedTokens($secrets: [String!]!) {\n    revokeLeakedTokens(secrets: $secrets)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PagesAll($clientId: ID) {\n    users(clientId: $clientId) {\n      totalCount\n      edges {\n        node {\n          id\n          client {\n            id\n          }\n        }\n      }\n    }\n    connectors(clientId: $clientId) {\n      totalCount\n      edges {\n        node {\n          id\n          client {\n            id\n          }\n        }\n      }\n    }\n    interfaces(clientId: $clientId) {\n      totalCount\n      edges {\n        node {\n          id\n          client {\n            id\n          }\n        }\n      }\n    }\n    runs(clientId: $clientId) {\n      totalCount\n      edges {\n        node {\n          id\n          client {\n            id\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PagesAll($clientId: ID) {\n    users(clientId: $clientId) {\n      totalCount\n      edges {\n        node {\n          id\n          client {\n            id\n          }\n        }\n      }\n    }\n    connectors(clientId: $clientId) {\n      totalCount\n      edges {\n        node {\n          id\n          client {\n            id\n          }\n        }\n      }\n    }\n    interfaces(clientId: $clientId) {\n      totalCount\n      edges {\n        node {\n          id\n          client {\n            id\n          }\n        }\n      }\n    }\n    runs(clientId: $clientId) {\n      totalCount\n      edges {\n        node {\n          id\n          client {\n            id\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PagesNested($first: Int) {\n    interfaces(first: $first) {\n      edges {\n        node {\n          id\n          client {\n            name\n          }\n          source {\n            id\n            name\n          }\n          target {\n            id\n          }\n          lastRun {\n            id\n            status\n          }\n        }\n      }\n    }\n    runs(first: 1) {\n      edges {\n        node {\n          id\n          interface {\n            id\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PagesNested($first: Int) {\n    interfaces(first: $first) {\n      edges {\n        node {\n          id\n          client {\n            name\n          }\n          source {\n            id\n            name\n          }\n          target {\n            id\n          }\n          lastRun {\n            id\n            status\n          }\n        }\n      }\n    }\n    runs(first: 1) {\n      edges {\n        node {\n          id\n          interface {\n            id\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PagesViewer {\n    viewer {\n      pages\n      clients {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  query PagesViewer {\n    viewer {\n      pages\n      clients {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PagesConnectorsPage($clientId: ID, $first: Int, $after: String) {\n    connectors(clientId: $clientId, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PagesConnectorsPage($clientId: ID, $first: Int, $after: String) {\n    connectors(clientId: $clientId, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PagesRunsPage($clientId: ID, $interfaceId: ID, $first: Int, $after: String) {\n    runs(clientId: $clientId, interfaceId: $interfaceId, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          startedAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PagesRunsPage($clientId: ID, $interfaceId: ID, $first: Int, $after: String) {\n    runs(clientId: $clientId, interfaceId: $interfaceId, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          startedAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PagesNestedByFragments {\n    interfaces(first: 100) {\n      edges {\n        ...InterfaceEdgeParts\n      }\n    }\n  }\n  fragment InterfaceEdgeParts on InterfaceEdge {\n    node {\n      id\n      ... on Interface {\n        from: source {\n          name\n        }\n        to: target {\n          name\n        }\n      }\n      latest: lastRun {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  query PagesNestedByFragments {\n    interfaces(first: 100) {\n      edges {\n        ...InterfaceEdgeParts\n      }\n    }\n  }\n  fragment InterfaceEdgeParts on InterfaceEdge {\n    node {\n      id\n      ... on Interface {\n        from: source {\n          name\n        }\n        to: target {\n          name\n        }\n      }\n      latest: lastRun {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PagesRunsTwice($clientId: ID) {\n    runs(clientId: $clientId) {\n      edges {\n        node {\n          id\n          ...RunTimes\n          interface {\n            name\n          }\n          again: interface {\n            status\n            schedule\n            createdAt\n            source {\n              name\n              system\n            }\n          }\n        }\n      }\n    }\n    interfaces(clientId: $clientId) {\n      edges {\n        node {\n          name\n          lastRun {\n            status\n          }\n          latest: lastRun {\n            finishedAt\n            recordsProcessed\n            message\n          }\n        }\n      }\n    }\n  }\n  fragment RunTimes on Run {\n    startedAt\n    ... on Run {\n      recordsProcessed\n    }\n  }\n"): (typeof documents)["\n  query PagesRunsTwice($clientId: ID) {\n    runs(clientId: $clientId) {\n      edges {\n        node {\n          id\n          ...RunTimes\n          interface {\n            name\n          }\n          again: interface {\n            status\n            schedule\n            createdAt\n            source {\n              name\n              system\n            }\n          }\n        }\n      }\n    }\n    interfaces(clientId: $clientId) {\n      edges {\n        node {\n          name\n          lastRun {\n            status\n          }\n          latest: lastRun {\n            finishedAt\n            recordsProcessed\n            message\n          }\n        }\n      }\n    }\n  }\n  fragment RunTimes on Run {\n    startedAt\n    ... on Run {\n      recordsProcessed\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    query PagesTokens {\n      apiTokens {\n        id\n        clients {\n          id\n        }\n      }\n    }\n  "): (typeof documents)["\n    query PagesTokens {\n      apiTokens {\n        id\n        clients {\n          id\n        }\n      }\n    }\n  "];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;