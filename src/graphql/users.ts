import type { User } from '../database/entities.js';
import { builder } from './builder.js';
import { ClientRef, clientOfRow } from './clients.js';
import { equalsOf, searchOf, UPDATED_AT, UPDATED_SINCE } from './filters.js';
import { pageListField } from './page-lists.js';
import { pageObject } from './page-types.js';

const UserRef = pageObject<User>('USERS', 'User', {
  description: 'A platform user, listed under their home client.',
  fields: (t) => ({
    id: t.exposeID('id'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: UPDATED_AT }),
    name: t.exposeString('name'),
    email: t.exposeString('email'),
    isActive: t.exposeBoolean('isActive'),
    client: t.field({ type: ClientRef, resolve: clientOfRow }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const UserFilter = builder.inputType('UserFilter', {
  fields: (t) => ({
    updatedSince: t.field({ type: 'DateTime', description: UPDATED_SINCE }),
    isActive: t.boolean(),
    search: t.string({
      description: 'Case-insensitive part of the name or e-mail (1 to 100 characters; % and _ match themselves).',
    }),
  }),
});

pageListField({
  lookup: 'user',
  page: 'USERS',
  field: 'users',
  description:
    'Page USERS: the platform users of the clients the caller may see, oldest first. Lists page forward (first, after) or backward (last, before), never both; a cursor is valid only for the list, filter and order that made it.',
  node: UserRef,
  name: 'User',
  filter: UserFilter,
  conditions: ({ filter }) => [
    ...equalsOf<'users'>('isActive', filter?.isActive),
    ...searchOf<'users'>(filter?.search, ['name', 'email']),
  ],
  orders: {
    NAME: { property: 'name', kind: 'text', nullable: false },
    EMAIL: { property: 'email', kind: 'text', nullable: false },
    CREATED_AT: { property: 'createdAt', kind: 'date', nullable: false },
  },
  defaultOrder: { field: 'CREATED_AT', direction: 'ASC' },
});
