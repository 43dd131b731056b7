import { Migration20261129000000_initial } from './Migration20261129000000_initial.js';
import { Migration20261129010000_token_lifecycle } from './Migration20261129010000_token_lifecycle.js';
import { Migration20261129020000_credential_notifications } from './Migration20261129020000_credential_notifications.js';
import { Migration20261129030000_client_notifications } from './Migration20261129030000_client_notifications.js';
import { Migration20261129040000_list_indexes } from './Migration20261129040000_list_indexes.js';
import { Migration20261129050000_run_interface_client_index } from './Migration20261129050000_run_interface_client_index.js';
import { Migration20261129060000_run_interface_client_statistics } from './Migration20261129060000_run_interface_client_statistics.js';
import { Migration20261129070000_api_token_usage } from './Migration20261129070000_api_token_usage.js';
import { Migration20261204000000_millisecond_times } from './Migration20261204000000_millisecond_times.js';
import { Migration20261204100000_client_administration } from './Migration20261204100000_client_administration.js';
import { Migration20261204110000_token_approvals } from './Migration20261204110000_token_approvals.js';
import { Migration20261204120000_service_tokens } from './Migration20261204120000_service_tokens.js';
import { Migration20261204130000_notices } from './Migration20261204130000_notices.js';
import { Migration20261205100000_incremental_reads } from './Migration20261205100000_incremental_reads.js';
import { Migration20261205110000_webhooks } from './Migration20261205110000_webhooks.js';
import { Migration20261205120000_token_events } from './Migration20261205120000_token_events.js';

// Every migration, in order. Imported statically so tsx, vitest and node load the same list (src/database/orm.ts).
export const migrationsList = [
  { name: 'Migration20261129000000_initial', class: Migration20261129000000_initial },
  { name: 'Migration20261129010000_token_lifecycle', class: Migration20261129010000_token_lifecycle },
  {
    name: 'Migration20261129020000_credential_notifications',
    class: Migration20261129020000_credential_notifications,
  },
  { name: 'Migration20261129030000_client_notifications', class: Migration20261129030000_client_notifications },
  { name: 'Migration20261129040000_list_indexes', class: Migration20261129040000_list_indexes },
  {
    name: 'Migration20261129050000_run_interface_client_index',
    class: Migration20261129050000_run_interface_client_index,
  },
  {
    name: 'Migration20261129060000_run_interface_client_statistics',
    class: Migration20261129060000_run_interface_client_statistics,
  },
  { name: 'Migration20261129070000_api_token_usage', class: Migration20261129070000_api_token_usage },
  { name: 'Migration20261204000000_millisecond_times', class: Migration20261204000000_millisecond_times },
  {
    name: 'Migration20261204100000_client_administration',
    class: Migration20261204100000_client_administration,
  },
  { name: 'Migration20261204110000_token_approvals', class: Migration20261204110000_token_approvals },
  { name: 'Migration20261204120000_service_tokens', class: Migration20261204120000_service_tokens },
  { name: 'Migration20261204130000_notices', class: Migration20261204130000_notices },
  { name: 'Migration20261205100000_incremental_reads', class: Migration20261205100000_incremental_reads },
  { name: 'Migration20261205110000_webhooks', class: Migration20261205110000_webhooks },
  { name: 'Migration20261205120000_token_events', class: Migration20261205120000_token_events },
];
