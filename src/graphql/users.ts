import type { User } from '../database/entities.js';
import { ClientRef, clientOfRow } from './clients.js';
import { pageListField, pageObject } from './pages.js';

const UserRef = pageObject<User>('USERS', 'User', {
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

pageListField({
  page: 'USERS',
  field: 'users',
  description: 'Page USERS: the platform users of the clients the caller may see, oldest first.',
  node: UserRef,
  name: 'User',
});
