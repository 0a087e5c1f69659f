ALTER TYPE "public"."questionnaire_context" ADD VALUE 'visit';--> statement-breakpoint
ALTER TABLE "questionnaire_response" ADD COLUMN "appointment_id" uuid;--> statement-breakpoint
ALTER TABLE "questionnaire_response" ADD COLUMN "entered_by_user_id" text;--> statement-breakpoint
ALTER TABLE "questionnaire_response" ADD CONSTRAINT "questionnaire_response_entered_by_user_id_user_id_fk" FOREIGN KEY ("entered_by_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_response" ADD CONSTRAINT "questionnaire_response_appointment_fk" FOREIGN KEY ("clinic_id","appointment_id") REFERENCES "public"."appointment"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "questionnaire_response_visit_instrument_uq" ON "questionnaire_response" USING btree ("appointment_id","instrument");--> statement-breakpoint
ALTER TABLE "questionnaire_response" ADD CONSTRAINT "questionnaire_response_visit_ck" CHECK (("questionnaire_response"."context"::text = 'visit') = ("questionnaire_response"."appointment_id" is not null) and ("questionnaire_response"."context"::text <> 'visit' or "questionnaire_response"."entered_by_user_id" is not null));--> statement-breakpoint
-- A visit questionnaire belongs to that appointment's own patient, and was entered by that patient or by
-- a clinician of the clinic (DOMAIN.md §1: the patient "O", a provider/prescriber "A"). The composite
-- foreign key keeps the clinic; this keeps the patient and the enterer, so a crafted INSERT cannot
-- file answers under someone else's visit.
CREATE OR REPLACE FUNCTION check_questionnaire_response_visit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.appointment_id IS NULL THEN
    RETURN NEW;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM appointment a WHERE a.id = NEW.appointment_id AND a.clinic_id = NEW.clinic_id AND a.patient_id = NEW.patient_id) THEN
    RAISE EXCEPTION 'a visit questionnaire belongs to the appointment''s own patient' USING ERRCODE = 'check_violation';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM patient p WHERE p.id = NEW.patient_id AND p.user_id = NEW.entered_by_user_id)
     AND NOT EXISTS (SELECT 1 FROM clinic_membership m WHERE m.clinic_id = NEW.clinic_id AND m.user_id = NEW.entered_by_user_id AND m.role::text IN ('provider', 'prescriber')) THEN
    RAISE EXCEPTION 'a visit questionnaire is entered by the patient or by one of the clinic''s clinicians' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER questionnaire_response_visit_check BEFORE INSERT ON questionnaire_response
  FOR EACH ROW EXECUTE FUNCTION check_questionnaire_response_visit();
