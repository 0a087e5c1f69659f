-- Issue 15/14: a list read (patient list, schedule, dashboard, alert inbox) writes one audit row per
-- request naming every patient it showed, instead of one row per patient. An admin still finds every
-- access to one patient fast: patient_id's btree or this GIN index (list rows only, so it stays small).
ALTER TABLE "audit_event" ADD COLUMN "patient_ids" uuid[];
--> statement-breakpoint
CREATE INDEX "audit_event_patient_ids_idx" ON "audit_event" USING gin ("patient_ids") WHERE "audit_event"."patient_ids" is not null;
--> statement-breakpoint
-- The hash covers patient_ids too, so the set of patients a read showed cannot be edited unseen. It is
-- appended only when present: every existing row (patient_ids null) hashes exactly as before, so the
-- chains written under 0011 still verify.
CREATE OR REPLACE FUNCTION audit_event_canonical(e audit_event) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT (jsonb_build_array(
    e.chain_seq, e.id, to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    e.clinic_id, e.actor_user_id, e.actor_kind, e.actor_roles, e.patient_id, e.action, e.resource_type,
    e.resource_id, e.outcome, e.request_id, e.ip_address, e.user_agent, e.detail
  ) || CASE WHEN e.patient_ids IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(e.patient_ids) END)::text
$$;
