import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import type { Page } from '../core/pages.js';

/** Instants are stored to the millisecond, a JavaScript Date's precision, so that a cursor holds a row's exact time. */
const MS = 3;

// Entities use defineEntity (no decorators): tsx emits no decorator metadata, so nothing here relies on it.

/**
 * What every page row carries for incremental reads (docs/changes.md), set by a trigger on every write whoever
 * writes: when and by which transaction it was last written, and which transaction made it.
 */
const changeColumns = () => ({
  updatedAt: p.datetime(MS).defaultRaw('now()'),
  changeId: p.bigint('number').default(0),
  createdChangeId: p.bigint('number').default(0).lazy(),
});
// Ids are UUIDs made by the application. Arrays hold small sets (pages, client ids) read with their row.

export const ClientEntity = defineEntity({
  name: 'Client',
  tableName: 'client',
  properties: {
    id: p.uuid().primary(),
    name: p.text().unique(),
    createdAt: p.datetime(MS).defaultRaw('now()'),
  },
});
export type Client = InferEntity<typeof ClientEntity>;

export const UserEntity = defineEntity({
  name: 'User',
  tableName: 'app_user',
  properties: {
    id: p.uuid().primary(),
    /** Stored lower-cased; unique. */
    email: p.text().unique(),
    name: p.text(),
    passwordHash: p.text().lazy(true, false),
    isActive: p.boolean().default(true),
    /** The home client, shown as `User.client`; the USERS page lists users by it. */
    client: () => p.manyToOne(ClientEntity).ref(),
    /** The pages this user may see. */
    pages: p.array().columnType('text[]').$type<Page[]>().default('{}'),
    /** The clients (tenants) this user may see. */
    clientIds: p.array().columnType('uuid[]').default('{}'),
    /** The clients whose tokens this user governs (docs/organisation.md); a subset of `clientIds`. */
    adminClientIds: p.array().columnType('uuid[]').default('{}'),
    createdAt: p.datetime(MS).defaultRaw('now()'),
    ...changeColumns(),
  },
  // One index range per client and order of the USERS list (database/page-queries.ts).
  indexes: [
    { name: 'app_user_client_created_idx', properties: ['client', 'createdAt', 'id'] },
    { name: 'app_user_client_name_idx', properties: ['client', 'name', 'id'] },
    { name: 'app_user_client_email_idx', properties: ['client', 'email', 'id'] },
    { name: 'app_user_client_change_idx', properties: ['client', 'changeId', 'id'] },
  ],
});
export type User = InferEntity<typeof UserEntity>;

export const ApiTokenEntity = defineEntity({
  name: 'ApiToken',
  tableName: 'api_token',
  properties: {
    id: p.uuid().primary(),
    /** The person who owns it; null for a service token (`ownerClient`). */
    user: () => p.manyToOne(UserEntity).ref().nullable().index().deleteRule('no action'),
    /** The client that owns a service token (docs/organisation.md); null for a person's token. */
    ownerClient: () => p.manyToOne(ClientEntity).ref().nullable().index().deleteRule('cascade'),
    /** Who made a service token (an administrator of its client). */
    createdBy: () => p.manyToOne(UserEntity).ref().nullable(),
    label: p.text(),
    /** SHA-256 (hex) of the secret; the secret itself is never stored. */
    secretHash: p.text().unique(),
    hint: p.text(),
    pages: p.array().columnType('text[]').$type<Page[]>(),
    /** Null: all of the owner's clients at the time of each request. */
    clientIds: p.array().columnType('uuid[]').nullable(),
    expiresAt: p.datetime(MS).nullable(),
    createdAt: p.datetime(MS).defaultRaw('now()'),
    lastUsedAt: p.datetime(MS).nullable(),
    lastUsedIp: p.text().nullable(),
    lastUsedUserAgent: p.text().nullable(),
    revokedAt: p.datetime(MS).nullable(),
    rotatedAt: p.datetime(MS).nullable(),
    /** Null: any address. Otherwise CIDR ranges or single addresses, IPv4 or IPv6. */
    allowedIps: p.array().columnType('text[]').nullable(),
    /** Before this instant the token is refused. */
    notBefore: p.datetime(MS).nullable(),
  },
});
export type ApiToken = InferEntity<typeof ApiTokenEntity>;

export const SessionEntity = defineEntity({
  name: 'Session',
  tableName: 'session',
  properties: {
    id: p.uuid().primary(),
    user: () => p.manyToOne(UserEntity).ref().index(),
    secretHash: p.text().unique(),
    createdAt: p.datetime(MS).defaultRaw('now()'),
    expiresAt: p.datetime(MS),
    lastUsedAt: p.datetime(MS).nullable(),
    endedAt: p.datetime(MS).nullable(),
    ip: p.text().nullable(),
    userAgent: p.text().nullable(),
  },
});
export type Session = InferEntity<typeof SessionEntity>;

export const CONNECTOR_STATUSES = ['ACTIVE', 'INACTIVE', 'ERROR'] as const;
export const INTERFACE_STATUSES = ['ACTIVE', 'PAUSED', 'DRAFT'] as const;
export const RUN_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED'] as const;

export const ConnectorEntity = defineEntity({
  name: 'Connector',
  tableName: 'connector',
  properties: {
    id: p.uuid().primary(),
    client: () => p.manyToOne(ClientEntity).ref(),
    name: p.text(),
    system: p.text(),
    status: p.enum([...CONNECTOR_STATUSES]),
    createdAt: p.datetime(MS).defaultRaw('now()'),
    ...changeColumns(),
  },
  indexes: [
    { name: 'connector_client_created_idx', properties: ['client', 'createdAt', 'id'] },
    { name: 'connector_client_name_idx', properties: ['client', 'name', 'id'] },
    { name: 'connector_client_system_idx', properties: ['client', 'system', 'id'] },
    { name: 'connector_client_change_idx', properties: ['client', 'changeId', 'id'] },
  ],
});
export type Connector = InferEntity<typeof ConnectorEntity>;

export const InterfaceEntity = defineEntity({
  name: 'Interface',
  tableName: 'interface',
  properties: {
    id: p.uuid().primary(),
    client: () => p.manyToOne(ClientEntity).ref(),
    name: p.text(),
    status: p.enum([...INTERFACE_STATUSES]),
    schedule: p.text().nullable(),
    source: () => p.manyToOne(ConnectorEntity).ref().nullable().index(),
    target: () => p.manyToOne(ConnectorEntity).ref().nullable().index(),
    createdAt: p.datetime(MS).defaultRaw('now()'),
    ...changeColumns(),
  },
  indexes: [
    { name: 'interface_client_created_idx', properties: ['client', 'createdAt', 'id'] },
    { name: 'interface_client_name_idx', properties: ['client', 'name', 'id'] },
    { name: 'interface_client_change_idx', properties: ['client', 'changeId', 'id'] },
  ],
});
export type Interface = InferEntity<typeof InterfaceEntity>;

export const RunEntity = defineEntity({
  name: 'Run',
  tableName: 'run',
  properties: {
    id: p.uuid().primary(),
    /** Denormalised from the interface so that runs are filtered by client without a join. */
    client: () => p.manyToOne(ClientEntity).ref(),
    interface: () => p.manyToOne(InterfaceEntity).ref(),
    status: p.enum([...RUN_STATUSES]),
    startedAt: p.datetime(MS),
    finishedAt: p.datetime(MS).nullable(),
    recordsProcessed: p.integer().default(0),
    message: p.text().nullable(),
    ...changeColumns(),
  },
  // One index range per client for each order and filter of the RUNS list (database/page-queries.ts); a
  // nullable column needs one index per direction for nulls to come last both ways.
  indexes: [
    { name: 'run_client_started_idx', properties: ['client', 'startedAt', 'id'] },
    // An interface's runs (a connector's runs, Interface.lastRun, runs(interfaceId:)), always within the client.
    { name: 'run_interface_client_started_idx', properties: ['interface', 'client', 'startedAt', 'id'] },
    { name: 'run_client_status_started_idx', properties: ['client', 'status', 'startedAt', 'id'] },
    { name: 'run_client_records_idx', properties: ['client', 'recordsProcessed', 'id'] },
    { name: 'run_client_change_idx', properties: ['client', 'changeId', 'id'] },
    { name: 'run_client_finished_idx', properties: ['client', 'finishedAt', 'id'] },
    {
      name: 'run_client_finished_desc_idx',
      expression:
        'create index "run_client_finished_desc_idx" on "run" ("client_id", "finished_at" desc nulls last, "id" desc)',
    },
  ],
});
export type Run = InferEntity<typeof RunEntity>;

export const AUDIT_ACTIONS = [
  'TOKEN_CREATED',
  'TOKEN_ROTATED',
  'TOKEN_REVOKED',
  'TOKEN_EXPIRED',
  'ACCESS_DENIED',
  'LOGIN_SUCCEEDED',
  'LOGIN_FAILED',
  'SESSION_ENDED',
  'TOKEN_CLIENT_REMOVED',
  'POLICY_CHANGED',
  'TOKEN_APPROVED',
  'TOKEN_DENIED',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Something that happened to a user's tokens or sessions. Repeated refusals share one row (`dedupeKey`, `count`). */
export const AuditEventEntity = defineEntity({
  name: 'AuditEvent',
  tableName: 'audit_event',
  properties: {
    id: p.uuid().primary(),
    at: p.datetime(MS),
    action: p.enum([...AUDIT_ACTIONS]),
    /** The user whose token or session it concerns; null for a failed login of an unknown e-mail. */
    actorUser: () => p.manyToOne(UserEntity).ref().nullable(),
    token: () => p.manyToOne(ApiTokenEntity).ref().nullable(),
    session: () => p.manyToOne(SessionEntity).ref().nullable(),
    ip: p.text().nullable(),
    userAgent: p.text().nullable(),
    detail: p.text().nullable(),
    count: p.integer().default(1),
    dedupeKey: p.text().nullable().unique(),
    /** The administrator who acted on the user's token, when it was not the user. */
    byUser: () => p.manyToOne(UserEntity).ref().nullable(),
    /** The client an administrator acted for. */
    client: () => p.manyToOne(ClientEntity).ref().nullable(),
  },
  indexes: [
    { name: 'audit_event_actor_at_idx', properties: ['actorUser', 'at', 'id'] },
    { name: 'audit_event_token_at_idx', properties: ['token', 'at', 'id'] },
  ],
});
export type AuditEvent = InferEntity<typeof AuditEventEntity>;

/**
 * How much an API token was used per day (UTC): requests, and how many of them were refused. Gateways count in
 * memory and add their counts here in batches (auth/token-usage.ts), so several processes share the rows.
 */
export const ApiTokenUsageEntity = defineEntity({
  name: 'ApiTokenUsage',
  tableName: 'api_token_usage',
  properties: {
    token: () => p.manyToOne(ApiTokenEntity).ref().primary().deleteRule('cascade'),
    day: p.string().columnType('date').primary(),
    requests: p.integer().default(0),
    refused: p.integer().default(0),
  },
});

/** Every entity but the organisation's (governance-entities.ts adds those). */
/** A page row deleted (or moved to another client), for incremental readers (docs/changes.md); written by triggers. */
export const PageDeletionEntity = defineEntity({
  name: 'PageDeletion',
  tableName: 'page_deletion',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    page: p.text().$type<Page>(),
    rowId: p.uuid(),
    /** No foreign key: the rows of a client being deleted leave their markers too. */
    clientId: p.uuid(),
    deletedAt: p.datetime(MS).defaultRaw('now()'),
    changeId: p.bigint('number').default(0),
    createdChangeId: p.bigint('number').default(0),
  },
  indexes: [
    { name: 'page_deletion_page_client_change_idx', properties: ['page', 'clientId', 'changeId', 'rowId'] },
    { name: 'page_deletion_deleted_at_idx', properties: ['deletedAt'] },
  ],
});

export const coreEntities = [
  PageDeletionEntity,
  AuditEventEntity,
  ApiTokenUsageEntity,
  ClientEntity,
  UserEntity,
  ApiTokenEntity,
  SessionEntity,
  ConnectorEntity,
  InterfaceEntity,
  RunEntity,
];
