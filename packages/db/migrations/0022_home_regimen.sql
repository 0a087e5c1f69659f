CREATE TYPE "public"."check_in_status" AS ENUM('due', 'overdue', 'submitted', 'scored', 'missed');--> statement-breakpoint
CREATE TYPE "public"."dose_session_status" AS ENUM('scheduled', 'precheck_passed', 'precheck_failed', 'taken', 'postcheck_submitted', 'missed');--> statement-breakpoint
CREATE TYPE "public"."regimen_status" AS ENUM('planned', 'active', 'paused', 'completed', 'stopped');--> statement-breakpoint
ALTER TYPE "public"."care_team_role" ADD VALUE 'on_call';--> statement-breakpoint
CREATE TABLE "alert_event" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"alert_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_status" "alert_status",
	"to_status" "alert_status" NOT NULL,
	"tier" smallint DEFAULT 0 NOT NULL,
	"actor_user_id" text,
	"detail" jsonb,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_event_kind_ck" CHECK ("alert_event"."kind" in ('raised', 'acknowledged', 'escalated', 'resolved', 'routed')),
	CONSTRAINT "alert_event_tier_ck" CHECK ("alert_event"."tier" between 0 and 2),
	CONSTRAINT "alert_event_detail_ck" CHECK ("alert_event"."detail" is null or jsonb_typeof("alert_event"."detail") = 'object')
);
--> statement-breakpoint
CREATE TABLE "clinic_safety_settings" (
	"clinic_id" uuid PRIMARY KEY NOT NULL,
	"bp_systolic_max" integer DEFAULT 140 NOT NULL,
	"bp_diastolic_max" integer DEFAULT 90 NOT NULL,
	"bp_urgent_systolic" integer DEFAULT 180 NOT NULL,
	"bp_urgent_diastolic" integer DEFAULT 120 NOT NULL,
	"bp_recheck_rest_minutes" integer DEFAULT 5 NOT NULL,
	"fasting_rule" text DEFAULT 'Do not eat for 2 hours before your session; small sips of water are fine.' NOT NULL,
	"post_dose_check_hours" integer DEFAULT 3 NOT NULL,
	"dissociation_window_minutes" integer DEFAULT 120 NOT NULL,
	"check_in_cadence" text DEFAULT 'weekly' NOT NULL,
	"check_in_grace_hours" integer DEFAULT 48 NOT NULL,
	"pre_follow_up_check_in_days" integer DEFAULT 2 NOT NULL,
	"missed_follow_up_pause_days" integer DEFAULT 7 NOT NULL,
	"a1_auto_pause" boolean DEFAULT true NOT NULL,
	"dose_day_grace_hours" integer DEFAULT 6 NOT NULL,
	"sla_critical_minutes" integer DEFAULT 60 NOT NULL,
	"sla_high_minutes" integer DEFAULT 480 NOT NULL,
	"sla_medium_minutes" integer DEFAULT 1440 NOT NULL,
	"sla_low_minutes" integer,
	"on_call_user_id" text,
	"backup_on_call_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_user_id" text,
	CONSTRAINT "clinic_safety_settings_bp_ck" CHECK ("clinic_safety_settings"."bp_systolic_max" between 90 and 250 and "clinic_safety_settings"."bp_diastolic_max" between 50 and 150
          and "clinic_safety_settings"."bp_urgent_systolic" > "clinic_safety_settings"."bp_systolic_max" and "clinic_safety_settings"."bp_urgent_systolic" <= 300
          and "clinic_safety_settings"."bp_urgent_diastolic" > "clinic_safety_settings"."bp_diastolic_max" and "clinic_safety_settings"."bp_urgent_diastolic" <= 200),
	CONSTRAINT "clinic_safety_settings_positive_ck" CHECK ("clinic_safety_settings"."bp_recheck_rest_minutes" > 0 and "clinic_safety_settings"."post_dose_check_hours" > 0 and "clinic_safety_settings"."dissociation_window_minutes" > 0 and "clinic_safety_settings"."check_in_grace_hours" > 0
          and "clinic_safety_settings"."pre_follow_up_check_in_days" > 0 and "clinic_safety_settings"."missed_follow_up_pause_days" > 0 and "clinic_safety_settings"."dose_day_grace_hours" > 0),
	CONSTRAINT "clinic_safety_settings_sla_ck" CHECK ("clinic_safety_settings"."sla_critical_minutes" > 0 and "clinic_safety_settings"."sla_high_minutes" > 0 and "clinic_safety_settings"."sla_medium_minutes" > 0 and ("clinic_safety_settings"."sla_low_minutes" is null or "clinic_safety_settings"."sla_low_minutes" > 0)),
	CONSTRAINT "clinic_safety_settings_cadence_ck" CHECK ("clinic_safety_settings"."check_in_cadence" in ('weekly', 'every_2_weeks', 'monthly', 'none')),
	CONSTRAINT "clinic_safety_settings_fasting_ck" CHECK (length("clinic_safety_settings"."fasting_rule") between 1 and 500),
	CONSTRAINT "clinic_safety_settings_backup_ck" CHECK ("clinic_safety_settings"."backup_on_call_user_id" is null or "clinic_safety_settings"."backup_on_call_user_id" is distinct from "clinic_safety_settings"."on_call_user_id")
);
--> statement-breakpoint
CREATE TABLE "outreach_record" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"alert_id" uuid,
	"author_user_id" text NOT NULL,
	"method" text NOT NULL,
	"reached" boolean NOT NULL,
	"risk_assessment" text,
	"plan" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outreach_record_clinic_patient_id_uq" UNIQUE("clinic_id","patient_id","id"),
	CONSTRAINT "outreach_record_method_ck" CHECK ("outreach_record"."method" in ('phone', 'video', 'message', 'in_person')),
	CONSTRAINT "outreach_record_assessment_ck" CHECK (not "outreach_record"."reached" or "outreach_record"."risk_assessment" is not null)
);
--> statement-breakpoint
CREATE TABLE "check_in" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"regimen_id" uuid,
	"kind" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"overdue_at" timestamp with time zone NOT NULL,
	"status" "check_in_status" DEFAULT 'due' NOT NULL,
	"phq9_response_id" uuid,
	"gad7_response_id" uuid,
	"submitted_at" timestamp with time zone,
	"scored_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"missed_at" timestamp with time zone,
	"appointment_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "check_in_patient_kind_due_uq" UNIQUE("patient_id","kind","due_at"),
	CONSTRAINT "check_in_clinic_id_uq" UNIQUE("clinic_id","id"),
	CONSTRAINT "check_in_kind_ck" CHECK ("check_in"."kind" in ('weekly', 'pre_follow_up', 'pre_first_dose')),
	CONSTRAINT "check_in_overdue_ck" CHECK ("check_in"."overdue_at" > "check_in"."due_at"),
	CONSTRAINT "check_in_appointment_ck" CHECK ("check_in"."kind" = 'pre_follow_up' or "check_in"."appointment_id" is null),
	CONSTRAINT "check_in_submitted_ck" CHECK (("check_in"."status" in ('submitted', 'scored')) = ("check_in"."submitted_at" is not null)
          and ("check_in"."submitted_at" is null or ("check_in"."phq9_response_id" is not null and "check_in"."gad7_response_id" is not null))
          and ("check_in"."status" = 'scored') = ("check_in"."scored_at" is not null)
          and ("check_in"."status" = 'missed') = ("check_in"."missed_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "dose_session" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"regimen_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"scheduled_date" date NOT NULL,
	"status" "dose_session_status" DEFAULT 'scheduled' NOT NULL,
	"idempotency_key" text,
	"bp1_systolic" smallint,
	"bp1_diastolic" smallint,
	"bp1_at" timestamp with time zone,
	"bp2_systolic" smallint,
	"bp2_diastolic" smallint,
	"bp2_at" timestamp with time zone,
	"precheck_answers" jsonb,
	"precheck_failed_reasons" text[],
	"precheck_at" timestamp with time zone,
	"support_confirmation_id" uuid,
	"taken_at" timestamp with time zone,
	"units_taken" numeric,
	"dissociation_minutes" integer,
	"side_effects" jsonb,
	"support_signoff_name" text,
	"support_signoff_at" timestamp with time zone,
	"postcheck_due_at" timestamp with time zone,
	"postcheck_at" timestamp with time zone,
	"postcheck" jsonb,
	"missed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dose_session_regimen_sequence_uq" UNIQUE("regimen_id","sequence"),
	CONSTRAINT "dose_session_clinic_id_uq" UNIQUE("clinic_id","id"),
	CONSTRAINT "dose_session_clinic_patient_id_uq" UNIQUE("clinic_id","patient_id","id"),
	CONSTRAINT "dose_session_sequence_ck" CHECK ("dose_session"."sequence" >= 1),
	CONSTRAINT "dose_session_bp_ck" CHECK (("dose_session"."bp1_systolic" is null) = ("dose_session"."bp1_diastolic" is null) and ("dose_session"."bp1_systolic" is null) = ("dose_session"."bp1_at" is null)
          and ("dose_session"."bp2_systolic" is null) = ("dose_session"."bp2_diastolic" is null) and ("dose_session"."bp2_systolic" is null) = ("dose_session"."bp2_at" is null)
          and ("dose_session"."bp2_systolic" is null or "dose_session"."bp1_systolic" is not null)
          and ("dose_session"."bp1_systolic" is null or ("dose_session"."bp1_systolic" between 50 and 300 and "dose_session"."bp1_diastolic" between 20 and 200))
          and ("dose_session"."bp2_systolic" is null or ("dose_session"."bp2_systolic" between 50 and 300 and "dose_session"."bp2_diastolic" between 20 and 200))),
	CONSTRAINT "dose_session_answers_ck" CHECK ("dose_session"."precheck_answers" is null or jsonb_typeof("dose_session"."precheck_answers") = 'object'),
	CONSTRAINT "dose_session_fail_reasons_ck" CHECK ("dose_session"."precheck_failed_reasons" is null or "dose_session"."precheck_failed_reasons" <@ array['bp_high', 'bp_urgent', 'support_absent', 'alcohol_or_sedatives', 'driving_plan', 'feeling_unwell', 'in_crisis', 'too_soon', 'sessions_exhausted', 'regimen_not_active', 'support_unconfirmed']::text[]),
	CONSTRAINT "dose_session_precheck_ck" CHECK (("dose_session"."status" not in ('precheck_passed', 'precheck_failed', 'taken', 'postcheck_submitted') or "dose_session"."precheck_at" is not null)
          and ("dose_session"."status" not in ('precheck_passed', 'taken', 'postcheck_submitted')
               or ("dose_session"."bp1_systolic" is not null and "dose_session"."precheck_answers" is not null and "dose_session"."support_confirmation_id" is not null))
          and ("dose_session"."status" = 'precheck_failed') = coalesce(cardinality("dose_session"."precheck_failed_reasons") > 0, false)),
	CONSTRAINT "dose_session_taken_ck" CHECK (("dose_session"."status" in ('taken', 'postcheck_submitted')) = ("dose_session"."taken_at" is not null)
          and ("dose_session"."taken_at" is null or ("dose_session"."units_taken" is not null and "dose_session"."side_effects" is not null))
          and ("dose_session"."units_taken" is null or "dose_session"."units_taken" > 0)
          and ("dose_session"."dissociation_minutes" is null or "dose_session"."dissociation_minutes" >= 0)
          and ("dose_session"."side_effects" is null or jsonb_typeof("dose_session"."side_effects") = 'array')
          and ("dose_session"."support_signoff_name" is null) = ("dose_session"."support_signoff_at" is null)),
	CONSTRAINT "dose_session_postcheck_ck" CHECK (("dose_session"."status" = 'postcheck_submitted') = ("dose_session"."postcheck_at" is not null)
          and ("dose_session"."postcheck_at" is null) = ("dose_session"."postcheck" is null)
          and ("dose_session"."postcheck" is null or jsonb_typeof("dose_session"."postcheck") = 'object')),
	CONSTRAINT "dose_session_missed_ck" CHECK (("dose_session"."status" = 'missed') = ("dose_session"."missed_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "medication_fill" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"regimen_id" uuid,
	"prescription_id" uuid NOT NULL,
	"source" text NOT NULL,
	"rx_inbox_message_id" text,
	"fill_status" text NOT NULL,
	"quantity" numeric NOT NULL,
	"dispensed_date" date,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "medication_fill_source_ck" CHECK ("medication_fill"."source" in ('pharmacy', 'patient_receipt')),
	CONSTRAINT "medication_fill_quantity_ck" CHECK ("medication_fill"."quantity" >= 0),
	CONSTRAINT "medication_fill_inbox_ck" CHECK ("medication_fill"."source" = 'pharmacy' or "medication_fill"."rx_inbox_message_id" is null)
);
--> statement-breakpoint
CREATE TABLE "regimen" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"prescription_id" uuid NOT NULL,
	"status" "regimen_status" DEFAULT 'planned' NOT NULL,
	"units_per_session" numeric NOT NULL,
	"days_between_sessions" integer NOT NULL,
	"sessions_prescribed" integer NOT NULL,
	"units_prescribed" numeric NOT NULL,
	"unit_label" text NOT NULL,
	"dose_mg_per_session" numeric NOT NULL,
	"product_label" text NOT NULL,
	"first_session_date" date,
	"next_follow_up_date" date,
	"activated_at" timestamp with time zone,
	"activation_source" text,
	"pause_reason" text,
	"paused_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "regimen_prescription_uq" UNIQUE("prescription_id"),
	CONSTRAINT "regimen_clinic_id_uq" UNIQUE("clinic_id","id"),
	CONSTRAINT "regimen_clinic_patient_id_uq" UNIQUE("clinic_id","patient_id","id"),
	CONSTRAINT "regimen_numbers_ck" CHECK ("regimen"."units_per_session" > 0 and "regimen"."days_between_sessions" > 0 and "regimen"."sessions_prescribed" >= 0 and "regimen"."units_prescribed" > 0
          and "regimen"."dose_mg_per_session" > 0 and "regimen"."version" >= 1),
	CONSTRAINT "regimen_unit_label_ck" CHECK ("regimen"."unit_label" in ('troche', 'tablet', 'spray', 'mL')),
	CONSTRAINT "regimen_activation_source_ck" CHECK ("regimen"."activation_source" is null or "regimen"."activation_source" in ('fill', 'patient_receipt')),
	CONSTRAINT "regimen_pause_reason_ck" CHECK ("regimen"."pause_reason" is null or "regimen"."pause_reason" in ('alert_A1', 'alert_A4', 'missed_follow_up', 'eligibility_expired', 'eligibility_invalidated', 'plan_pause', 'clinician')),
	CONSTRAINT "regimen_activated_ck" CHECK (("regimen"."activated_at" is null) = ("regimen"."activation_source" is null)
          and ("regimen"."status" not in ('active', 'paused', 'completed') or "regimen"."activated_at" is not null)
          and ("regimen"."status" <> 'planned' or "regimen"."activated_at" is null)),
	CONSTRAINT "regimen_paused_ck" CHECK (("regimen"."pause_reason" is null) = ("regimen"."paused_at" is null) and ("regimen"."status" <> 'paused' or "regimen"."pause_reason" is not null)
          and ("regimen"."status" not in ('planned', 'active') or "regimen"."pause_reason" is null)),
	CONSTRAINT "regimen_ended_ck" CHECK (("regimen"."status" in ('completed', 'stopped')) = ("regimen"."ended_at" is not null) and ("regimen"."status" <> 'stopped' or "regimen"."end_reason" is not null))
);
--> statement-breakpoint
CREATE TABLE "regimen_event" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"regimen_id" uuid NOT NULL,
	"from_status" "regimen_status",
	"to_status" "regimen_status" NOT NULL,
	"reason" text,
	"source_type" text NOT NULL,
	"source_id" text,
	"actor_user_id" text,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_confirmation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"support_person_id" uuid NOT NULL,
	"dose_session_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"used_at" timestamp with time zone,
	"superseded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "support_confirmation_clinic_session_id_uq" UNIQUE("clinic_id","dose_session_id","id"),
	CONSTRAINT "support_confirmation_code_hash_ck" CHECK ("support_confirmation"."code_hash" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "support_confirmation_attempts_ck" CHECK ("support_confirmation"."attempts" between 0 and 5),
	CONSTRAINT "support_confirmation_used_ck" CHECK (("support_confirmation"."used_at" is null or ("support_confirmation"."used_at" <= "support_confirmation"."expires_at" and "support_confirmation"."superseded_at" is null and "support_confirmation"."attempts" < 5)))
);
--> statement-breakpoint
CREATE TABLE "support_person" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"name" text NOT NULL,
	"relationship" text NOT NULL,
	"email" text NOT NULL,
	"phone" text,
	"status" text DEFAULT 'invited' NOT NULL,
	"token_hash" text NOT NULL,
	"token_expires_at" timestamp with time zone,
	"invited_at" timestamp with time zone DEFAULT now() NOT NULL,
	"consented_at" timestamp with time zone,
	"briefing_version" text,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "support_person_token_hash_uq" UNIQUE("token_hash"),
	CONSTRAINT "support_person_clinic_patient_id_uq" UNIQUE("clinic_id","patient_id","id"),
	CONSTRAINT "support_person_status_ck" CHECK ("support_person"."status" in ('invited', 'active', 'revoked')),
	CONSTRAINT "support_person_token_hash_ck" CHECK ("support_person"."token_hash" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "support_person_consent_ck" CHECK ("support_person"."status" <> 'active' or ("support_person"."consented_at" is not null and "support_person"."briefing_version" is not null)),
	CONSTRAINT "support_person_revoked_ck" CHECK (("support_person"."status" = 'revoked') = ("support_person"."revoked_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "safety_alert" ADD COLUMN "owner_user_id" text;--> statement-breakpoint
ALTER TABLE "safety_alert" ADD COLUMN "tier" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "safety_alert" ADD COLUMN "clinical" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "safety_alert" ADD COLUMN "neutral_summary" text DEFAULT 'An item needs follow-up' NOT NULL;--> statement-breakpoint
ALTER TABLE "safety_alert" ADD COLUMN "sla_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "safety_alert" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "safety_alert" ADD COLUMN "resolution_code" text;--> statement-breakpoint
ALTER TABLE "safety_alert" ADD COLUMN "resolution_note_id" uuid;--> statement-breakpoint
ALTER TABLE "safety_alert" ADD COLUMN "outreach_id" uuid;--> statement-breakpoint
ALTER TABLE "safety_alert" ADD COLUMN "resolution_comment" text;--> statement-breakpoint
-- Hand-written (issue 13): alerts already in the database meet the new checks. A7/A8/A9 are not
-- clinical (DOMAIN.md §7: staff and admin see them); an alert resolved before resolutions were recorded
-- gets the code 'legacy' (the status trigger below refuses 'legacy' from now on, so only this backfill
-- writes it and the resolution check stays fully validated); state times missing on old rows take the
-- row's last change. No trigger guards safety_alert yet at this point.
UPDATE "safety_alert" SET
  "clinical" = "type" NOT IN ('A7', 'A8', 'A9'),
  "resolution_code" = CASE WHEN "status" = 'resolved' THEN 'legacy' END,
  "resolved_at" = CASE WHEN "status" = 'resolved' THEN coalesce("resolved_at", "updated_at") ELSE "resolved_at" END,
  "acknowledged_at" = CASE WHEN "status" = 'acknowledged' THEN coalesce("acknowledged_at", "updated_at") ELSE "acknowledged_at" END,
  "escalated_at" = CASE WHEN "status" = 'escalated' THEN "updated_at" END;--> statement-breakpoint
-- Keys the new tables' foreign keys point at: created before those keys.
ALTER TABLE "questionnaire_response" ADD CONSTRAINT "questionnaire_response_clinic_patient_id_uq" UNIQUE("clinic_id","patient_id","id");--> statement-breakpoint
ALTER TABLE "safety_alert" ADD CONSTRAINT "safety_alert_clinic_patient_id_uq" UNIQUE("clinic_id","patient_id","id");--> statement-breakpoint
ALTER TABLE "alert_event" ADD CONSTRAINT "alert_event_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_event" ADD CONSTRAINT "alert_event_actor_user_id_user_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_event" ADD CONSTRAINT "alert_event_alert_fk" FOREIGN KEY ("clinic_id","patient_id","alert_id") REFERENCES "public"."safety_alert"("clinic_id","patient_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinic_safety_settings" ADD CONSTRAINT "clinic_safety_settings_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinic_safety_settings" ADD CONSTRAINT "clinic_safety_settings_on_call_user_id_user_id_fk" FOREIGN KEY ("on_call_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinic_safety_settings" ADD CONSTRAINT "clinic_safety_settings_backup_on_call_user_id_user_id_fk" FOREIGN KEY ("backup_on_call_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinic_safety_settings" ADD CONSTRAINT "clinic_safety_settings_updated_by_user_id_user_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_record" ADD CONSTRAINT "outreach_record_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_record" ADD CONSTRAINT "outreach_record_author_user_id_user_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_record" ADD CONSTRAINT "outreach_record_patient_fk" FOREIGN KEY ("clinic_id","patient_id") REFERENCES "public"."patient"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_record" ADD CONSTRAINT "outreach_record_alert_fk" FOREIGN KEY ("clinic_id","patient_id","alert_id") REFERENCES "public"."safety_alert"("clinic_id","patient_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_in" ADD CONSTRAINT "check_in_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_in" ADD CONSTRAINT "check_in_patient_fk" FOREIGN KEY ("clinic_id","patient_id") REFERENCES "public"."patient"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_in" ADD CONSTRAINT "check_in_regimen_fk" FOREIGN KEY ("clinic_id","patient_id","regimen_id") REFERENCES "public"."regimen"("clinic_id","patient_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_in" ADD CONSTRAINT "check_in_phq9_response_fk" FOREIGN KEY ("clinic_id","patient_id","phq9_response_id") REFERENCES "public"."questionnaire_response"("clinic_id","patient_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_in" ADD CONSTRAINT "check_in_gad7_response_fk" FOREIGN KEY ("clinic_id","patient_id","gad7_response_id") REFERENCES "public"."questionnaire_response"("clinic_id","patient_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_in" ADD CONSTRAINT "check_in_appointment_fk" FOREIGN KEY ("clinic_id","appointment_id") REFERENCES "public"."appointment"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dose_session" ADD CONSTRAINT "dose_session_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dose_session" ADD CONSTRAINT "dose_session_regimen_fk" FOREIGN KEY ("clinic_id","patient_id","regimen_id") REFERENCES "public"."regimen"("clinic_id","patient_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dose_session" ADD CONSTRAINT "dose_session_support_confirmation_fk" FOREIGN KEY ("clinic_id","id","support_confirmation_id") REFERENCES "public"."support_confirmation"("clinic_id","dose_session_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_fill" ADD CONSTRAINT "medication_fill_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_fill" ADD CONSTRAINT "medication_fill_prescription_fk" FOREIGN KEY ("clinic_id","patient_id","prescription_id") REFERENCES "public"."prescription"("clinic_id","patient_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medication_fill" ADD CONSTRAINT "medication_fill_regimen_fk" FOREIGN KEY ("clinic_id","patient_id","regimen_id") REFERENCES "public"."regimen"("clinic_id","patient_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "regimen" ADD CONSTRAINT "regimen_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "regimen" ADD CONSTRAINT "regimen_patient_fk" FOREIGN KEY ("clinic_id","patient_id") REFERENCES "public"."patient"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "regimen" ADD CONSTRAINT "regimen_prescription_fk" FOREIGN KEY ("clinic_id","patient_id","prescription_id") REFERENCES "public"."prescription"("clinic_id","patient_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "regimen_event" ADD CONSTRAINT "regimen_event_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "regimen_event" ADD CONSTRAINT "regimen_event_actor_user_id_user_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "regimen_event" ADD CONSTRAINT "regimen_event_regimen_fk" FOREIGN KEY ("clinic_id","patient_id","regimen_id") REFERENCES "public"."regimen"("clinic_id","patient_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_confirmation" ADD CONSTRAINT "support_confirmation_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_confirmation" ADD CONSTRAINT "support_confirmation_support_person_fk" FOREIGN KEY ("clinic_id","patient_id","support_person_id") REFERENCES "public"."support_person"("clinic_id","patient_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_confirmation" ADD CONSTRAINT "support_confirmation_dose_session_fk" FOREIGN KEY ("clinic_id","patient_id","dose_session_id") REFERENCES "public"."dose_session"("clinic_id","patient_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_person" ADD CONSTRAINT "support_person_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_person" ADD CONSTRAINT "support_person_patient_fk" FOREIGN KEY ("clinic_id","patient_id") REFERENCES "public"."patient"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_event_alert_idx" ON "alert_event" USING btree ("clinic_id","alert_id","occurred_at");--> statement-breakpoint
CREATE INDEX "outreach_record_patient_idx" ON "outreach_record" USING btree ("clinic_id","patient_id","occurred_at");--> statement-breakpoint
CREATE INDEX "check_in_patient_idx" ON "check_in" USING btree ("clinic_id","patient_id","due_at");--> statement-breakpoint
CREATE INDEX "check_in_open_idx" ON "check_in" USING btree ("overdue_at") WHERE "check_in"."status" in ('due', 'overdue');--> statement-breakpoint
CREATE UNIQUE INDEX "dose_session_idempotency_uq" ON "dose_session" USING btree ("patient_id","idempotency_key") WHERE "dose_session"."idempotency_key" is not null;--> statement-breakpoint
CREATE INDEX "dose_session_patient_idx" ON "dose_session" USING btree ("clinic_id","patient_id","scheduled_date");--> statement-breakpoint
CREATE INDEX "dose_session_open_idx" ON "dose_session" USING btree ("scheduled_date") WHERE "dose_session"."status" in ('scheduled', 'precheck_passed');--> statement-breakpoint
CREATE UNIQUE INDEX "medication_fill_inbox_message_uq" ON "medication_fill" USING btree ("rx_inbox_message_id") WHERE "medication_fill"."rx_inbox_message_id" is not null;--> statement-breakpoint
CREATE INDEX "medication_fill_patient_idx" ON "medication_fill" USING btree ("clinic_id","patient_id","recorded_at");--> statement-breakpoint
CREATE INDEX "medication_fill_regimen_idx" ON "medication_fill" USING btree ("regimen_id");--> statement-breakpoint
CREATE UNIQUE INDEX "regimen_one_current_uq" ON "regimen" USING btree ("patient_id") WHERE "regimen"."status" in ('active', 'paused');--> statement-breakpoint
CREATE INDEX "regimen_clinic_status_idx" ON "regimen" USING btree ("clinic_id","status","updated_at");--> statement-breakpoint
CREATE INDEX "regimen_event_regimen_idx" ON "regimen_event" USING btree ("clinic_id","regimen_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "support_confirmation_one_live_uq" ON "support_confirmation" USING btree ("dose_session_id") WHERE "support_confirmation"."used_at" is null and "support_confirmation"."superseded_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "support_person_one_current_uq" ON "support_person" USING btree ("patient_id") WHERE "support_person"."status" <> 'revoked';--> statement-breakpoint
ALTER TABLE "safety_alert" ADD CONSTRAINT "safety_alert_owner_user_id_user_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_alert" ADD CONSTRAINT "safety_alert_resolution_note_fk" FOREIGN KEY ("clinic_id","patient_id","resolution_note_id") REFERENCES "public"."clinical_note"("clinic_id","patient_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_alert" ADD CONSTRAINT "safety_alert_outreach_fk" FOREIGN KEY ("clinic_id","patient_id","outreach_id") REFERENCES "public"."outreach_record"("clinic_id","patient_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "safety_alert_owner_idx" ON "safety_alert" USING btree ("clinic_id","owner_user_id","status");--> statement-breakpoint
CREATE INDEX "safety_alert_sla_idx" ON "safety_alert" USING btree ("clinic_id","sla_due_at") WHERE "safety_alert"."status" in ('open', 'escalated');--> statement-breakpoint
ALTER TABLE "safety_alert" ADD CONSTRAINT "safety_alert_tier_ck" CHECK ("safety_alert"."tier" between 0 and 2);--> statement-breakpoint
ALTER TABLE "safety_alert" ADD CONSTRAINT "safety_alert_resolution_code_ck" CHECK ("safety_alert"."resolution_code" is null or "safety_alert"."resolution_code" in ('outreach_completed', 'reviewed_no_action', 'plan_changed', 'emergency_services', 'patient_unreachable', 'duplicate', 'rebooked', 'legacy'));--> statement-breakpoint
ALTER TABLE "safety_alert" ADD CONSTRAINT "safety_alert_resolution_ck" CHECK (("safety_alert"."status" = 'resolved') = ("safety_alert"."resolution_code" is not null)
          and ("safety_alert"."status" <> 'resolved' or ("safety_alert"."resolved_at" is not null
               and (not "safety_alert"."clinical" or "safety_alert"."resolution_code" = 'legacy' or "safety_alert"."resolution_note_id" is not null or "safety_alert"."outreach_id" is not null))));--> statement-breakpoint
ALTER TABLE "safety_alert" ADD CONSTRAINT "safety_alert_acknowledged_ck" CHECK ("safety_alert"."status" <> 'acknowledged' or "safety_alert"."acknowledged_at" is not null);--> statement-breakpoint
ALTER TABLE "safety_alert" ADD CONSTRAINT "safety_alert_escalated_ck" CHECK ("safety_alert"."status" <> 'escalated' or "safety_alert"."escalated_at" is not null);
--> statement-breakpoint
-- Hand-written from here (issue 13): append-only stores, kept records, forward-only state machines
-- (DOMAIN.md §2), the used-once support code and the alert_changed notification.
-- Append-only (refuse_mutation from 0002; the grant step then revokes UPDATE and DELETE from the app
-- role): regimen history, medication fills (A6 evidence), alert history, outreach records (§7 loop).
CREATE TRIGGER regimen_event_append_only BEFORE UPDATE OR DELETE ON regimen_event
  FOR EACH ROW EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
CREATE TRIGGER regimen_event_no_truncate BEFORE TRUNCATE ON regimen_event
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
CREATE TRIGGER medication_fill_append_only BEFORE UPDATE OR DELETE ON medication_fill
  FOR EACH ROW EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
CREATE TRIGGER medication_fill_no_truncate BEFORE TRUNCATE ON medication_fill
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
CREATE TRIGGER alert_event_append_only BEFORE UPDATE OR DELETE ON alert_event
  FOR EACH ROW EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
CREATE TRIGGER alert_event_no_truncate BEFORE TRUNCATE ON alert_event
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
CREATE TRIGGER outreach_record_append_only BEFORE UPDATE OR DELETE ON outreach_record
  FOR EACH ROW EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
CREATE TRIGGER outreach_record_no_truncate BEFORE TRUNCATE ON outreach_record
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
-- Records that change in set ways but are never deleted (refuse_delete from 0020).
CREATE TRIGGER regimen_no_delete BEFORE DELETE ON regimen
  FOR EACH ROW EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER regimen_no_truncate BEFORE TRUNCATE ON regimen
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER dose_session_no_delete BEFORE DELETE ON dose_session
  FOR EACH ROW EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER dose_session_no_truncate BEFORE TRUNCATE ON dose_session
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER support_person_no_delete BEFORE DELETE ON support_person
  FOR EACH ROW EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER support_person_no_truncate BEFORE TRUNCATE ON support_person
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER support_confirmation_no_delete BEFORE DELETE ON support_confirmation
  FOR EACH ROW EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER support_confirmation_no_truncate BEFORE TRUNCATE ON support_confirmation
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER check_in_no_delete BEFORE DELETE ON check_in
  FOR EACH ROW EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER check_in_no_truncate BEFORE TRUNCATE ON check_in
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER safety_alert_no_delete BEFORE DELETE ON safety_alert
  FOR EACH ROW EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER safety_alert_no_truncate BEFORE TRUNCATE ON safety_alert
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER clinic_safety_settings_no_delete BEFORE DELETE ON clinic_safety_settings
  FOR EACH ROW EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER clinic_safety_settings_no_truncate BEFORE TRUNCATE ON clinic_safety_settings
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
-- DOMAIN.md §2 "Regimen": planned -> active | stopped; active -> paused | completed | stopped;
-- paused -> active | completed | stopped; completed and stopped are final. Its prescription numbers are
-- a copy of a signed Rx (never modified: titration is a new Rx and a new regimen). Whoever connects.
CREATE OR REPLACE FUNCTION check_regimen_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'planned' THEN
      RAISE EXCEPTION 'a regimen starts as planned' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.status IN ('completed', 'stopped') THEN
    RAISE EXCEPTION 'a % regimen is final and cannot change', OLD.status USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.clinic_id IS DISTINCT FROM OLD.clinic_id OR NEW.patient_id IS DISTINCT FROM OLD.patient_id
     OR NEW.prescription_id IS DISTINCT FROM OLD.prescription_id OR NEW.created_at IS DISTINCT FROM OLD.created_at
     OR NEW.units_per_session IS DISTINCT FROM OLD.units_per_session OR NEW.days_between_sessions IS DISTINCT FROM OLD.days_between_sessions
     OR NEW.sessions_prescribed IS DISTINCT FROM OLD.sessions_prescribed OR NEW.units_prescribed IS DISTINCT FROM OLD.units_prescribed
     OR NEW.unit_label IS DISTINCT FROM OLD.unit_label OR NEW.dose_mg_per_session IS DISTINCT FROM OLD.dose_mg_per_session
     OR NEW.product_label IS DISTINCT FROM OLD.product_label THEN
    RAISE EXCEPTION 'a regimen keeps its patient, prescription and prescribed amounts: a change is a new prescription'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
       (OLD.status = 'planned' AND NEW.status IN ('active', 'stopped'))
    OR (OLD.status = 'active' AND NEW.status IN ('paused', 'completed', 'stopped'))
    OR (OLD.status = 'paused' AND NEW.status IN ('active', 'completed', 'stopped'))
  ) THEN
    RAISE EXCEPTION 'a regimen cannot go from % to %', OLD.status, NEW.status USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.activated_at IS NOT NULL AND (NEW.activated_at IS DISTINCT FROM OLD.activated_at OR NEW.activation_source IS DISTINCT FROM OLD.activation_source) THEN
    RAISE EXCEPTION 'a regimen is activated once' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER regimen_change_check BEFORE INSERT OR UPDATE ON regimen
  FOR EACH ROW EXECUTE FUNCTION check_regimen_change();
--> statement-breakpoint
-- DOMAIN.md §2 "Dose session": scheduled -> precheck_passed | precheck_failed | missed;
-- precheck_passed -> taken | missed; taken -> postcheck_submitted. A blood pressure is recorded once;
-- once the gate is decided its record is frozen; once taken the dose log is frozen (what the patient
-- and the support person attested is evidence: A4/A5/A6); a failed, missed or post-checked session is final.
CREATE OR REPLACE FUNCTION check_dose_session_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'scheduled' THEN
      RAISE EXCEPTION 'a dose session starts as scheduled' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.status IN ('precheck_failed', 'postcheck_submitted', 'missed') THEN
    RAISE EXCEPTION 'a dose session that is % is final and cannot change', OLD.status USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.clinic_id IS DISTINCT FROM OLD.clinic_id OR NEW.patient_id IS DISTINCT FROM OLD.patient_id
     OR NEW.regimen_id IS DISTINCT FROM OLD.regimen_id OR NEW.sequence IS DISTINCT FROM OLD.sequence OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
    RAISE EXCEPTION 'a dose session keeps its patient, regimen and sequence' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
       (OLD.status = 'scheduled' AND NEW.status IN ('precheck_passed', 'precheck_failed', 'missed'))
    OR (OLD.status = 'precheck_passed' AND NEW.status IN ('taken', 'missed'))
    OR (OLD.status = 'taken' AND NEW.status = 'postcheck_submitted')
  ) THEN
    RAISE EXCEPTION 'a dose session cannot go from % to %', OLD.status, NEW.status USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.status <> 'scheduled' AND NEW.scheduled_date IS DISTINCT FROM OLD.scheduled_date THEN
    RAISE EXCEPTION 'only a scheduled dose session can be rescheduled' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF (OLD.bp1_at IS NOT NULL AND (NEW.bp1_systolic IS DISTINCT FROM OLD.bp1_systolic OR NEW.bp1_diastolic IS DISTINCT FROM OLD.bp1_diastolic OR NEW.bp1_at IS DISTINCT FROM OLD.bp1_at))
     OR (OLD.bp2_at IS NOT NULL AND (NEW.bp2_systolic IS DISTINCT FROM OLD.bp2_systolic OR NEW.bp2_diastolic IS DISTINCT FROM OLD.bp2_diastolic OR NEW.bp2_at IS DISTINCT FROM OLD.bp2_at)) THEN
    RAISE EXCEPTION 'a blood pressure reading is recorded once' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.status <> 'scheduled' AND (
       NEW.bp1_systolic IS DISTINCT FROM OLD.bp1_systolic OR NEW.bp1_diastolic IS DISTINCT FROM OLD.bp1_diastolic OR NEW.bp1_at IS DISTINCT FROM OLD.bp1_at
    OR NEW.bp2_systolic IS DISTINCT FROM OLD.bp2_systolic OR NEW.bp2_diastolic IS DISTINCT FROM OLD.bp2_diastolic OR NEW.bp2_at IS DISTINCT FROM OLD.bp2_at
    OR NEW.precheck_answers IS DISTINCT FROM OLD.precheck_answers OR NEW.precheck_failed_reasons IS DISTINCT FROM OLD.precheck_failed_reasons
    OR NEW.precheck_at IS DISTINCT FROM OLD.precheck_at OR NEW.support_confirmation_id IS DISTINCT FROM OLD.support_confirmation_id) THEN
    RAISE EXCEPTION 'the pre-dose check of a % dose session is decided and cannot change', OLD.status USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.status IN ('taken', 'postcheck_submitted') AND (
       NEW.taken_at IS DISTINCT FROM OLD.taken_at OR NEW.units_taken IS DISTINCT FROM OLD.units_taken
    OR NEW.side_effects IS DISTINCT FROM OLD.side_effects OR NEW.dissociation_minutes IS DISTINCT FROM OLD.dissociation_minutes
    OR NEW.support_signoff_name IS DISTINCT FROM OLD.support_signoff_name OR NEW.support_signoff_at IS DISTINCT FROM OLD.support_signoff_at
    OR NEW.postcheck_due_at IS DISTINCT FROM OLD.postcheck_due_at) THEN
    RAISE EXCEPTION 'a logged dose cannot be changed' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER dose_session_change_check BEFORE INSERT OR UPDATE ON dose_session
  FOR EACH ROW EXECUTE FUNCTION check_dose_session_change();
--> statement-breakpoint
-- Support person: invited -> active | revoked; active -> revoked; revoked is final. The consent belongs
-- to the person who gave it: once active, who they are and their link no longer change.
CREATE OR REPLACE FUNCTION check_support_person_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'invited' OR NEW.consented_at IS NOT NULL THEN
      RAISE EXCEPTION 'a support person starts invited' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.status = 'revoked' THEN
    RAISE EXCEPTION 'a revoked support person cannot change: invite again' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.clinic_id IS DISTINCT FROM OLD.clinic_id OR NEW.patient_id IS DISTINCT FROM OLD.patient_id
     OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
    RAISE EXCEPTION 'a support person keeps their patient' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
       (OLD.status = 'invited' AND NEW.status IN ('active', 'revoked'))
    OR (OLD.status = 'active' AND NEW.status = 'revoked')
  ) THEN
    RAISE EXCEPTION 'a support person cannot go from % to %', OLD.status, NEW.status USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.status = 'active' AND (NEW.name IS DISTINCT FROM OLD.name OR NEW.relationship IS DISTINCT FROM OLD.relationship
     OR NEW.email IS DISTINCT FROM OLD.email OR NEW.token_hash IS DISTINCT FROM OLD.token_hash
     OR NEW.consented_at IS DISTINCT FROM OLD.consented_at OR NEW.briefing_version IS DISTINCT FROM OLD.briefing_version) THEN
    RAISE EXCEPTION 'a support person who consented keeps their name, e-mail, link and consent' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER support_person_change_check BEFORE INSERT OR UPDATE ON support_person
  FOR EACH ROW EXECUTE FUNCTION check_support_person_change();
--> statement-breakpoint
-- A support code is used once: used_at is set once, never on a superseded or burned (5 wrong tries)
-- code (the CHECK also requires it before expiry); a spent code never changes again; attempts only grow.
CREATE OR REPLACE FUNCTION check_support_confirmation_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.used_at IS NOT NULL OR NEW.superseded_at IS NOT NULL OR NEW.attempts <> 0 THEN
      RAISE EXCEPTION 'a support code starts unused' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.used_at IS NOT NULL OR OLD.superseded_at IS NOT NULL THEN
    RAISE EXCEPTION 'this support code was already % and cannot be used again',
      CASE WHEN OLD.used_at IS NOT NULL THEN 'used' ELSE 'replaced' END USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.clinic_id IS DISTINCT FROM OLD.clinic_id OR NEW.patient_id IS DISTINCT FROM OLD.patient_id
     OR NEW.support_person_id IS DISTINCT FROM OLD.support_person_id OR NEW.dose_session_id IS DISTINCT FROM OLD.dose_session_id
     OR NEW.code_hash IS DISTINCT FROM OLD.code_hash OR NEW.expires_at IS DISTINCT FROM OLD.expires_at OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
    RAISE EXCEPTION 'a support code keeps its session, person, hash and expiry' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.attempts < OLD.attempts THEN
    RAISE EXCEPTION 'failed attempts at a support code are not taken back' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.used_at IS NOT NULL AND OLD.attempts >= 5 THEN
    RAISE EXCEPTION 'this support code had too many wrong tries' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER support_confirmation_change_check BEFORE INSERT OR UPDATE ON support_confirmation
  FOR EACH ROW EXECUTE FUNCTION check_support_confirmation_change();
--> statement-breakpoint
-- DOMAIN.md §2 "Check-in": due -> overdue | submitted | missed; overdue -> submitted | missed;
-- submitted -> scored; scored and missed are final. The answers it links are linked once.
CREATE OR REPLACE FUNCTION check_check_in_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'due' THEN
      RAISE EXCEPTION 'a check-in starts due' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.status IN ('scored', 'missed') THEN
    RAISE EXCEPTION 'a % check-in is final and cannot change', OLD.status USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.clinic_id IS DISTINCT FROM OLD.clinic_id OR NEW.patient_id IS DISTINCT FROM OLD.patient_id
     OR NEW.kind IS DISTINCT FROM OLD.kind OR NEW.due_at IS DISTINCT FROM OLD.due_at OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
    RAISE EXCEPTION 'a check-in keeps its patient, kind and due time' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
       (OLD.status = 'due' AND NEW.status IN ('overdue', 'submitted', 'missed'))
    OR (OLD.status = 'overdue' AND NEW.status IN ('submitted', 'missed'))
    OR (OLD.status = 'submitted' AND NEW.status = 'scored')
  ) THEN
    RAISE EXCEPTION 'a check-in cannot go from % to %', OLD.status, NEW.status USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.submitted_at IS NOT NULL AND (NEW.submitted_at IS DISTINCT FROM OLD.submitted_at
     OR NEW.phq9_response_id IS DISTINCT FROM OLD.phq9_response_id OR NEW.gad7_response_id IS DISTINCT FROM OLD.gad7_response_id) THEN
    RAISE EXCEPTION 'a submitted check-in keeps its answers' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER check_in_change_check BEFORE INSERT OR UPDATE ON check_in
  FOR EACH ROW EXECUTE FUNCTION check_check_in_change();
--> statement-breakpoint
-- DOMAIN.md §2 "Alert": open | acknowledged -> escalated -> acknowledged -> resolved; open ->
-- acknowledged | resolved; escalated -> escalated (a tier up); resolved is final. The tier never goes
-- down; what the alert is about and whether it is clinical (who may see it) never change; an
-- acknowledgement is rewritten only when the next tier acknowledges an escalated alert.
-- 'legacy' resolutions are written only by this migration's backfill.
CREATE OR REPLACE FUNCTION check_safety_alert_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'open' THEN
      RAISE EXCEPTION 'an alert starts open' USING ERRCODE = 'check_violation';
    END IF;
    -- DOMAIN.md §7: A7, A8 and A9 are never clinical (staff and admin work them), whoever inserts them.
    IF NEW.type IN ('A7', 'A8', 'A9') THEN
      NEW.clinical := false;
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.status = 'resolved' THEN
    RAISE EXCEPTION 'a resolved alert is final and cannot change' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.clinic_id IS DISTINCT FROM OLD.clinic_id OR NEW.patient_id IS DISTINCT FROM OLD.patient_id
     OR NEW.type IS DISTINCT FROM OLD.type OR NEW.source_type IS DISTINCT FROM OLD.source_type OR NEW.source_id IS DISTINCT FROM OLD.source_id
     OR NEW.clinical IS DISTINCT FROM OLD.clinical OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
    RAISE EXCEPTION 'an alert keeps its patient, rule, source and visibility' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
       (OLD.status = 'open' AND NEW.status IN ('acknowledged', 'escalated', 'resolved'))
    OR (OLD.status = 'escalated' AND NEW.status IN ('acknowledged', 'resolved'))
    OR (OLD.status = 'acknowledged' AND NEW.status IN ('escalated', 'resolved'))
  ) THEN
    RAISE EXCEPTION 'an alert cannot go from % to %', OLD.status, NEW.status USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.tier < OLD.tier THEN
    RAISE EXCEPTION 'an alert''s escalation tier does not go down' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.acknowledged_at IS NOT NULL AND NOT (OLD.status = 'escalated' AND NEW.status = 'acknowledged')
     AND (NEW.acknowledged_at IS DISTINCT FROM OLD.acknowledged_at OR NEW.acknowledged_by_user_id IS DISTINCT FROM OLD.acknowledged_by_user_id) THEN
    RAISE EXCEPTION 'an alert is acknowledged once' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.resolution_code = 'legacy' THEN
    RAISE EXCEPTION 'choose a resolution code' USING ERRCODE = 'check_violation';
  END IF;
  -- The note that closes the loop is a signed record (a draft can still change or be discarded).
  IF NEW.resolution_note_id IS DISTINCT FROM OLD.resolution_note_id AND NEW.resolution_note_id IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM clinical_note n WHERE n.id = NEW.resolution_note_id AND n.status = 'signed') THEN
    RAISE EXCEPTION 'an alert is resolved with a signed note' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER safety_alert_change_check BEFORE INSERT OR UPDATE ON safety_alert
  FOR EACH ROW EXECUTE FUNCTION check_safety_alert_change();
--> statement-breakpoint
-- The inbox counts and chart banner are pushed, not polled: a new alert or any change notifies channel
-- alert_changed on commit with ids only (clinic, alert, patient), never content. Pattern of 0021.
CREATE FUNCTION notify_alert_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('alert_changed', json_build_object('c', NEW.clinic_id, 'a', NEW.id, 'pt', NEW.patient_id)::text);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER safety_alert_notify_change AFTER INSERT OR UPDATE ON safety_alert
  FOR EACH ROW EXECUTE FUNCTION notify_alert_changed();
