import { CONNECTOR_STATUSES, type Connector } from '../database/entities.js';
import { builder } from './builder.js';
import { ClientRef, clientOfRow } from './clients.js';
import { equalsOf, searchOf, statusesOf, UPDATED_AT, UPDATED_SINCE } from './filters.js';
import { pageListField } from './page-lists.js';
import { pageObject } from './page-types.js';

export const ConnectorStatus = builder.enumType('ConnectorStatus', { values: CONNECTOR_STATUSES });

export const ConnectorRef = pageObject<Connector>('CONNECTORS', 'Connector', {
  description: 'A connection to an external system of a client.',
  fields: (t) => ({
    id: t.exposeID('id'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: UPDATED_AT }),
    name: t.exposeString('name'),
    system: t.exposeString('system', { description: 'The external system, e.g. "AFAS", "Factorial", "Sage 100".' }),
    status: t.expose('status', { type: ConnectorStatus }),
    client: t.field({ type: ClientRef, resolve: clientOfRow }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const ConnectorFilter = builder.inputType('ConnectorFilter', {
  fields: (t) => ({
    updatedSince: t.field({ type: 'DateTime', description: UPDATED_SINCE }),
    status: t.field({ type: [ConnectorStatus], description: 'Any of these statuses.' }),
    system: t.string({ description: 'Exactly this system, e.g. "AFAS".' }),
    search: t.string({ description: 'Case-insensitive part of the name (1 to 100 characters).' }),
  }),
});

pageListField({
  lookup: 'connector',
  page: 'CONNECTORS',
  field: 'connectors',
  description:
    'Page CONNECTORS: the connections to HR and payroll systems of the clients the caller may see, oldest first.',
  node: ConnectorRef,
  name: 'Connector',
  filter: ConnectorFilter,
  conditions: ({ filter }) => [
    ...statusesOf<'connectors'>(filter?.status),
    ...equalsOf<'connectors'>('system', filter?.system),
    ...searchOf<'connectors'>(filter?.search, ['name']),
  ],
  orders: {
    NAME: { property: 'name', kind: 'text', nullable: false },
    SYSTEM: { property: 'system', kind: 'text', nullable: false },
    CREATED_AT: { property: 'createdAt', kind: 'date', nullable: false },
  },
  defaultOrder: { field: 'CREATED_AT', direction: 'ASC' },
});
