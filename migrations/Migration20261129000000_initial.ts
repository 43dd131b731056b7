import { Migration } from '@mikro-orm/migrations';

/** Clients, users and their rights, API tokens, sessions, and the page data (connectors, interfaces, runs). */
export class Migration20261129000000_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "client" (
      "id" uuid not null primary key,
      "name" text not null constraint "client_name_unique" unique,
      "created_at" timestamptz not null default now());`);

    this.addSql(`create table "app_user" (
      "id" uuid not null primary key,
      "email" text not null constraint "app_user_email_unique" unique,
      "name" text not null,
      "password_hash" text not null,
      "is_active" boolean not null default true,
      "client_id" uuid not null constraint "app_user_client_id_foreign" references "client" ("id") on update cascade,
      "pages" text[] not null default '{}',
      "client_ids" uuid[] not null default '{}',
      "created_at" timestamptz not null default now());`);
    this.addSql(`create index "app_user_client_created_idx" on "app_user" ("client_id", "created_at", "id");`);

    this.addSql(`create table "session" (
      "id" uuid not null primary key,
      "user_id" uuid not null constraint "session_user_id_foreign" references "app_user" ("id") on update cascade,
      "secret_hash" text not null constraint "session_secret_hash_unique" unique,
      "created_at" timestamptz not null default now(),
      "expires_at" timestamptz not null,
      "last_used_at" timestamptz null,
      "ended_at" timestamptz null);`);
    this.addSql(`create index "session_user_id_index" on "session" ("user_id");`);

    this.addSql(`create table "api_token" (
      "id" uuid not null primary key,
      "user_id" uuid not null constraint "api_token_user_id_foreign" references "app_user" ("id") on update cascade,
      "label" text not null,
      "secret_hash" text not null constraint "api_token_secret_hash_unique" unique,
      "hint" text not null,
      "pages" text[] not null,
      "client_ids" uuid[] null,
      "expires_at" timestamptz null,
      "created_at" timestamptz not null default now(),
      "last_used_at" timestamptz null,
      "revoked_at" timestamptz null);`);
    this.addSql(`create index "api_token_user_id_index" on "api_token" ("user_id");`);

    this.addSql(`create table "connector" (
      "id" uuid not null primary key,
      "client_id" uuid not null constraint "connector_client_id_foreign" references "client" ("id") on update cascade,
      "name" text not null,
      "system" text not null,
      "status" text not null check ("status" in ('ACTIVE', 'INACTIVE', 'ERROR')),
      "created_at" timestamptz not null default now());`);
    this.addSql(`create index "connector_client_created_idx" on "connector" ("client_id", "created_at", "id");`);

    this.addSql(`create table "interface" (
      "id" uuid not null primary key,
      "client_id" uuid not null constraint "interface_client_id_foreign" references "client" ("id") on update cascade,
      "name" text not null,
      "status" text not null check ("status" in ('ACTIVE', 'PAUSED', 'DRAFT')),
      "schedule" text null,
      "source_id" uuid null constraint "interface_source_id_foreign" references "connector" ("id") on update cascade on delete set null,
      "target_id" uuid null constraint "interface_target_id_foreign" references "connector" ("id") on update cascade on delete set null,
      "created_at" timestamptz not null default now());`);
    this.addSql(`create index "interface_source_id_index" on "interface" ("source_id");`);
    this.addSql(`create index "interface_target_id_index" on "interface" ("target_id");`);
    this.addSql(`create index "interface_client_created_idx" on "interface" ("client_id", "created_at", "id");`);

    this.addSql(`create table "run" (
      "id" uuid not null primary key,
      "client_id" uuid not null constraint "run_client_id_foreign" references "client" ("id") on update cascade,
      "interface_id" uuid not null constraint "run_interface_id_foreign" references "interface" ("id") on update cascade,
      "status" text not null check ("status" in ('RUNNING', 'SUCCEEDED', 'FAILED')),
      "started_at" timestamptz not null,
      "finished_at" timestamptz null,
      "records_processed" int not null default 0,
      "message" text null);`);
    this.addSql(`create index "run_client_started_idx" on "run" ("client_id", "started_at", "id");`);
    this.addSql(`create index "run_interface_started_idx" on "run" ("interface_id", "started_at", "id");`);
  }
}
