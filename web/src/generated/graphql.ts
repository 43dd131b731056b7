/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type ApiTokenStatus =
  | 'ACTIVE'
  /** Past its end date, or stopped by the lifetime or idle policy (see statusReason). */
  | 'EXPIRED'
  /** Not valid yet: before its notBefore. */
  | 'PENDING'
  | 'REVOKED';

export type AuditAction =
  | 'ACCESS_DENIED'
  | 'LOGIN_FAILED'
  | 'LOGIN_SUCCEEDED'
  | 'POLICY_CHANGED'
  | 'SESSION_ENDED'
  | 'TOKEN_APPROVED'
  | 'TOKEN_CLIENT_REMOVED'
  | 'TOKEN_CREATED'
  | 'TOKEN_DENIED'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_REVOKED'
  | 'TOKEN_ROTATED';

export type ClientApiTokenFilter = {
  /** Ending before this instant (end date, lifetime or idle). */
  endsBefore?: string | null | undefined;
  /** Last used before this instant (never used: left out). */
  lastUsedBefore?: string | null | undefined;
  /** true: only tokens never used; false: only tokens used. */
  neverUsed?: boolean | null | undefined;
  /** Tokens of this owner. */
  ownerId?: string | number | null | undefined;
  /** Tokens that hold this page. */
  page?: Page | null | undefined;
  /** true: only the client's service tokens; false: only persons' tokens. */
  serviceToken?: boolean | null | undefined;
  /** Any of these statuses. */
  status?: Array<ClientApiTokenStatus> | null | undefined;
};

export type ClientApiTokenOrder = {
  direction: OrderDirection;
  field: ClientApiTokenOrderField;
};

export type ClientApiTokenOrderField =
  | 'CREATED_AT'
  | 'ENDS_AT'
  | 'LAST_USED_AT'
  | 'REQUESTED_AT';

export type ClientApiTokenStatus =
  | 'ACTIVE'
  /** Held back for this client by the client's token policy (see policyRule). */
  | 'BLOCKED'
  /** Past its end date, or stopped by the lifetime or idle limit. */
  | 'EXPIRED'
  /** Not valid yet: before its notBefore. */
  | 'PENDING'
  | 'REVOKED';

/** The whole policy: a rule left out is no rule. */
export type ClientTokenPolicyInput = {
  addressesRequired?: boolean | null | undefined;
  /** Null: any page. */
  allowedPages?: Array<Page> | null | undefined;
  /** Null: NEVER. Applies to tokens made from now on. */
  approval?: TokenApprovalMode | null | undefined;
  /** 1 to 3650; with ABOVE_THRESHOLD. */
  approvalAboveDays?: number | null | undefined;
  /** With ABOVE_THRESHOLD. */
  approvalAllClients?: boolean | null | undefined;
  /** With ABOVE_THRESHOLD. */
  approvalUsersPage?: boolean | null | undefined;
  endRequired?: boolean | null | undefined;
  /** 1 to 3650; null: no limit. */
  idleDays?: number | null | undefined;
  /** 1 to 3650; null: no limit. */
  maxLifetimeDays?: number | null | undefined;
};

export type CreateApiTokenInput = {
  /** Addresses or CIDR ranges (IPv4, IPv6) the token may be used from. Omitted or null: any. */
  allowedIps?: Array<string> | null | undefined;
  /** Omitted or null: every client the owner can access at the time of each request. */
  clientIds?: Array<string | number> | null | undefined;
  /** Omitted or null: no end date (unless a lifetime limit requires one). */
  expiresAt?: string | null | undefined;
  /** 1 to 100 characters (trimmed). */
  label: string;
  /** Before this instant the token is refused. */
  notBefore?: string | null | undefined;
  /** At least one; only pages you have. */
  pages: Array<Page>;
};

export type CreateServiceTokenInput = {
  /** Addresses or CIDR ranges; omitted or null: any. */
  allowedIps?: Array<string> | null | undefined;
  /** Omitted or null: no end date. */
  expiresAt?: string | null | undefined;
  /** 1 to 100 characters (trimmed). */
  label: string;
  notBefore?: string | null | undefined;
  /** At least one; only pages you have. */
  pages: Array<Page>;
};

export type NoticeKind =
  /** A client's administrator decided a token's request to read it. */
  | 'REQUEST_DECIDED'
  /** A token waits for an administrator's approval to read a client. */
  | 'REQUEST_WAITING'
  /** A client's new token policy blocks a token there. */
  | 'TOKEN_BLOCKED'
  /** A token stops working within 30, 7 or 1 days. */
  | 'TOKEN_ENDING'
  /** Someone else revoked a token. */
  | 'TOKEN_REVOKED'
  /** A webhook endpoint failed too often and was disabled. */
  | 'WEBHOOK_DISABLED';

export type OrderDirection =
  | 'ASC'
  | 'DESC';

/** A data area of the platform. An API token grants read access per page. */
export type Page =
  | 'CONNECTORS'
  | 'INTERFACES'
  | 'RUNS'
  | 'USERS';

export type TokenApprovalMode =
  /** New tokens above the thresholds that are set (days, all clients, USERS). */
  | 'ABOVE_THRESHOLD'
  /** Every new token that reads the client. */
  | 'ALWAYS'
  | 'NEVER';

export type TokenApprovalStatus =
  | 'APPROVED'
  | 'DENIED'
  | 'PENDING';

/** Why a token ends: the end date given, the lifetime limit, or the idle limit. */
export type TokenEndReason =
  | 'END_DATE'
  | 'IDLE_LIMIT'
  | 'LIFETIME_LIMIT';

export type PageLoginMutationVariables = Exact<{
  email: string;
  password: string;
}>;


export type PageLoginMutation = { login: { sessionToken: string } };

export type PageLogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type PageLogoutMutation = { logout: boolean };

export type PageOverviewQueryVariables = Exact<{
  includeRevoked?: boolean | null | undefined;
}>;


export type PageOverviewQuery = { viewer: { name: string, email: string, pages: Array<Page>, clients: Array<{ id: string, name: string }>, administeredClients: Array<{ id: string, name: string }> } | null, apiTokens: Array<{ id: string, label: string, hint: string, pages: Array<Page>, status: ApiTokenStatus, statusReason: string | null, expiresAt: string | null, endsAt: string | null, endsBecause: TokenEndReason | null, notBefore: string | null, createdAt: string, lastUsedAt: string | null, lastUsedIp: string | null, lastUsedUserAgent: string | null, allowedIps: Array<string> | null, effectivePages: Array<Page>, missingPages: Array<Page>, missingClients: Array<string>, clients: Array<{ id: string, name: string }> | null, effectiveClients: Array<{ id: string, name: string }>, usage: Array<{ day: string, requests: number, refused: number }> }> | null };

export type PageTokenEventsQueryVariables = Exact<{
  tokenId: string | number;
  after?: string | null | undefined;
}>;


export type PageTokenEventsQuery = { auditEvents: { edges: Array<{ node: { id: string, at: string, action: AuditAction, detail: string | null, ip: string | null, count: number } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null };

export type PageRotateTokenMutationVariables = Exact<{
  id: string | number;
}>;


export type PageRotateTokenMutation = { rotateApiToken: { token: string, apiToken: { id: string } } };

export type PageCreateTokenMutationVariables = Exact<{
  input: CreateApiTokenInput;
}>;


export type PageCreateTokenMutation = { createApiToken: { token: string, apiToken: { id: string } } };

export type PageRevokeTokenMutationVariables = Exact<{
  id: string | number;
}>;


export type PageRevokeTokenMutation = { revokeApiToken: { id: string, status: ApiTokenStatus } };

export type PageOrgTokensQueryVariables = Exact<{
  clientId: string | number;
  filter?: ClientApiTokenFilter | null | undefined;
  orderBy?: ClientApiTokenOrder | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PageOrgTokensQuery = { clientApiTokens: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, label: string, hint: string, serviceToken: boolean, pages: Array<Page>, allClients: boolean, otherClientCount: number, status: ClientApiTokenStatus, statusReason: string | null, createdAt: string, endsAt: string | null, lastUsedAt: string | null, lastUsedIp: string | null, lastUsedUserAgent: string | null, requests30Days: number, refused30Days: number, owner: { id: string, name: string, email: string }, clients: Array<{ id: string, name: string }>, approval: { status: TokenApprovalStatus, requestedAt: string, reason: string | null } | null } }> } | null };

export type OrgTokenFragment = { id: string, label: string, hint: string, serviceToken: boolean, pages: Array<Page>, allClients: boolean, otherClientCount: number, status: ClientApiTokenStatus, statusReason: string | null, createdAt: string, endsAt: string | null, lastUsedAt: string | null, lastUsedIp: string | null, lastUsedUserAgent: string | null, requests30Days: number, refused30Days: number, owner: { id: string, name: string, email: string }, clients: Array<{ id: string, name: string }>, approval: { status: TokenApprovalStatus, requestedAt: string, reason: string | null } | null };

export type PageOrgRequestsQueryVariables = Exact<{
  clientId: string | number;
}>;


export type PageOrgRequestsQuery = { clientApiTokenRequests: { totalCount: number, edges: Array<{ node: { id: string, label: string, hint: string, serviceToken: boolean, pages: Array<Page>, allClients: boolean, otherClientCount: number, status: ClientApiTokenStatus, statusReason: string | null, createdAt: string, endsAt: string | null, lastUsedAt: string | null, lastUsedIp: string | null, lastUsedUserAgent: string | null, requests30Days: number, refused30Days: number, owner: { id: string, name: string, email: string }, clients: Array<{ id: string, name: string }>, approval: { status: TokenApprovalStatus, requestedAt: string, reason: string | null } | null } }> } | null };

export type PageOrgPolicyQueryVariables = Exact<{
  clientId: string | number;
}>;


export type PageOrgPolicyQuery = { clientTokenPolicy: { maxLifetimeDays: number | null, endRequired: boolean, allowedPages: Array<Page> | null, addressesRequired: boolean, idleDays: number | null, approval: TokenApprovalMode, approvalAboveDays: number | null, approvalAllClients: boolean, approvalUsersPage: boolean, updatedAt: string | null } | null };

export type OrgPolicyFieldsFragment = { maxLifetimeDays: number | null, endRequired: boolean, allowedPages: Array<Page> | null, addressesRequired: boolean, idleDays: number | null, approval: TokenApprovalMode, approvalAboveDays: number | null, approvalAllClients: boolean, approvalUsersPage: boolean, updatedAt: string | null };

export type PageOrgSetPolicyMutationVariables = Exact<{
  clientId: string | number;
  input: ClientTokenPolicyInput;
}>;


export type PageOrgSetPolicyMutation = { setClientTokenPolicy: { maxLifetimeDays: number | null, endRequired: boolean, allowedPages: Array<Page> | null, addressesRequired: boolean, idleDays: number | null, approval: TokenApprovalMode, approvalAboveDays: number | null, approvalAllClients: boolean, approvalUsersPage: boolean, updatedAt: string | null } };

export type PageOrgRevokeMutationVariables = Exact<{
  clientId: string | number;
  ids: Array<string | number> | string | number;
  reason: string;
}>;


export type PageOrgRevokeMutation = { revokeClientApiTokens: Array<{ id: string, status: ClientApiTokenStatus }> };

export type PageOrgRemoveClientMutationVariables = Exact<{
  clientId: string | number;
  id: string | number;
  reason: string;
}>;


export type PageOrgRemoveClientMutation = { removeClientFromApiToken: { id: string, status: ClientApiTokenStatus } | null };

export type PageOrgDecideMutationVariables = Exact<{
  clientId: string | number;
  ids: Array<string | number> | string | number;
  approve: boolean;
  reason: string;
}>;


export type PageOrgDecideMutation = { decideClientApiTokenRequests: Array<{ id: string, status: ClientApiTokenStatus }> };

export type PageOrgCreateServiceMutationVariables = Exact<{
  clientId: string | number;
  input: CreateServiceTokenInput;
}>;


export type PageOrgCreateServiceMutation = { createServiceToken: { token: string, serviceToken: { id: string } } };

export type PageOrgRotateServiceMutationVariables = Exact<{
  clientId: string | number;
  id: string | number;
}>;


export type PageOrgRotateServiceMutation = { rotateServiceToken: { token: string, serviceToken: { id: string } } };

export type PageNoticesQueryVariables = Exact<{ [key: string]: never; }>;


export type PageNoticesQuery = { notices: { totalCount: number, edges: Array<{ node: { id: string, kind: NoticeKind, subject: string, body: string, createdAt: string } }> } | null };

export type PageOrgViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type PageOrgViewerQuery = { viewer: { pages: Array<Page>, administeredClients: Array<{ id: string, name: string }> } | null };

export const OrgTokenFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OrgToken"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ClientApiToken"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"hint"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"serviceToken"}},{"kind":"Field","name":{"kind":"Name","value":"pages"}},{"kind":"Field","name":{"kind":"Name","value":"allClients"}},{"kind":"Field","name":{"kind":"Name","value":"clients"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"otherClientCount"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusReason"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"endsAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedIp"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedUserAgent"}},{"kind":"Field","name":{"kind":"Name","value":"requests30Days"}},{"kind":"Field","name":{"kind":"Name","value":"refused30Days"}},{"kind":"Field","name":{"kind":"Name","value":"approval"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}}]} as unknown as DocumentNode<OrgTokenFragment, unknown>;
export const OrgPolicyFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OrgPolicyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ClientTokenPolicy"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"maxLifetimeDays"}},{"kind":"Field","name":{"kind":"Name","value":"endRequired"}},{"kind":"Field","name":{"kind":"Name","value":"allowedPages"}},{"kind":"Field","name":{"kind":"Name","value":"addressesRequired"}},{"kind":"Field","name":{"kind":"Name","value":"idleDays"}},{"kind":"Field","name":{"kind":"Name","value":"approval"}},{"kind":"Field","name":{"kind":"Name","value":"approvalAboveDays"}},{"kind":"Field","name":{"kind":"Name","value":"approvalAllClients"}},{"kind":"Field","name":{"kind":"Name","value":"approvalUsersPage"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<OrgPolicyFieldsFragment, unknown>;
export const PageLoginDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PageLogin"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"email"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"password"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"login"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"email"},"value":{"kind":"Variable","name":{"kind":"Name","value":"email"}}},{"kind":"Argument","name":{"kind":"Name","value":"password"},"value":{"kind":"Variable","name":{"kind":"Name","value":"password"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessionToken"}}]}}]}}]} as unknown as DocumentNode<PageLoginMutation, PageLoginMutationVariables>;
export const PageLogoutDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PageLogout"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logout"}}]}}]} as unknown as DocumentNode<PageLogoutMutation, PageLogoutMutationVariables>;
export const PageOverviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PageOverview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"includeRevoked"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"pages"}},{"kind":"Field","name":{"kind":"Name","value":"clients"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"administeredClients"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"apiTokens"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"includeRevoked"},"value":{"kind":"Variable","name":{"kind":"Name","value":"includeRevoked"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"hint"}},{"kind":"Field","name":{"kind":"Name","value":"pages"}},{"kind":"Field","name":{"kind":"Name","value":"clients"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusReason"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"endsAt"}},{"kind":"Field","name":{"kind":"Name","value":"endsBecause"}},{"kind":"Field","name":{"kind":"Name","value":"notBefore"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedIp"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedUserAgent"}},{"kind":"Field","name":{"kind":"Name","value":"allowedIps"}},{"kind":"Field","name":{"kind":"Name","value":"effectivePages"}},{"kind":"Field","name":{"kind":"Name","value":"missingPages"}},{"kind":"Field","name":{"kind":"Name","value":"effectiveClients"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"missingClients"}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"days"},"value":{"kind":"IntValue","value":"30"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"day"}},{"kind":"Field","name":{"kind":"Name","value":"requests"}},{"kind":"Field","name":{"kind":"Name","value":"refused"}}]}}]}}]}}]} as unknown as DocumentNode<PageOverviewQuery, PageOverviewQueryVariables>;
export const PageTokenEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PageTokenEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tokenId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"tokenId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tokenId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}},{"kind":"Field","name":{"kind":"Name","value":"ip"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<PageTokenEventsQuery, PageTokenEventsQueryVariables>;
export const PageRotateTokenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PageRotateToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rotateApiToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"apiToken"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<PageRotateTokenMutation, PageRotateTokenMutationVariables>;
export const PageCreateTokenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PageCreateToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateApiTokenInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createApiToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"apiToken"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<PageCreateTokenMutation, PageCreateTokenMutationVariables>;
export const PageRevokeTokenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PageRevokeToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeApiToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<PageRevokeTokenMutation, PageRevokeTokenMutationVariables>;
export const PageOrgTokensDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PageOrgTokens"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ClientApiTokenFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ClientApiTokenOrder"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clientApiTokens"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"clientId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OrgToken"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OrgToken"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ClientApiToken"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"hint"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"serviceToken"}},{"kind":"Field","name":{"kind":"Name","value":"pages"}},{"kind":"Field","name":{"kind":"Name","value":"allClients"}},{"kind":"Field","name":{"kind":"Name","value":"clients"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"otherClientCount"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusReason"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"endsAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedIp"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedUserAgent"}},{"kind":"Field","name":{"kind":"Name","value":"requests30Days"}},{"kind":"Field","name":{"kind":"Name","value":"refused30Days"}},{"kind":"Field","name":{"kind":"Name","value":"approval"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}}]} as unknown as DocumentNode<PageOrgTokensQuery, PageOrgTokensQueryVariables>;
export const PageOrgRequestsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PageOrgRequests"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clientApiTokenRequests"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"clientId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OrgToken"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OrgToken"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ClientApiToken"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"hint"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"serviceToken"}},{"kind":"Field","name":{"kind":"Name","value":"pages"}},{"kind":"Field","name":{"kind":"Name","value":"allClients"}},{"kind":"Field","name":{"kind":"Name","value":"clients"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"otherClientCount"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusReason"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"endsAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedIp"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedUserAgent"}},{"kind":"Field","name":{"kind":"Name","value":"requests30Days"}},{"kind":"Field","name":{"kind":"Name","value":"refused30Days"}},{"kind":"Field","name":{"kind":"Name","value":"approval"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}}]} as unknown as DocumentNode<PageOrgRequestsQuery, PageOrgRequestsQueryVariables>;
export const PageOrgPolicyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PageOrgPolicy"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clientTokenPolicy"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"clientId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OrgPolicyFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OrgPolicyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ClientTokenPolicy"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"maxLifetimeDays"}},{"kind":"Field","name":{"kind":"Name","value":"endRequired"}},{"kind":"Field","name":{"kind":"Name","value":"allowedPages"}},{"kind":"Field","name":{"kind":"Name","value":"addressesRequired"}},{"kind":"Field","name":{"kind":"Name","value":"idleDays"}},{"kind":"Field","name":{"kind":"Name","value":"approval"}},{"kind":"Field","name":{"kind":"Name","value":"approvalAboveDays"}},{"kind":"Field","name":{"kind":"Name","value":"approvalAllClients"}},{"kind":"Field","name":{"kind":"Name","value":"approvalUsersPage"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<PageOrgPolicyQuery, PageOrgPolicyQueryVariables>;
export const PageOrgSetPolicyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PageOrgSetPolicy"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ClientTokenPolicyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setClientTokenPolicy"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"clientId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"OrgPolicyFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"OrgPolicyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ClientTokenPolicy"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"maxLifetimeDays"}},{"kind":"Field","name":{"kind":"Name","value":"endRequired"}},{"kind":"Field","name":{"kind":"Name","value":"allowedPages"}},{"kind":"Field","name":{"kind":"Name","value":"addressesRequired"}},{"kind":"Field","name":{"kind":"Name","value":"idleDays"}},{"kind":"Field","name":{"kind":"Name","value":"approval"}},{"kind":"Field","name":{"kind":"Name","value":"approvalAboveDays"}},{"kind":"Field","name":{"kind":"Name","value":"approvalAllClients"}},{"kind":"Field","name":{"kind":"Name","value":"approvalUsersPage"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<PageOrgSetPolicyMutation, PageOrgSetPolicyMutationVariables>;
export const PageOrgRevokeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PageOrgRevoke"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeClientApiTokens"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"clientId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}}},{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<PageOrgRevokeMutation, PageOrgRevokeMutationVariables>;
export const PageOrgRemoveClientDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PageOrgRemoveClient"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeClientFromApiToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"clientId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}}},{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<PageOrgRemoveClientMutation, PageOrgRemoveClientMutationVariables>;
export const PageOrgDecideDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PageOrgDecide"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"approve"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"decideClientApiTokenRequests"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"clientId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}}},{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}},{"kind":"Argument","name":{"kind":"Name","value":"approve"},"value":{"kind":"Variable","name":{"kind":"Name","value":"approve"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<PageOrgDecideMutation, PageOrgDecideMutationVariables>;
export const PageOrgCreateServiceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PageOrgCreateService"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateServiceTokenInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createServiceToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"clientId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"serviceToken"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<PageOrgCreateServiceMutation, PageOrgCreateServiceMutationVariables>;
export const PageOrgRotateServiceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PageOrgRotateService"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rotateServiceToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"clientId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}}},{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"serviceToken"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<PageOrgRotateServiceMutation, PageOrgRotateServiceMutationVariables>;
export const PageNoticesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PageNotices"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notices"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]}}]}}]} as unknown as DocumentNode<PageNoticesQuery, PageNoticesQueryVariables>;
export const PageOrgViewerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PageOrgViewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pages"}},{"kind":"Field","name":{"kind":"Name","value":"administeredClients"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<PageOrgViewerQuery, PageOrgViewerQueryVariables>;