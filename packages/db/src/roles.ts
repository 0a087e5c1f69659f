import postgres from "postgres";

import { appRoleCredentials } from "./app-url";
import { dbEnv } from "./env";

/**
 * Schemas whose tables the application role works with. `pgboss` appears when the job queue
 * installs itself (as the owner) during a migrate run; it is granted when present.
 */
const APP_SCHEMAS = ["public", "pgboss"];

const ident = (name: string) => {
  if (!name || name.length > 63 || name.includes("\0")) throw new Error("not a valid identifier");
  return `"${name.replace(/"/g, '""')}"`;
};
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * Creates the application's LOGIN role if it is missing and grants it, in the database behind
 * `ownerUrl`, only what the apps need: DML on tables (SELECT and INSERT only on append-only stores),
 * sequences, functions; no TRUNCATE, no ownership, no CREATE on any schema. Run as the owner after
 * every migration (runMigrations does), so schemas and tables created in that run are covered.
 */
export async function grantAppRole(ownerUrl: string, env = dbEnv()) {
  const { role, password, configured } = appRoleCredentials(env);
  const r = ident(role);
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.begin(async (tx) => {
      // Concurrent grant runs on one database would collide on the same catalog rows.
      await tx`select pg_advisory_xact_lock(hashtext('clearwell.grant_app_role'))`;
      const [me] = await tx<{ owner: string; db: string }[]>`select current_user as owner, current_database() as db`;
      if (me!.owner === role) throw new Error(`The application role ${role} must not be the owner that runs migrations.`);

      const [existing] = await tx<{ rolsuper: boolean; rolbypassrls: boolean }[]>`select rolsuper, rolbypassrls from pg_roles where rolname = ${role}`;
      if (!existing) {
        // Roles are cluster-wide and several databases may be set up at once (parallel test runs):
        // losing the race to a concurrent creator is fine.
        if (password.includes("$grant$")) throw new Error("unsupported character sequence in the application role's password");
        await tx.unsafe(
          `DO $grant$ BEGIN
             CREATE ROLE ${r} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${literal(password)};
           EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
           END $grant$`,
        );
      } else if (existing.rolsuper || existing.rolbypassrls) {
        throw new Error(`The application role ${role} is a superuser or bypasses row security: refusing to grant it anything.`);
      } else if (configured) {
        // A configured password is authoritative (rotation); the development default never overwrites one.
        await tx.unsafe(`ALTER ROLE ${r} PASSWORD ${literal(password)}`);
      }

      await tx.unsafe(`GRANT CONNECT ON DATABASE ${ident(me!.db)} TO ${r}`);
      const present = await tx<{ nspname: string }[]>`select nspname from pg_namespace where nspname = any(${tx.array(APP_SCHEMAS)}::text[])`;
      for (const { nspname } of present) {
        const s = ident(nspname);
        await tx.unsafe(`GRANT USAGE ON SCHEMA ${s} TO ${r}`);
        await tx.unsafe(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${r}`);
        await tx.unsafe(`REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA ${s} FROM ${r}`);
        await tx.unsafe(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${r}`);
        await tx.unsafe(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${s} TO ${r}`);
        // Tables the owner adds later (between runs of this function) start with the same rights.
        await tx.unsafe(`ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(me!.owner)} IN SCHEMA ${s} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${r}`);
        await tx.unsafe(`ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(me!.owner)} IN SCHEMA ${s} GRANT USAGE, SELECT ON SEQUENCES TO ${r}`);
        await tx.unsafe(`ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(me!.owner)} IN SCHEMA ${s} GRANT EXECUTE ON FUNCTIONS TO ${r}`);
      }

      // Append-only stores, found from the database rather than a list to keep in step: every table
      // whose UPDATE or DELETE a row trigger refuses outright (refuse_mutation) gets SELECT and INSERT only.
      const appendOnly = await tx<{ name: string }[]>`
        select distinct format('%I.%I', n.nspname, c.relname) as name
        from pg_trigger t
        join pg_class c on c.oid = t.tgrelid
        join pg_namespace n on n.oid = c.relnamespace
        where not t.tgisinternal
          and t.tgfoid = to_regproc('refuse_mutation')
          and (t.tgtype & 1) = 1            -- FOR EACH ROW
          and (t.tgtype & (8 | 16)) <> 0    -- DELETE or UPDATE`;
      for (const { name } of appendOnly) await tx.unsafe(`REVOKE UPDATE, DELETE ON ${name} FROM ${r}`);

      // PostgreSQL before 15 let PUBLIC create in schema public; the application never creates objects.
      const creatable = await tx<{ nspname: string }[]>`
        select nspname from pg_namespace where has_schema_privilege(${role}, oid, 'CREATE')`;
      if (creatable.some((s) => s.nspname === "public")) await tx.unsafe(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
      const still = await tx<{ nspname: string }[]>`
        select nspname from pg_namespace where has_schema_privilege(${role}, oid, 'CREATE')`;
      if (still.length) throw new Error(`The application role ${role} can create objects in schema ${still.map((s) => s.nspname).join(", ")}.`);
    });
  } finally {
    await sql.end();
  }
}

/** What the connection's role could do beyond the application's grants (empty: least privilege). */
export interface PrivilegeReport {
  user: string;
  superuser: boolean;
  bypassesRowSecurity: boolean;
  /** Tables the role owns or could SET ROLE to the owner of (and so disable triggers, truncate, drop). */
  ownedTables: number;
  /** Superuser roles the role is a member of. */
  superuserMemberships: number;
}

export async function privilegeReport(sql: postgres.Sql): Promise<PrivilegeReport> {
  const [row] = await sql<PrivilegeReport[]>`
    select current_user as "user",
           r.rolsuper as "superuser",
           r.rolbypassrls as "bypassesRowSecurity",
           (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
             where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
               and n.nspname not like 'pg\\_%' and pg_has_role(current_user, c.relowner, 'MEMBER')) as "ownedTables",
           (select count(*)::int from pg_roles s
             where s.rolsuper and s.rolname <> current_user and pg_has_role(current_user, s.oid, 'MEMBER')) as "superuserMemberships"
    from pg_roles r where r.rolname = current_user`;
  return row!;
}

/** Thrown when the application is connected with more rights than it should have. */
export class PrivilegeError extends Error {}

/**
 * Refuses a connection that could bypass the append-only triggers or the audit chain: a superuser
 * (`SET session_replication_role = replica`), a table owner (`ALTER TABLE … DISABLE TRIGGER`,
 * TRUNCATE) or a member of either. Production calls this before serving.
 */
export async function assertLeastPrivilege(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    const r = await privilegeReport(sql);
    const problems = [
      r.superuser && "is a superuser",
      r.bypassesRowSecurity && "bypasses row security",
      r.ownedTables > 0 && `owns (or may act as the owner of) ${r.ownedTables} table(s)`,
      r.superuserMemberships > 0 && "is a member of a superuser role",
    ].filter(Boolean);
    if (problems.length) {
      throw new PrivilegeError(
        `Refusing to start: the database user "${r.user}" ${problems.join(", ")}. The apps and the worker must connect as the least-privilege role (clearwell_app, created by \`pnpm db:migrate\`): set DATABASE_APP_URL, or DATABASE_URL and DATABASE_APP_PASSWORD.`,
      );
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}
