import type { ObjectRef } from '@pothos/core';
import { RUN_STATUSES, type Run } from '../database/entities.js';
import { builder, type Types } from './builder.js';
import { ClientRef, clientOfRow } from './clients.js';
import { InterfaceRef } from './interfaces.js';
import { joinedOr } from './loaders.js';
import { listPage, pageConnection, pageObject, requiresPage } from './pages.js';

export const RunStatus = builder.enumType('RunStatus', { values: RUN_STATUSES });

export const RunRef: ObjectRef<Types, Run> = pageObject<Run>('RUNS', 'Run', {
  description: 'One run of an interface.',
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.field({ type: RunStatus, resolve: (row) => row.status }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    recordsProcessed: t.exposeInt('recordsProcessed'),
    message: t.exposeString('message', { nullable: true }),
    client: t.field({ type: ClientRef, resolve: clientOfRow }),
    interface: t.field({
      type: InterfaceRef,
      nullable: true,
      description: 'Needs page INTERFACES as well.',
      authScopes: requiresPage('INTERFACES'),
      resolve: (row, _args, ctx) => joinedOr(row, 'interface', () => ctx.loaders.interface.load(row.interface.id)),
    }),
  }),
});

const RunConnection = pageConnection(RunRef, 'Run');

builder.queryField('runs', (t) =>
  t.withAuth({ page: 'RUNS' }).field({
    type: RunConnection,
    nullable: true,
    description: 'Page RUNS: the run history of interfaces, newest first.',
    args: { clientId: t.arg.id(), interfaceId: t.arg.id(), first: t.arg.int(), after: t.arg.string() },
    resolve: (_root, args, ctx, info) => {
      const conditions = args.interfaceId ? [{ property: 'interface' as const, equals: args.interfaceId }] : [];
      return listPage(
        ctx,
        args,
        { page: 'runs', order: { property: 'startedAt', direction: 'desc' }, conditions },
        info,
      );
    },
  }),
);
