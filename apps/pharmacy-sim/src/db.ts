/**
 * The simulator's own storage: a separate database (it plays another organisation, so it shares
 * nothing with Clearwell's schema), created when missing, with three tables:
 * - received_message: every SCRIPT message it accepted or rejected, UNIQUE by MessageID: a
 *   duplicate is counted and answered again, never processed twice (DOMAIN §5.3 at-least-once).
 * - pharmacy_rx: the prescriptions it holds (one per accepted NewRx), for CancelRx and fills.
 * - outbound_message: its responses to Clearwell, stored before they are sent, so a restart
 *   resumes delivery; retried with backoff while Clearwell is down.
 * - transport_event: requests it failed on purpose (control modes) without receiving them.
 */
import { embeddedUrl } from "@clearwell/db/embedded";
import postgres from "postgres";

import type { SimEnv } from "./env";

export type Sql = postgres.Sql;

export function simDatabaseUrl(env: Pick<SimEnv, "PHARMACY_SIM_DATABASE_URL" | "DATABASE_URL" | "EMBEDDED_PG_PORT" | "PHARMACY_SIM_DATABASE">): string {
  if (env.PHARMACY_SIM_DATABASE_URL) return env.PHARMACY_SIM_DATABASE_URL;
  const url = new URL(env.DATABASE_URL ?? embeddedUrl(env.EMBEDDED_PG_PORT));
  url.pathname = `/${env.PHARMACY_SIM_DATABASE}`;
  return url.toString();
}

/** Creates the database named in `url` on its server when it does not exist yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error("pharmacy simulator: not a safe database name");
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    const [row] = await sql<{ exists: boolean }[]>`select exists (select 1 from pg_database where datname = ${name}) as exists`;
    if (row?.exists) return;
    try {
      await sql.unsafe(`create database ${name}`);
    } catch (e) {
      // Another process created it first.
      if ((e as { code?: string }).code !== "42P04") throw e;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

const DDL = `
create table if not exists received_message (
  message_id text primary key,
  type text not null,
  to_id text,
  from_id text,
  relates_to_message_id text,
  prescriber_order_number text,
  payload text not null,
  payload_sha256 text not null,
  received_at timestamptz not null default now(),
  outcome text not null check (outcome in ('accepted', 'rejected')),
  detail text,
  response_message_id text,
  duplicate_count int not null default 0,
  conflicting_duplicate_count int not null default 0,
  last_duplicate_at timestamptz
);
create table if not exists pharmacy_rx (
  id bigserial primary key,
  new_rx_message_id text not null unique references received_message (message_id),
  prescriber_order_number text not null,
  ncpdp_id text not null,
  clearwell_id text not null,
  drug_description text not null,
  quantity numeric not null,
  quantity_qualifier text not null,
  quantity_unit text not null,
  dispensed_quantity numeric not null default 0,
  status text not null default 'active' check (status in ('active', 'cancelled')),
  received_at timestamptz not null default now(),
  cancelled_at timestamptz
);
create index if not exists pharmacy_rx_order_idx on pharmacy_rx (prescriber_order_number);
create table if not exists outbound_message (
  message_id text primary key,
  relates_to_message_id text,
  type text not null,
  code text,
  payload text not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed', 'rejected')),
  attempts int not null default 0,
  next_attempt_at timestamptz not null default now(),
  lease_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  delivered_at timestamptz,
  delivered_count int not null default 0
);
create index if not exists outbound_message_due_idx on outbound_message (next_attempt_at) where status = 'pending';
create index if not exists outbound_message_relates_idx on outbound_message (relates_to_message_id);
create table if not exists transport_event (
  id bigserial primary key,
  at timestamptz not null default now(),
  mode text not null,
  message_id text
);
`;

export async function openSimDatabase(url: string, max: number): Promise<Sql> {
  await ensureDatabase(url);
  const sql = postgres(url, { max, onnotice: () => {}, connect_timeout: 10 });
  // One DDL run at a time (two simulators starting on one database).
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(7400)`;
    await tx.unsafe(DDL);
  });
  return sql;
}

export async function resetSimDatabase(sql: Sql): Promise<void> {
  await sql`truncate pharmacy_rx, received_message, outbound_message, transport_event`;
}
