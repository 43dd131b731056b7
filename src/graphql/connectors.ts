import { CONNECTOR_STATUSES, type Connector } from '../database/entities.js';
import { builder } from './builder.js';
import { ClientRef, clientOfRow } from './clients.js';
import { pageListField, pageObject } from './pages.js';

export const ConnectorStatus = builder.enumType('ConnectorStatus', { values: CONNECTOR_STATUSES });

export const ConnectorRef = pageObject<Connector>('CONNECTORS', 'Connector', {
  description: 'A connection to an external system of a client.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    system: t.exposeString('system', { description: 'The external system, e.g. "AFAS", "Factorial", "Sage 100".' }),
    status: t.field({ type: ConnectorStatus, resolve: (row) => row.status }),
    client: t.field({ type: ClientRef, resolve: clientOfRow }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

pageListField({
  page: 'CONNECTORS',
  field: 'connectors',
  description:
    'Page CONNECTORS: the connections to HR and payroll systems of the clients the caller may see, oldest first.',
  node: ConnectorRef,
  name: 'Connector',
});
