import { setClientPolicy } from '../auth/client-policy.js';
import { readClientPolicy } from '../database/administration.js';
import type { ClientTokenPolicy } from '../database/governance-entities.js';
import { administers, adminOf } from './administration.js';
import { builder, withForkedEm } from './builder.js';
import { PageEnum } from './page-types.js';

// A client's token policy (docs/organisation.md), read and set by the client's administrators. The rules are
// applied where a token is authenticated (auth/principal.ts) and created (auth/api-tokens.ts).

const ApprovalModeEnum = builder.enumType('TokenApprovalMode', {
  values: {
    NEVER: {},
    ALWAYS: { description: 'Every new token that reads the client.' },
    ABOVE_THRESHOLD: { description: 'New tokens above the thresholds that are set (days, all clients, USERS).' },
  },
});

type PolicyView = Omit<ClientTokenPolicy, 'client' | 'updatedAt' | 'updatedBy'> & {
  clientId: string;
  updatedAt: Date | null;
};

const ClientTokenPolicyRef = builder.objectRef<PolicyView>('ClientTokenPolicy').implement({
  description:
    "A client's rules for the tokens that read it. A token that breaks one is blocked for the client (not revoked) until the rule is relaxed or the token changed; creation refuses it.",
  authScopes: (policy) => ({ user: true, administers: policy.clientId }),
  fields: (t) => ({
    maxLifetimeDays: t.exposeInt('maxLifetimeDays', {
      nullable: true,
      description: 'Tokens must end within this many days of their creation; null: no limit.',
    }),
    endRequired: t.exposeBoolean('endRequired', { description: 'Tokens must have an end date.' }),
    allowedPages: t.field({
      type: [PageEnum],
      nullable: true,
      description: 'The pages tokens may hold; null: any.',
      resolve: (policy) => policy.allowedPages,
    }),
    addressesRequired: t.exposeBoolean('addressesRequired', { description: 'Tokens must have allowed addresses.' }),
    idleDays: t.exposeInt('idleDays', {
      nullable: true,
      description: 'Tokens unused for this many days are blocked; null: no limit.',
    }),
    approval: t.field({
      type: ApprovalModeEnum,
      description: "Which new tokens need an administrator's approval to read the client.",
      resolve: (policy) => policy.approval,
    }),
    approvalAboveDays: t.exposeInt('approvalAboveDays', {
      nullable: true,
      description: 'ABOVE_THRESHOLD: tokens without an end, or living longer than this many days.',
    }),
    approvalAllClients: t.exposeBoolean('approvalAllClients', {
      description: "ABOVE_THRESHOLD: tokens for all of their owner's clients.",
    }),
    approvalUsersPage: t.exposeBoolean('approvalUsersPage', {
      description: 'ABOVE_THRESHOLD: tokens that hold the USERS page.',
    }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (policy) => policy.updatedAt }),
  }),
});

function policyView(clientId: string, policy: ClientTokenPolicy | null): PolicyView {
  return {
    clientId,
    maxLifetimeDays: policy?.maxLifetimeDays ?? null,
    endRequired: policy?.endRequired ?? false,
    allowedPages: policy?.allowedPages ?? null,
    addressesRequired: policy?.addressesRequired ?? false,
    idleDays: policy?.idleDays ?? null,
    approval: policy?.approval ?? 'NEVER',
    approvalAboveDays: policy?.approvalAboveDays ?? null,
    approvalAllClients: policy?.approvalAllClients ?? false,
    approvalUsersPage: policy?.approvalUsersPage ?? false,
    updatedAt: policy?.updatedAt ?? null,
  };
}

const ClientTokenPolicyInput = builder.inputType('ClientTokenPolicyInput', {
  description: 'The whole policy: a rule left out is no rule.',
  fields: (t) => ({
    maxLifetimeDays: t.int({ description: '1 to 3650; null: no limit.' }),
    endRequired: t.boolean(),
    allowedPages: t.field({ type: [PageEnum], description: 'Null: any page.' }),
    addressesRequired: t.boolean(),
    idleDays: t.int({ description: '1 to 3650; null: no limit.' }),
    approval: t.field({ type: ApprovalModeEnum, description: 'Null: NEVER. Applies to tokens made from now on.' }),
    approvalAboveDays: t.int({ description: '1 to 3650; with ABOVE_THRESHOLD.' }),
    approvalAllClients: t.boolean({ description: 'With ABOVE_THRESHOLD.' }),
    approvalUsersPage: t.boolean({ description: 'With ABOVE_THRESHOLD.' }),
  }),
});

builder.queryField('clientTokenPolicy', (t) =>
  t.field({
    type: ClientTokenPolicyRef,
    nullable: true,
    description: "The client's token policy, for its administrators.",
    authScopes: administers,
    args: { clientId: t.arg.id({ required: true }) },
    resolve: async (_root, { clientId }, ctx) => policyView(clientId, await readClientPolicy(ctx.em(), clientId)),
  }),
);

builder.mutationField('setClientTokenPolicy', (t) =>
  t.field({
    type: ClientTokenPolicyRef,
    description:
      "Replaces the client's token policy. Tokens that break it are blocked for the client from the next request, on every gateway. For the client's administrators.",
    authScopes: administers,
    args: {
      clientId: t.arg.id({ required: true }),
      input: t.arg({ type: ClientTokenPolicyInput, required: true }),
    },
    resolve: async (_root, { clientId, input }, ctx) =>
      policyView(clientId, await setClientPolicy(withForkedEm(ctx), adminOf(ctx), clientId, input)),
  }),
);
