import { Migration } from '@mikro-orm/migrations';

/**
 * Webhooks (docs/changes.md): endpoints, the outbox of events and the deliveries. A trigger on `run` writes the
 * run's event in the writer's own transaction, whoever writes runs (when any endpoint is enabled), so an event is
 * never lost and never written for a change that rolled back.
 */
export class Migration20261205110000_webhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "webhook_endpoint" (
      "id" uuid not null primary key,
      "user_id" uuid null constraint "webhook_endpoint_user_id_foreign" references "app_user" ("id") on update cascade on delete cascade,
      "token_id" uuid null constraint "webhook_endpoint_token_id_foreign" references "api_token" ("id") on update cascade on delete cascade,
      "url" text not null,
      "events" text[] not null,
      "client_ids" uuid[] null,
      "interface_ids" uuid[] null,
      "secret" text not null,
      "previous_secret" text null,
      "previous_until" timestamptz(3) null,
      "disabled_at" timestamptz(3) null,
      "failures" int not null default 0,
      "created_at" timestamptz(3) not null);`);
    this.addSql('create index "webhook_endpoint_user_id_index" on "webhook_endpoint" ("user_id");');
    this.addSql('create index "webhook_endpoint_token_id_index" on "webhook_endpoint" ("token_id");');
    this.addSql(`create table "webhook_event" (
      "id" uuid not null default gen_random_uuid() primary key,
      "type" text not null,
      "client_id" uuid null,
      "run_id" uuid null,
      "interface_id" uuid null,
      "occurred_at" timestamptz(3) not null default now(),
      "dispatched_at" timestamptz(3) null);`);
    this.addSql(
      'create index "webhook_event_dispatched_occurred_idx" on "webhook_event" ("dispatched_at", "occurred_at");',
    );
    this.addSql(`create table "webhook_delivery" (
      "id" uuid not null primary key,
      "endpoint_id" uuid not null constraint "webhook_delivery_endpoint_id_foreign" references "webhook_endpoint" ("id") on update cascade on delete cascade,
      "event_id" uuid not null constraint "webhook_delivery_event_id_foreign" references "webhook_event" ("id") on update cascade on delete cascade,
      "status" text not null,
      "attempts" int not null default 0,
      "next_attempt_at" timestamptz(3) not null,
      "claimed_until" timestamptz(3) null,
      "last_status" int null,
      "last_latency_ms" int null,
      "last_response" text null,
      "last_error" text null,
      "created_at" timestamptz(3) not null,
      "finished_at" timestamptz(3) null,
      constraint "webhook_delivery_endpoint_event_unique" unique ("endpoint_id", "event_id"));`);
    this.addSql('create index "webhook_delivery_status_next_idx" on "webhook_delivery" ("status", "next_attempt_at");');
    this.addSql(
      'create index "webhook_delivery_endpoint_created_idx" on "webhook_delivery" ("endpoint_id", "created_at");',
    );
    this.addSql(`create function salure_run_event() returns trigger language plpgsql as $$
      begin
        if (tg_op = 'INSERT' or new.status is distinct from old.status)
           and exists (select 1 from webhook_endpoint where disabled_at is null) then
          insert into webhook_event (type, client_id, run_id, interface_id)
          values ('run.' || case new.status when 'RUNNING' then 'started' when 'SUCCEEDED' then 'succeeded' else 'failed' end,
                  new.client_id, new.id, new.interface_id);
        end if;
        return null;
      end $$;`);
    this.addSql(`create trigger "run_event" after insert or update of "status" on "run"
      for each row execute function salure_run_event();`);
    this.addSql('alter table "notice" drop constraint "notice_kind_check";');
    this.addSql(`alter table "notice" add constraint "notice_kind_check" check ("kind" in
      ('TOKEN_ENDING', 'TOKEN_BLOCKED', 'TOKEN_REVOKED', 'REQUEST_DECIDED', 'WEBHOOK_DISABLED'));`);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger "run_event" on "run";');
    this.addSql('drop function salure_run_event();');
    this.addSql('drop table "webhook_delivery";');
    this.addSql('drop table "webhook_event";');
    this.addSql('drop table "webhook_endpoint";');
  }
}
