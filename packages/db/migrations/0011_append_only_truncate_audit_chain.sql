-- 1. Append-only stores refuse TRUNCATE too (UPDATE/DELETE are refused per row since 0003-0008; TRUNCATE
-- fires no row trigger). Drafts of intakes and notes are never truncated by the application either.
CREATE TRIGGER visit_event_no_truncate BEFORE TRUNCATE ON visit_event
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
CREATE TRIGGER consent_record_no_truncate BEFORE TRUNCATE ON consent_record
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
CREATE TRIGGER questionnaire_response_no_truncate BEFORE TRUNCATE ON questionnaire_response
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
CREATE TRIGGER intake_review_no_truncate BEFORE TRUNCATE ON intake_review
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
CREATE TRIGGER intake_no_truncate BEFORE TRUNCATE ON intake
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
CREATE TRIGGER clinical_note_no_truncate BEFORE TRUNCATE ON clinical_note
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
-- 2. Per-clinic time zones (provider_schedule, 0010) start from the zone each provider had until now.
INSERT INTO provider_schedule (clinic_id, provider_user_id, timezone)
SELECT DISTINCT m.clinic_id, m.user_id, pp.timezone
FROM clinic_membership m JOIN provider_profile pp ON pp.user_id = m.user_id
WHERE m.role = 'provider'
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- 3. An invitation can only name a patient of its own clinic. Declared here, not in the Drizzle schema,
-- because clinic.ts cannot import patient.ts (patient.ts imports clinic.ts).
ALTER TABLE invitation ADD CONSTRAINT invitation_patient_fk
  FOREIGN KEY (clinic_id, patient_id) REFERENCES patient (clinic_id, id);
--> statement-breakpoint
-- 4. Hash-chained audit log (DOMAIN.md §9), one chain per clinic plus one for rows without a clinic.
-- The canonical text of a row: every column but the hash itself, timestamps in UTC whatever the
-- session's TimeZone, in jsonb's deterministic text form. Verification (pnpm audit:verify) uses it too.
CREATE OR REPLACE FUNCTION audit_event_canonical(e audit_event) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_array(
    e.chain_seq, e.id, to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    e.clinic_id, e.actor_user_id, e.actor_kind, e.actor_roles, e.patient_id, e.action, e.resource_type,
    e.resource_id, e.outcome, e.request_id, e.ip_address, e.user_agent, e.detail
  )::text
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_event_hash(prev_hash text, e audit_event) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(prev_hash || audit_event_canonical(e), 'UTF8')), 'hex')
$$;
--> statement-breakpoint
-- Existing rows: chained in id order, once, by the owner (the append-only trigger is off for this only).
ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete;
--> statement-breakpoint
DO $$
DECLARE
  r audit_event;
  prev text;
  seq bigint;
  chain uuid;
  started boolean := false;
BEGIN
  FOR r IN SELECT * FROM audit_event ORDER BY clinic_id NULLS FIRST, id LOOP
    IF NOT started OR r.clinic_id IS DISTINCT FROM chain THEN
      started := true;
      chain := r.clinic_id;
      seq := 0;
      prev := repeat('0', 64);
    END IF;
    seq := seq + 1;
    r.chain_seq := seq;
    r.prev_hash := prev;
    prev := audit_event_hash(r.prev_hash, r);
    UPDATE audit_event SET chain_seq = r.chain_seq, prev_hash = r.prev_hash, hash = prev WHERE id = r.id;
  END LOOP;
END;
$$;
--> statement-breakpoint
ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete;
--> statement-breakpoint
ALTER TABLE audit_event ALTER COLUMN chain_seq SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "audit_event" ADD CONSTRAINT "audit_event_chain_uq" UNIQUE NULLS NOT DISTINCT("clinic_id","chain_seq");
--> statement-breakpoint
-- Computed by the database for every insert, so no code path can forget it or forge it (whatever the
-- INSERT supplies for these columns is overwritten). The transaction-scoped lock makes one writer per
-- chain wait for the previous one to commit, so it reads the committed head; separate clinics never wait.
CREATE OR REPLACE FUNCTION audit_event_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('clearwell.audit_event_chain'), hashtext(coalesce(NEW.clinic_id::text, '')));
  IF NEW.clinic_id IS NULL THEN
    SELECT chain_seq, hash INTO last_seq, last_hash FROM audit_event WHERE clinic_id IS NULL ORDER BY chain_seq DESC LIMIT 1;
  ELSE
    SELECT chain_seq, hash INTO last_seq, last_hash FROM audit_event WHERE clinic_id = NEW.clinic_id ORDER BY chain_seq DESC LIMIT 1;
  END IF;
  NEW.chain_seq := coalesce(last_seq, 0) + 1;
  NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
  NEW.hash := audit_event_hash(NEW.prev_hash, NEW);
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_chain();
