CREATE TABLE "provider_schedule" (
	"clinic_id" uuid NOT NULL,
	"provider_user_id" text NOT NULL,
	"timezone" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provider_schedule_clinic_id_provider_user_id_pk" PRIMARY KEY("clinic_id","provider_user_id")
);
--> statement-breakpoint
ALTER TABLE "care_team_member" DROP CONSTRAINT "care_team_member_patient_id_patient_id_fk";
--> statement-breakpoint
ALTER TABLE "consent_record" DROP CONSTRAINT "consent_record_patient_id_patient_id_fk";
--> statement-breakpoint
ALTER TABLE "consent_record" DROP CONSTRAINT "consent_record_intake_id_intake_id_fk";
--> statement-breakpoint
ALTER TABLE "intake" DROP CONSTRAINT "intake_patient_id_patient_id_fk";
--> statement-breakpoint
ALTER TABLE "intake_review" DROP CONSTRAINT "intake_review_patient_id_patient_id_fk";
--> statement-breakpoint
ALTER TABLE "intake_review" DROP CONSTRAINT "intake_review_intake_id_intake_id_fk";
--> statement-breakpoint
ALTER TABLE "questionnaire_response" DROP CONSTRAINT "questionnaire_response_patient_id_patient_id_fk";
--> statement-breakpoint
ALTER TABLE "questionnaire_response" DROP CONSTRAINT "questionnaire_response_intake_id_intake_id_fk";
--> statement-breakpoint
ALTER TABLE "safety_alert" DROP CONSTRAINT "safety_alert_patient_id_patient_id_fk";
--> statement-breakpoint
ALTER TABLE "appointment" DROP CONSTRAINT "appointment_patient_id_patient_id_fk";
--> statement-breakpoint
ALTER TABLE "visit" DROP CONSTRAINT "visit_appointment_id_appointment_id_fk";
--> statement-breakpoint
ALTER TABLE "visit" DROP CONSTRAINT "visit_patient_id_patient_id_fk";
--> statement-breakpoint
ALTER TABLE "visit_event" DROP CONSTRAINT "visit_event_visit_id_visit_id_fk";
--> statement-breakpoint
ALTER TABLE "visit_participant" DROP CONSTRAINT "visit_participant_visit_id_visit_id_fk";
--> statement-breakpoint
ALTER TABLE "clinical_note" DROP CONSTRAINT "clinical_note_patient_id_patient_id_fk";
--> statement-breakpoint
ALTER TABLE "clinical_note" DROP CONSTRAINT "clinical_note_appointment_id_appointment_id_fk";
--> statement-breakpoint
ALTER TABLE "audit_event" ADD COLUMN "chain_seq" bigint;
--> statement-breakpoint
ALTER TABLE "audit_event" ADD COLUMN "prev_hash" text;
--> statement-breakpoint
ALTER TABLE "audit_event" ADD COLUMN "hash" text;
--> statement-breakpoint
ALTER TABLE "provider_schedule" ADD CONSTRAINT "provider_schedule_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "provider_schedule" ADD CONSTRAINT "provider_schedule_provider_user_id_user_id_fk" FOREIGN KEY ("provider_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
-- Hand-ordered: the (clinic_id, id) unique keys must exist before the composite foreign keys that use them;
-- the audit chain columns become NOT NULL (and unique) in 0011, after the backfill.
ALTER TABLE "patient" ADD CONSTRAINT "patient_clinic_id_uq" UNIQUE("clinic_id","id");
--> statement-breakpoint
ALTER TABLE "intake" ADD CONSTRAINT "intake_clinic_id_uq" UNIQUE("clinic_id","id");
--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_clinic_id_uq" UNIQUE("clinic_id","id");
--> statement-breakpoint
ALTER TABLE "visit" ADD CONSTRAINT "visit_clinic_id_uq" UNIQUE("clinic_id","id");
--> statement-breakpoint
ALTER TABLE "clinical_note" ADD CONSTRAINT "clinical_note_clinic_id_uq" UNIQUE("clinic_id","id");
--> statement-breakpoint
ALTER TABLE "care_team_member" ADD CONSTRAINT "care_team_member_patient_fk" FOREIGN KEY ("clinic_id","patient_id") REFERENCES "public"."patient"("clinic_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "consent_record" ADD CONSTRAINT "consent_record_patient_fk" FOREIGN KEY ("clinic_id","patient_id") REFERENCES "public"."patient"("clinic_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "consent_record" ADD CONSTRAINT "consent_record_intake_fk" FOREIGN KEY ("clinic_id","intake_id") REFERENCES "public"."intake"("clinic_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "intake" ADD CONSTRAINT "intake_patient_fk" FOREIGN KEY ("clinic_id","patient_id") REFERENCES "public"."patient"("clinic_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "intake" ADD CONSTRAINT "intake_supersedes_fk" FOREIGN KEY ("clinic_id","supersedes_id") REFERENCES "public"."intake"("clinic_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "intake_review" ADD CONSTRAINT "intake_review_patient_fk" FOREIGN KEY ("clinic_id","patient_id") REFERENCES "public"."patient"("clinic_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "intake_review" ADD CONSTRAINT "intake_review_intake_fk" FOREIGN KEY ("clinic_id","intake_id") REFERENCES "public"."intake"("clinic_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "questionnaire_response" ADD CONSTRAINT "questionnaire_response_patient_fk" FOREIGN KEY ("clinic_id","patient_id") REFERENCES "public"."patient"("clinic_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "questionnaire_response" ADD CONSTRAINT "questionnaire_response_intake_fk" FOREIGN KEY ("clinic_id","intake_id") REFERENCES "public"."intake"("clinic_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "safety_alert" ADD CONSTRAINT "safety_alert_patient_fk" FOREIGN KEY ("clinic_id","patient_id") REFERENCES "public"."patient"("clinic_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_patient_fk" FOREIGN KEY ("clinic_id","patient_id") REFERENCES "public"."patient"("clinic_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_rescheduled_from_fk" FOREIGN KEY ("clinic_id","rescheduled_from_id") REFERENCES "public"."appointment"("clinic_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "visit" ADD CONSTRAINT "visit_appointment_fk" FOREIGN KEY ("clinic_id","appointment_id") REFERENCES "public"."appointment"("clinic_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "visit" ADD CONSTRAINT "visit_patient_fk" FOREIGN KEY ("clinic_id","patient_id") REFERENCES "public"."patient"("clinic_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "visit_event" ADD CONSTRAINT "visit_event_visit_fk" FOREIGN KEY ("clinic_id","visit_id") REFERENCES "public"."visit"("clinic_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "visit_participant" ADD CONSTRAINT "visit_participant_visit_fk" FOREIGN KEY ("clinic_id","visit_id") REFERENCES "public"."visit"("clinic_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "clinical_note" ADD CONSTRAINT "clinical_note_patient_fk" FOREIGN KEY ("clinic_id","patient_id") REFERENCES "public"."patient"("clinic_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "clinical_note" ADD CONSTRAINT "clinical_note_appointment_fk" FOREIGN KEY ("clinic_id","appointment_id") REFERENCES "public"."appointment"("clinic_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "user_email_lower_uq" ON "user" USING btree (lower("email"));
