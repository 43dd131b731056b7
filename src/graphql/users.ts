import { type User, UserEntity } from '../database/entities.js';
import { builder } from './builder.js';
import { ClientRef, clientOfRow } from './clients.js';
import { listPage, pageConnection, pageObject } from './pages.js';

export const UserRef = pageObject<User>('USERS', 'User', {
  description: 'A platform user, listed under their home client.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    email: t.exposeString('email'),
    isActive: t.exposeBoolean('isActive'),
    client: t.field({ type: ClientRef, resolve: clientOfRow }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const UserConnection = pageConnection(UserRef, 'User');

builder.queryField('users', (t) =>
  t.field({
    type: UserConnection,
    nullable: true,
    description: 'Page USERS: the platform users of the clients the caller may see.',
    authScopes: { page: 'USERS' },
    args: { clientId: t.arg.id(), first: t.arg.int(), after: t.arg.string() },
    resolve: (_root, args, ctx) =>
      listPage(ctx, args, { entity: UserEntity, order: { field: 'createdAt', direction: 'asc' } }),
  }),
);
