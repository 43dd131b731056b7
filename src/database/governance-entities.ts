import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import type { Page } from '../core/pages.js';
import { ApiTokenEntity, ClientEntity, coreEntities, UserEntity } from './entities.js';
import { webhookEntities } from './webhook-entities.js';

// The organisation's view of tokens (docs/organisation.md): client policies, approvals and notices.

/** Instants are stored to the millisecond, as in entities.ts. */
const MS = 3;

export const APPROVAL_MODES = ['NEVER', 'ALWAYS', 'ABOVE_THRESHOLD'] as const;
export const APPROVAL_STATUSES = ['PENDING', 'APPROVED', 'DENIED'] as const;

/** A token's request to read a client whose policy wants an administrator's approval, and its decision. */
export const ApiTokenApprovalEntity = defineEntity({
  name: 'ApiTokenApproval',
  tableName: 'api_token_approval',
  properties: {
    token: () => p.manyToOne(ApiTokenEntity).ref().primary().deleteRule('cascade'),
    client: () => p.manyToOne(ClientEntity).ref().primary().deleteRule('cascade'),
    status: p.enum([...APPROVAL_STATUSES]),
    requestedAt: p.datetime(MS),
    decidedAt: p.datetime(MS).nullable(),
    decidedBy: () => p.manyToOne(UserEntity).ref().nullable(),
    reason: p.text().nullable(),
  },
  indexes: [{ name: 'api_token_approval_client_status_idx', properties: ['client', 'status'] }],
});
export type ApiTokenApproval = InferEntity<typeof ApiTokenApprovalEntity>;

/** A client's rules for the tokens that read it (docs/organisation.md); no row: no rules. */
export const ClientTokenPolicyEntity = defineEntity({
  name: 'ClientTokenPolicy',
  tableName: 'client_token_policy',
  properties: {
    client: () => p.manyToOne(ClientEntity).ref().primary().deleteRule('cascade'),
    maxLifetimeDays: p.integer().nullable(),
    endRequired: p.boolean().default(false),
    /** Null: any page. */
    allowedPages: p.array().columnType('text[]').$type<Page[]>().nullable(),
    addressesRequired: p.boolean().default(false),
    idleDays: p.integer().nullable(),
    /** Which new tokens need an administrator's approval to read the client. */
    approval: p.enum([...APPROVAL_MODES]).default('NEVER'),
    /** ABOVE_THRESHOLD: tokens without an end, or living longer than this many days. */
    approvalAboveDays: p.integer().nullable(),
    /** ABOVE_THRESHOLD: tokens for all of their owner's clients. */
    approvalAllClients: p.boolean().default(false),
    /** ABOVE_THRESHOLD: tokens that hold the USERS page. */
    approvalUsersPage: p.boolean().default(false),
    updatedAt: p.datetime(MS),
    updatedBy: () => p.manyToOne(UserEntity).ref().nullable(),
  },
});
export type ClientTokenPolicy = InferEntity<typeof ClientTokenPolicyEntity>;

export const NOTICE_KINDS = [
  'TOKEN_ENDING',
  'TOKEN_BLOCKED',
  'TOKEN_REVOKED',
  'REQUEST_WAITING',
  'REQUEST_DECIDED',
  'WEBHOOK_DISABLED',
] as const;

/** A notice to a token's owner (or a service token's administrators), shown in the API and sent by e-mail once. */
export const NoticeEntity = defineEntity({
  name: 'Notice',
  tableName: 'notice',
  properties: {
    id: p.uuid().primary(),
    kind: p.enum([...NOTICE_KINDS]),
    /** What it is about (e.g. `ending:<token>:7:<end>`): a notice is written once, whoever notices it first. */
    dedupeKey: p.text().unique(),
    token: () => p.manyToOne(ApiTokenEntity).ref().nullable().deleteRule('cascade'),
    /** The person it is for; null for a service token's (`client`: its administrators). */
    user: () => p.manyToOne(UserEntity).ref().nullable().deleteRule('cascade'),
    client: () => p.manyToOne(ClientEntity).ref().nullable().deleteRule('cascade'),
    subject: p.text(),
    body: p.text(),
    createdAt: p.datetime(MS),
    sentAt: p.datetime(MS).nullable(),
    /** A gateway sending it holds it until then; after that another may. */
    claimedUntil: p.datetime(MS).nullable(),
    attempts: p.integer().default(0),
    lastError: p.text().nullable(),
  },
  indexes: [
    { name: 'notice_sent_created_idx', properties: ['sentAt', 'createdAt'] },
    { name: 'notice_user_created_idx', properties: ['user', 'createdAt'] },
    { name: 'notice_client_created_idx', properties: ['client', 'createdAt'] },
  ],
});
export type Notice = InferEntity<typeof NoticeEntity>;

export const entities = [
  ...coreEntities,
  ClientTokenPolicyEntity,
  ApiTokenApprovalEntity,
  NoticeEntity,
  ...webhookEntities,
];
