import { Migration20261129000000_initial } from './Migration20261129000000_initial.js';

// Every migration, in order. Imported statically so tsx, vitest and node load the same list (src/database/orm.ts).
export const migrationsList = [{ name: 'Migration20261129000000_initial', class: Migration20261129000000_initial }];
