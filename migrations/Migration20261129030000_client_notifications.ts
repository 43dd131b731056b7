import { Migration } from '@mikro-orm/migrations';

/**
 * Cached credentials carry their owner's client names (auth/credential-cache.ts): a renamed or deleted client is
 * announced on `salure_auth` too, and the entries that hold it are dropped.
 */
export class Migration20261129030000_client_notifications extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create trigger "client_credential_change" after update or delete on "client" for each row
      execute function salure_notify_credential_change();`);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger "client_credential_change" on "client";');
  }
}
