import type { ObjectRef } from '@pothos/core';
import { badUserInput } from '../core/errors.js';
import { RUN_STATUSES, type Run } from '../database/entities.js';
import { builder, type Types } from './builder.js';
import { ClientRef, clientOfRow } from './clients.js';
import { equalsOf, statusesOf, UPDATED_AT, UPDATED_SINCE } from './filters.js';
import { InterfaceRef } from './interfaces.js';
import { joinedOr } from './loaders.js';
import { pageListField } from './page-lists.js';
import { pageObject } from './page-types.js';

export const RunStatus = builder.enumType('RunStatus', { values: RUN_STATUSES });

export const RunRef: ObjectRef<Types, Run> = pageObject<Run>('RUNS', 'Run', {
  description: 'One run of an interface.',
  fields: (t) => ({
    id: t.exposeID('id'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: UPDATED_AT }),
    status: t.expose('status', { type: RunStatus }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    recordsProcessed: t.exposeInt('recordsProcessed'),
    message: t.exposeString('message', { nullable: true }),
    client: t.field({ type: ClientRef, resolve: clientOfRow }),
    interface: t.field({
      type: InterfaceRef,
      nullable: true,
      description: 'Needs page INTERFACES as well.',
      resolve: (row, _args, ctx) => joinedOr(row, 'interface', () => ctx.loaders.interface.load(row.interface.id)),
    }),
  }),
});

const RunFilter = builder.inputType('RunFilter', {
  fields: (t) => ({
    updatedSince: t.field({ type: 'DateTime', description: UPDATED_SINCE }),
    status: t.field({ type: [RunStatus], description: 'Any of these statuses.' }),
    connectorId: t.id({ description: 'Runs of interfaces whose source or target is this connector.' }),
    startedAfter: t.field({ type: 'DateTime', description: 'Runs that started at or after this instant.' }),
    startedBefore: t.field({ type: 'DateTime', description: 'Runs that started before this instant.' }),
  }),
});

const RunStatusCount = builder.objectRef<{ status: string; count: number }>('RunStatusCount').implement({
  description: 'How many runs of the filtered list have one status.',
  fields: (t) => ({
    status: t.field({ type: RunStatus, resolve: (entry) => entry.status as Run['status'] }),
    count: t.exposeInt('count'),
  }),
});

pageListField({
  lookup: 'run',
  page: 'RUNS',
  field: 'runs',
  description: 'Page RUNS: the run history of interfaces. Newest first unless orderBy says otherwise.',
  node: RunRef,
  name: 'Run',
  filter: RunFilter,
  conditions: ({ filter, interfaceId }) => {
    const { startedAfter, startedBefore } = filter ?? {};
    if (startedAfter && startedBefore && startedAfter >= startedBefore) {
      throw badUserInput('"startedAfter" must come before "startedBefore".', 'startedAfter');
    }
    return [
      ...equalsOf<'runs'>('interface', interfaceId),
      ...statusesOf<'runs'>(filter?.status),
      ...(filter?.connectorId ? [{ kind: 'ofConnector' as const, connectorId: filter.connectorId }] : []),
      ...(startedAfter || startedBefore
        ? [
            {
              kind: 'range' as const,
              property: 'startedAt' as const,
              from: startedAfter ?? undefined,
              before: startedBefore ?? undefined,
            },
          ]
        : []),
    ];
  },
  orders: {
    STARTED_AT: { property: 'startedAt', kind: 'date', nullable: false },
    FINISHED_AT: { property: 'finishedAt', kind: 'date', nullable: true },
    RECORDS_PROCESSED: { property: 'recordsProcessed', kind: 'number', nullable: false },
  },
  defaultOrder: { field: 'STARTED_AT', direction: 'DESC' },
  runs: { statusCount: RunStatusCount },
});
