CREATE TYPE "public"."consent_kind" AS ENUM('telehealth', 'controlled_substance_agreement');--> statement-breakpoint
CREATE TYPE "public"."instrument" AS ENUM('phq9', 'gad7');--> statement-breakpoint
CREATE TYPE "public"."questionnaire_context" AS ENUM('intake', 'check_in');--> statement-breakpoint
CREATE TYPE "public"."alert_severity" AS ENUM('critical', 'high', 'medium', 'low');--> statement-breakpoint
CREATE TYPE "public"."alert_status" AS ENUM('open', 'acknowledged', 'escalated', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."appointment_kind" AS ENUM('evaluation', 'follow_up');--> statement-breakpoint
CREATE TYPE "public"."appointment_status" AS ENUM('booked', 'confirmed', 'checked_in', 'in_progress', 'completed', 'cancelled', 'no_show');--> statement-breakpoint
CREATE TYPE "public"."availability_exception_kind" AS ENUM('time_off', 'extra_hours');--> statement-breakpoint
CREATE TABLE "consent_record" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"intake_id" uuid,
	"kind" "consent_kind" NOT NULL,
	"text_version" text NOT NULL,
	"text_sha256" text NOT NULL,
	"signed_name" text NOT NULL,
	"accepted_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "intake" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"supersedes_id" uuid,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"completed_steps" text[] DEFAULT '{}'::text[] NOT NULL,
	"screening" jsonb,
	"most_restrictive_effect" text,
	"crisis_pathway" boolean DEFAULT false NOT NULL,
	"submitted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "intake_review" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"intake_id" uuid NOT NULL,
	"reviewer_user_id" text NOT NULL,
	"note" text,
	"released_for_scheduling" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "questionnaire_response" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"instrument" "instrument" NOT NULL,
	"context" "questionnaire_context" NOT NULL,
	"intake_id" uuid,
	"answers" smallint[] NOT NULL,
	"functional_difficulty" smallint,
	"total" smallint NOT NULL,
	"severity" text NOT NULL,
	"item9_positive" boolean DEFAULT false NOT NULL,
	"completed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "questionnaire_response_total_ck" CHECK ("questionnaire_response"."total" >= 0 and "questionnaire_response"."total" <= 27)
);
--> statement-breakpoint
CREATE TABLE "safety_alert" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"type" text NOT NULL,
	"severity" "alert_severity" NOT NULL,
	"status" "alert_status" DEFAULT 'open' NOT NULL,
	"summary" text NOT NULL,
	"source_type" text NOT NULL,
	"source_id" text,
	"detail" jsonb,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by_user_id" text,
	"resolved_at" timestamp with time zone,
	"resolved_by_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appointment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"provider_user_id" text NOT NULL,
	"kind" "appointment_kind" NOT NULL,
	"status" "appointment_status" DEFAULT 'booked' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"patient_state" text NOT NULL,
	"patient_timezone" text NOT NULL,
	"rescheduled_from_id" uuid,
	"booked_by_user_id" text NOT NULL,
	"cancelled_at" timestamp with time zone,
	"cancelled_by_user_id" text,
	"cancel_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appointment_range_ck" CHECK ("appointment"."starts_at" < "appointment"."ends_at")
);
--> statement-breakpoint
CREATE TABLE "availability_exception" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"provider_user_id" text NOT NULL,
	"kind" "availability_exception_kind" NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "availability_exception_ck" CHECK ("availability_exception"."starts_at" < "availability_exception"."ends_at")
);
--> statement-breakpoint
CREATE TABLE "availability_window" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"provider_user_id" text NOT NULL,
	"weekday" integer NOT NULL,
	"start_minute" integer NOT NULL,
	"end_minute" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "availability_window_ck" CHECK ("availability_window"."weekday" between 0 and 6 and "availability_window"."start_minute" >= 0 and "availability_window"."end_minute" <= 1440 and "availability_window"."start_minute" < "availability_window"."end_minute")
);
--> statement-breakpoint
CREATE TABLE "idempotency_key" (
	"user_id" text NOT NULL,
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_key_user_id_scope_key_pk" PRIMARY KEY("user_id","scope","key")
);
--> statement-breakpoint
ALTER TABLE "clinic" ADD COLUMN "evaluation_minutes" integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE "clinic" ADD COLUMN "follow_up_minutes" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "clinic" ADD COLUMN "cancel_cutoff_minutes" integer DEFAULT 1440 NOT NULL;--> statement-breakpoint
ALTER TABLE "clinic" ADD COLUMN "min_booking_notice_minutes" integer DEFAULT 120 NOT NULL;--> statement-breakpoint
ALTER TABLE "clinic" ADD COLUMN "booking_horizon_days" integer DEFAULT 28 NOT NULL;--> statement-breakpoint
ALTER TABLE "clinic" ADD COLUMN "no_show_grace_minutes" integer DEFAULT 15 NOT NULL;--> statement-breakpoint
ALTER TABLE "clinic" ADD COLUMN "booking_before_intake_review" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "provider_profile" ADD COLUMN "timezone" text DEFAULT 'America/New_York' NOT NULL;--> statement-breakpoint
ALTER TABLE "consent_record" ADD CONSTRAINT "consent_record_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_record" ADD CONSTRAINT "consent_record_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_record" ADD CONSTRAINT "consent_record_intake_id_intake_id_fk" FOREIGN KEY ("intake_id") REFERENCES "public"."intake"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake" ADD CONSTRAINT "intake_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake" ADD CONSTRAINT "intake_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_review" ADD CONSTRAINT "intake_review_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_review" ADD CONSTRAINT "intake_review_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_review" ADD CONSTRAINT "intake_review_intake_id_intake_id_fk" FOREIGN KEY ("intake_id") REFERENCES "public"."intake"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_review" ADD CONSTRAINT "intake_review_reviewer_user_id_user_id_fk" FOREIGN KEY ("reviewer_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_response" ADD CONSTRAINT "questionnaire_response_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_response" ADD CONSTRAINT "questionnaire_response_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_response" ADD CONSTRAINT "questionnaire_response_intake_id_intake_id_fk" FOREIGN KEY ("intake_id") REFERENCES "public"."intake"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_alert" ADD CONSTRAINT "safety_alert_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_alert" ADD CONSTRAINT "safety_alert_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_alert" ADD CONSTRAINT "safety_alert_acknowledged_by_user_id_user_id_fk" FOREIGN KEY ("acknowledged_by_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_alert" ADD CONSTRAINT "safety_alert_resolved_by_user_id_user_id_fk" FOREIGN KEY ("resolved_by_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_provider_user_id_user_id_fk" FOREIGN KEY ("provider_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_booked_by_user_id_user_id_fk" FOREIGN KEY ("booked_by_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_cancelled_by_user_id_user_id_fk" FOREIGN KEY ("cancelled_by_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "availability_exception" ADD CONSTRAINT "availability_exception_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "availability_exception" ADD CONSTRAINT "availability_exception_provider_user_id_user_id_fk" FOREIGN KEY ("provider_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "availability_window" ADD CONSTRAINT "availability_window_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "availability_window" ADD CONSTRAINT "availability_window_provider_user_id_user_id_fk" FOREIGN KEY ("provider_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_key" ADD CONSTRAINT "idempotency_key_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consent_record_patient_idx" ON "consent_record" USING btree ("patient_id","kind","accepted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "intake_patient_version_uq" ON "intake" USING btree ("patient_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "intake_patient_draft_uq" ON "intake" USING btree ("patient_id") WHERE "intake"."submitted_at" is null;--> statement-breakpoint
CREATE INDEX "intake_clinic_submitted_idx" ON "intake" USING btree ("clinic_id","submitted_at");--> statement-breakpoint
CREATE INDEX "intake_review_intake_idx" ON "intake_review" USING btree ("intake_id","created_at");--> statement-breakpoint
CREATE INDEX "questionnaire_response_patient_idx" ON "questionnaire_response" USING btree ("patient_id","instrument","completed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "safety_alert_open_dedupe_uq" ON "safety_alert" USING btree ("patient_id","type") WHERE "safety_alert"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX "safety_alert_clinic_status_idx" ON "safety_alert" USING btree ("clinic_id","status","created_at");--> statement-breakpoint
CREATE INDEX "appointment_clinic_start_idx" ON "appointment" USING btree ("clinic_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointment_provider_start_idx" ON "appointment" USING btree ("provider_user_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointment_patient_start_idx" ON "appointment" USING btree ("patient_id","starts_at");--> statement-breakpoint
CREATE INDEX "availability_exception_provider_idx" ON "availability_exception" USING btree ("clinic_id","provider_user_id","ends_at");--> statement-breakpoint
CREATE INDEX "availability_window_provider_idx" ON "availability_window" USING btree ("clinic_id","provider_user_id");--> statement-breakpoint
CREATE INDEX "idempotency_key_created_idx" ON "idempotency_key" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "patient_clinic_status_idx" ON "patient" USING btree ("clinic_id","status");--> statement-breakpoint
ALTER TABLE "clinic" ADD CONSTRAINT "clinic_visit_minutes_ck" CHECK ("clinic"."evaluation_minutes" between 15 and 240 and "clinic"."follow_up_minutes" between 10 and 240);--> statement-breakpoint
ALTER TABLE "clinic" ADD CONSTRAINT "clinic_booking_window_ck" CHECK ("clinic"."cancel_cutoff_minutes" >= 0 and "clinic"."min_booking_notice_minutes" >= 0 and "clinic"."booking_horizon_days" between 1 and 365 and "clinic"."no_show_grace_minutes" >= 0);