-- No double booking, enforced by the database: a provider's live appointments may not overlap, nor may a patient's.
-- Cancelled, completed and no-show appointments free their time. Needs btree_gist (migration 0000).
ALTER TABLE appointment ADD CONSTRAINT appointment_provider_no_overlap
  EXCLUDE USING gist (provider_user_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
  WHERE (status IN ('booked', 'confirmed', 'checked_in', 'in_progress'));
--> statement-breakpoint
ALTER TABLE appointment ADD CONSTRAINT appointment_patient_no_overlap
  EXCLUDE USING gist (patient_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
  WHERE (status IN ('booked', 'confirmed', 'checked_in', 'in_progress'));
--> statement-breakpoint
-- Signed-off clinical inputs are append-only (refuse_mutation from migration 0002).
CREATE TRIGGER questionnaire_response_append_only BEFORE UPDATE OR DELETE ON questionnaire_response
  FOR EACH ROW EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
CREATE TRIGGER consent_record_append_only BEFORE UPDATE OR DELETE ON consent_record
  FOR EACH ROW EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
CREATE TRIGGER intake_review_append_only BEFORE UPDATE OR DELETE ON intake_review
  FOR EACH ROW EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
-- A submitted intake is immutable: corrections are a new version that supersedes it.
CREATE OR REPLACE FUNCTION refuse_submitted_intake_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.submitted_at IS NOT NULL THEN
    RAISE EXCEPTION '% on a submitted intake is not allowed: submit a new version instead', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER intake_submitted_immutable BEFORE UPDATE OR DELETE ON intake
  FOR EACH ROW EXECUTE FUNCTION refuse_submitted_intake_change();
