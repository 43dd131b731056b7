import { type ClientToken, decideTokenRequests, MAX_BULK_IDS, MAX_REASON_LENGTH } from '../auth/administration.js';
import { intersect } from '../auth/principal.js';
import type { TokenApprovalRow } from '../database/administration.js';
import type { ApiToken, Client } from '../database/entities.js';
import { APPROVAL_STATUSES } from '../database/governance-entities.js';
import {
  administers,
  adminOf,
  ClientApiTokenConnection,
  ClientApiTokenOrder,
  ClientApiTokenRef,
  inventoryConnection,
} from './administration.js';
import { ApiTokenRef } from './api-tokens.js';
import { AuditPersonRef } from './audit.js';
import { builder, withForkedEm } from './builder.js';
import { ClientRef, clientsOf } from './clients.js';

// Approvals (docs/organisation.md): a client's policy may want an administrator's approval of new tokens that read
// it. Until approved the token is PENDING for that client; administrators list the requests and decide them in
// bulk; the owner sees each decision on the token.

const ApprovalStatusEnum = builder.enumType('TokenApprovalStatus', { values: APPROVAL_STATUSES });

const TokenApprovalRef = builder
  .objectRef<TokenApprovalRow & { client?: { id: string; name: string } }>('TokenApproval')
  .implement({
    description: "A token's request to read a client whose policy wants an administrator's approval, and its decision.",
    fields: (t) => ({
      status: t.field({ type: ApprovalStatusEnum, resolve: (approval) => approval.status }),
      requestedAt: t.field({ type: 'DateTime', resolve: (approval) => approval.requestedAt }),
      decidedAt: t.field({ type: 'DateTime', nullable: true, resolve: (approval) => approval.decidedAt }),
      decidedBy: t.field({ type: AuditPersonRef, nullable: true, resolve: (approval) => approval.decidedBy }),
      reason: t.exposeString('reason', { nullable: true, description: "The administrator's reason." }),
    }),
  });

builder.objectField(ClientApiTokenRef, 'approval', (t) =>
  t.field({
    type: TokenApprovalRef,
    nullable: true,
    description: "The token's request to read this client, when the client's policy wanted one as it was made.",
    resolve: (row: ClientToken) => row.approval,
  }),
);

const ClientRequestRef = builder
  .objectRef<{ client: Client; approval: TokenApprovalRow }>('TokenClientApproval')
  .implement({
    description: 'A request of your token to read a client, and its decision.',
    fields: (t) => ({
      client: t.field({ type: ClientRef, resolve: (request) => request.client }),
      approval: t.field({ type: TokenApprovalRef, resolve: (request) => request.approval }),
    }),
  });

builder.objectField(ApiTokenRef, 'approvals', (t) =>
  t.field({
    type: [ClientRequestRef],
    description: "The token's requests to read clients whose policy wants an administrator's approval (oldest first).",
    resolve: async (token: ApiToken, _args, ctx) => {
      const approvals = await ctx.loaders.tokenApprovals.load(token.id);
      const held = [...(ctx.principal?.owner.clientIds ?? [])];
      const clients = await clientsOf(
        ctx,
        intersect(
          approvals.map((approval) => approval.clientId),
          held,
        ),
      );
      return approvals.flatMap((approval) => {
        const client = clients.find((candidate) => candidate.id === approval.clientId);
        return client ? [{ client, approval }] : [];
      });
    },
  }),
);

builder.queryField('clientApiTokenRequests', (t) =>
  t.field({
    type: ClientApiTokenConnection,
    nullable: true,
    description:
      "Tokens that asked to read the client (its policy wants an administrator's approval), newest request first; only pending ones unless `status` says otherwise. For the client's administrators.",
    authScopes: administers,
    args: {
      clientId: t.arg.id({ required: true }),
      status: t.arg({ type: [ApprovalStatusEnum], description: 'Any of these; default PENDING.' }),
      orderBy: t.arg({ type: ClientApiTokenOrder }),
      first: t.arg.int(),
      after: t.arg.string(),
      last: t.arg.int(),
      before: t.arg.string(),
    },
    resolve: (_root, args, ctx) => {
      const statuses: readonly string[] = args.status ?? ['PENDING'];
      return inventoryConnection(ctx, args, 'clientApiTokenRequests', 'REQUESTED_AT', (row) =>
        row.approval ? statuses.includes(row.approval.status) : false,
      );
    },
  }),
);

builder.mutationField('decideClientApiTokenRequests', (t) =>
  t.field({
    type: [ClientApiTokenRef],
    description: `Approves or denies pending requests of tokens to read the client (1 to ${MAX_BULK_IDS} token ids), all or none: a token without a pending request fails the whole call (NOT_FOUND). An approved token reads the client from the next request; the owners see the decision and the reason. For the client's administrators.`,
    authScopes: administers,
    args: {
      clientId: t.arg.id({ required: true }),
      ids: t.arg.idList({ required: true }),
      approve: t.arg.boolean({ required: true }),
      reason: t.arg.string({ required: true, description: `1 to ${MAX_REASON_LENGTH} characters; the owners see it.` }),
    },
    resolve: (_root, args, ctx) =>
      decideTokenRequests(withForkedEm(ctx), adminOf(ctx), args.clientId, args.ids, args.approve, args.reason),
  }),
);
