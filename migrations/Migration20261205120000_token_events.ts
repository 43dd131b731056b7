import { Migration } from '@mikro-orm/migrations';

/**
 * Token events for webhooks (docs/changes.md): every notice about a token (ending, blocked, revoked, a request
 * waiting or decided) also becomes a webhook event, written by a trigger in the notice's own transaction, so an
 * event is never lost and never written for a notice that rolled back. REQUEST_WAITING is new: a token waits for
 * an administrator's approval (a notice to the client's administrators).
 */
export class Migration20261205120000_token_events extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "notice" drop constraint "notice_kind_check";');
    this.addSql(`alter table "notice" add constraint "notice_kind_check" check ("kind" in
      ('TOKEN_ENDING', 'TOKEN_BLOCKED', 'TOKEN_REVOKED', 'REQUEST_WAITING', 'REQUEST_DECIDED', 'WEBHOOK_DISABLED'));`);
    this.addSql('alter table "webhook_event" add column "notice_id" uuid null;');
    this.addSql(`create function salure_notice_event() returns trigger language plpgsql as $$
      declare
        event_type text := case new.kind
          when 'TOKEN_ENDING' then 'token.expiring'
          when 'TOKEN_BLOCKED' then 'token.blocked'
          when 'TOKEN_REVOKED' then 'token.revoked'
          when 'REQUEST_WAITING' then 'token.approval_requested'
          when 'REQUEST_DECIDED' then 'token.approval_decided' end;
      begin
        if event_type is not null
           and exists (select 1 from webhook_endpoint where disabled_at is null and event_type = any(events)) then
          insert into webhook_event (type, client_id, notice_id) values (event_type, new.client_id, new.id);
        end if;
        return null;
      end $$;`);
    this.addSql(`create trigger "notice_event" after insert on "notice"
      for each row execute function salure_notice_event();`);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger "notice_event" on "notice";');
    this.addSql('drop function salure_notice_event();');
    this.addSql('alter table "webhook_event" drop column "notice_id";');
    this.addSql('delete from "notice" where "kind" = \'REQUEST_WAITING\';');
    this.addSql('alter table "notice" drop constraint "notice_kind_check";');
    this.addSql(`alter table "notice" add constraint "notice_kind_check" check ("kind" in
      ('TOKEN_ENDING', 'TOKEN_BLOCKED', 'TOKEN_REVOKED', 'REQUEST_DECIDED', 'WEBHOOK_DISABLED'));`);
  }
}
