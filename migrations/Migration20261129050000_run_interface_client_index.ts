import { Migration } from '@mikro-orm/migrations';

/**
 * An interface's runs (a connector's runs, Interface.lastRun, runs(interfaceId:)) are read within their client:
 * with the client in the index, PostgreSQL reads one range of it instead of ANDing a bitmap of the client's runs.
 */
export class Migration20261129050000_run_interface_client_index extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create index "run_interface_client_started_idx" on "run" ("interface_id", "client_id", "started_at", "id");',
    );
    this.addSql('drop index "run_interface_started_idx";');
  }

  override async down(): Promise<void> {
    this.addSql('create index "run_interface_started_idx" on "run" ("interface_id", "started_at", "id");');
    this.addSql('drop index "run_interface_client_started_idx";');
  }
}
