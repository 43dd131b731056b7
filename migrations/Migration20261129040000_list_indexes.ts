import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for the lists' orders and filters (database/page-queries.ts): each reads one index range per client.
 * finished_at is nullable: nulls come last in both directions, which takes an index per direction.
 */
export class Migration20261129040000_list_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql('create index "app_user_client_name_idx" on "app_user" ("client_id", "name", "id");');
    this.addSql('create index "app_user_client_email_idx" on "app_user" ("client_id", "email", "id");');
    this.addSql('create index "connector_client_name_idx" on "connector" ("client_id", "name", "id");');
    this.addSql('create index "connector_client_system_idx" on "connector" ("client_id", "system", "id");');
    this.addSql('create index "interface_client_name_idx" on "interface" ("client_id", "name", "id");');
    this.addSql('create index "run_client_status_started_idx" on "run" ("client_id", "status", "started_at", "id");');
    this.addSql('create index "run_client_records_idx" on "run" ("client_id", "records_processed", "id");');
    this.addSql('create index "run_client_finished_idx" on "run" ("client_id", "finished_at", "id");');
    this.addSql(
      'create index "run_client_finished_desc_idx" on "run" ("client_id", "finished_at" desc nulls last, "id" desc);',
    );
  }

  override async down(): Promise<void> {
    for (const index of [
      'app_user_client_name_idx',
      'app_user_client_email_idx',
      'connector_client_name_idx',
      'connector_client_system_idx',
      'interface_client_name_idx',
      'run_client_status_started_idx',
      'run_client_records_idx',
      'run_client_finished_idx',
      'run_client_finished_desc_idx',
    ]) {
      this.addSql(`drop index "${index}";`);
    }
  }
}
