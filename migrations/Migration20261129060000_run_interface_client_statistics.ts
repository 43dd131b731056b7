import { Migration } from '@mikro-orm/migrations';

/**
 * An interface's runs all belong to its client, which PostgreSQL cannot know: it multiplied the selectivities of
 * interface_id and client_id, estimated 4 of an interface's 200 runs, and sorted them instead of reading the newest
 * from run_interface_client_started_idx (a generic plan of `interface_id = $1 and client_id = $2 ... limit 1`:
 * 1.6 ms a probe, 0.07 ms with these statistics).
 */
export class Migration20261129060000_run_interface_client_statistics extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create statistics "run_interface_client_stats" (dependencies) on "interface_id", "client_id" from "run";',
    );
    this.addSql('analyze "run";');
  }

  override async down(): Promise<void> {
    this.addSql('drop statistics "run_interface_client_stats";');
  }
}
