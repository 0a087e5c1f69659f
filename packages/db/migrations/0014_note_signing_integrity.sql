-- Notes opened for a follow-up visit are follow-up notes (0013 defaulted every row to evaluation).
UPDATE clinical_note n SET kind = 'follow_up'
FROM appointment a
WHERE a.id = n.appointment_id AND a.kind = 'follow_up' AND n.status = 'draft';
--> statement-breakpoint
-- DOMAIN.md §2 "Clinical note": signed notes are never edited or deleted, drafts are discarded (status,
-- row kept), never deleted; a discarded draft is final. Checked on OLD, so an UPDATE that flips a signed
-- note's status back to draft is refused like any other change. Whoever connects, the owner included.
CREATE OR REPLACE FUNCTION refuse_signed_note_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'signed' THEN
    RAISE EXCEPTION '% on a signed clinical note is not allowed: add an addendum instead', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'DELETE on a clinical note is not allowed: discard the draft instead'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.status = 'discarded' THEN
    RAISE EXCEPTION 'UPDATE on a discarded clinical note is not allowed'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- Whose note it is and what it is about never change, even while it is a draft.
  IF NEW.clinic_id IS DISTINCT FROM OLD.clinic_id OR NEW.patient_id IS DISTINCT FROM OLD.patient_id
     OR NEW.author_user_id IS DISTINCT FROM OLD.author_user_id OR NEW.kind IS DISTINCT FROM OLD.kind
     OR NEW.parent_note_id IS DISTINCT FROM OLD.parent_note_id OR NEW.appointment_id IS DISTINCT FROM OLD.appointment_id THEN
    RAISE EXCEPTION 'a clinical note cannot change its clinic, patient, author, kind, parent or visit'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
-- A row becomes signed only as the author, with a hash that matches the signed text, and an addendum
-- only points at a signed note that is not itself an addendum (DOMAIN.md §1 "Sign note / add addendum:
-- A (author)", §9 (c) integrity). A crafted INSERT or UPDATE cannot skip these.
CREATE OR REPLACE FUNCTION check_clinical_note_signature() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  parent_status note_status;
  parent_kind note_kind;
BEGIN
  IF NEW.status = 'signed' THEN
    IF NEW.signed_by_user_id IS DISTINCT FROM NEW.author_user_id THEN
      RAISE EXCEPTION 'only the author signs a clinical note' USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.content_sha256 IS DISTINCT FROM encode(sha256(convert_to(NEW.signed_content, 'UTF8')), 'hex') THEN
      RAISE EXCEPTION 'the signed content does not match its hash' USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  IF NEW.kind = 'addendum' THEN
    SELECT status, kind INTO parent_status, parent_kind FROM clinical_note WHERE id = NEW.parent_note_id;
    IF parent_status IS DISTINCT FROM 'signed' OR parent_kind = 'addendum' THEN
      RAISE EXCEPTION 'an addendum points at a signed note' USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER clinical_note_signature_check BEFORE INSERT OR UPDATE ON clinical_note
  FOR EACH ROW EXECUTE FUNCTION check_clinical_note_signature();
