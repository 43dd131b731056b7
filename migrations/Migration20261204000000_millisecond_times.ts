import { Migration } from '@mikro-orm/migrations';

/** Every stored instant, by table: held to the millisecond from now on. */
const INSTANTS: Record<string, string[]> = {
  client: ['created_at'],
  app_user: ['created_at'],
  api_token: ['expires_at', 'created_at', 'last_used_at', 'revoked_at', 'rotated_at', 'not_before'],
  session: ['created_at', 'expires_at', 'last_used_at', 'ended_at'],
  connector: ['created_at'],
  interface: ['created_at'],
  run: ['started_at', 'finished_at'],
  audit_event: ['at'],
};

/**
 * Instants are stored to the millisecond (timestamptz(3)), the precision of a JavaScript Date and so of a cursor:
 * with microseconds stored, a row whose time had sub-millisecond digits came again on the next page of an
 * ascending list (its cursor's millisecond is before it), and rows of the same millisecond were skipped on a
 * descending one. Existing values are truncated (not rounded: an instant never moves later).
 */
export class Migration20261204000000_millisecond_times extends Migration {
  override async up(): Promise<void> {
    for (const [table, columns] of Object.entries(INSTANTS)) {
      const changes = columns.map(
        (column) => `alter column "${column}" type timestamptz(3) using date_trunc('milliseconds', "${column}")`,
      );
      this.addSql(`alter table "${table}" ${changes.join(', ')};`);
    }
  }

  override async down(): Promise<void> {
    for (const [table, columns] of Object.entries(INSTANTS)) {
      this.addSql(
        `alter table "${table}" ${columns.map((column) => `alter column "${column}" type timestamptz`).join(', ')};`,
      );
    }
  }
}
