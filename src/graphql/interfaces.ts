import type { ObjectRef } from '@pothos/core';
import { INTERFACE_STATUSES, type Interface } from '../database/entities.js';
import { builder, type Types } from './builder.js';
import { ClientRef, clientOfRow } from './clients.js';
import { ConnectorRef } from './connectors.js';
import { searchOf, statusesOf, UPDATED_AT, UPDATED_SINCE } from './filters.js';
import { joinedOr } from './loaders.js';
import { pageListField } from './page-lists.js';
import { pageObject } from './page-types.js';
import { RunRef } from './runs.js';

export const InterfaceStatus = builder.enumType('InterfaceStatus', { values: INTERFACE_STATUSES });

export const InterfaceRef: ObjectRef<Types, Interface> = pageObject<Interface>('INTERFACES', 'Interface', {
  description: 'A data interface between two connectors of a client.',
  fields: (t) => ({
    id: t.exposeID('id'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: UPDATED_AT }),
    name: t.exposeString('name'),
    status: t.expose('status', { type: InterfaceStatus }),
    schedule: t.exposeString('schedule', {
      nullable: true,
      description: 'A cron expression, or null when the interface runs on demand.',
    }),
    client: t.field({ type: ClientRef, resolve: clientOfRow }),
    source: t.field({
      type: ConnectorRef,
      nullable: true,
      description: 'Needs page CONNECTORS as well.',
      resolve: (row, _args, ctx) =>
        joinedOr(row, 'source', async () => (row.source ? ctx.loaders.connector.load(row.source.id) : null)),
    }),
    target: t.field({
      type: ConnectorRef,
      nullable: true,
      description: 'Needs page CONNECTORS as well.',
      resolve: (row, _args, ctx) =>
        joinedOr(row, 'target', async () => (row.target ? ctx.loaders.connector.load(row.target.id) : null)),
    }),
    lastRun: t.field({
      type: RunRef,
      nullable: true,
      description: 'Needs page RUNS as well.',
      resolve: (row, _args, ctx) => joinedOr(row, 'lastRun', () => ctx.loaders.lastRun.load(row.id)),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const InterfaceFilter = builder.inputType('InterfaceFilter', {
  fields: (t) => ({
    updatedSince: t.field({ type: 'DateTime', description: UPDATED_SINCE }),
    status: t.field({ type: [InterfaceStatus], description: 'Any of these statuses.' }),
    connectorId: t.id({ description: 'Interfaces whose source or target is this connector.' }),
    search: t.string({ description: 'Case-insensitive part of the name (1 to 100 characters).' }),
  }),
});

pageListField({
  lookup: 'interface',
  page: 'INTERFACES',
  field: 'interfaces',
  description:
    'Page INTERFACES: the data flows between two connectors of one client, of the clients the caller may see, oldest first.',
  node: InterfaceRef,
  name: 'Interface',
  filter: InterfaceFilter,
  conditions: ({ filter }) => [
    ...statusesOf<'interfaces'>(filter?.status),
    ...(filter?.connectorId
      ? [{ kind: 'either' as const, properties: ['source' as const, 'target' as const], value: filter.connectorId }]
      : []),
    ...searchOf<'interfaces'>(filter?.search, ['name']),
  ],
  orders: {
    NAME: { property: 'name', kind: 'text', nullable: false },
    CREATED_AT: { property: 'createdAt', kind: 'date', nullable: false },
  },
  defaultOrder: { field: 'CREATED_AT', direction: 'ASC' },
});
