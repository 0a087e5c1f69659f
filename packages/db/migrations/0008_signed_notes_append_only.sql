-- Signed notes are append-only (DOMAIN.md §2, §8): once signed, a note changes only by addendum,
-- whoever connects. Drafts stay editable by the application.
CREATE OR REPLACE FUNCTION refuse_signed_note_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'signed' THEN
    RAISE EXCEPTION '% on a signed clinical note is not allowed: add an addendum instead', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER clinical_note_signed_append_only BEFORE UPDATE OR DELETE ON clinical_note
  FOR EACH ROW EXECUTE FUNCTION refuse_signed_note_change();
