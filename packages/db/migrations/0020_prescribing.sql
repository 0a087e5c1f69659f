CREATE TYPE "public"."epcs_access_action" AS ENUM('grant', 'revoke');--> statement-breakpoint
CREATE TYPE "public"."epcs_access_status" AS ENUM('pending', 'approved', 'rejected', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."epcs_assessment" AS ENUM('incident', 'not_incident');--> statement-breakpoint
CREATE TYPE "public"."formulary_form" AS ENUM('troche', 'rdt_odt', 'nasal_spray');--> statement-breakpoint
CREATE TYPE "public"."formulary_route" AS ENUM('sublingual', 'buccal', 'intranasal');--> statement-breakpoint
CREATE TYPE "public"."pdmp_result" AS ENUM('reviewed', 'unavailable');--> statement-breakpoint
CREATE TYPE "public"."prescription_actor_kind" AS ENUM('staff', 'system', 'pharmacy');--> statement-breakpoint
CREATE TYPE "public"."prescription_status" AS ENUM('draft', 'pending_signature', 'signed', 'transmitted', 'acknowledged', 'error', 'cancel_requested', 'cancelled', 'cancel_denied', 'voided');--> statement-breakpoint
CREATE TYPE "public"."rx_inbox_outcome" AS ENUM('applied', 'duplicate', 'unmatched', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."rx_inbox_type" AS ENUM('Status', 'Verify', 'Error', 'CancelRxResponse', 'RxFill', 'unknown');--> statement-breakpoint
CREATE TYPE "public"."rx_message_type" AS ENUM('NewRx', 'CancelRx');--> statement-breakpoint
CREATE TYPE "public"."rx_outbox_status" AS ENUM('pending', 'in_flight', 'delivered', 'acked', 'retry_scheduled', 'dead_lettered', 'rejected');--> statement-breakpoint
CREATE TABLE "clinic_prescribing_settings" (
	"clinic_id" uuid PRIMARY KEY NOT NULL,
	"flexibility_rule" text,
	"flexibility_valid_until" date DEFAULT '2026-12-31',
	"special_registration_enabled" boolean DEFAULT false NOT NULL,
	"telemedicine_exception_enabled" boolean DEFAULT false NOT NULL,
	"require_dea_in_patient_state" boolean DEFAULT true NOT NULL,
	"max_refills" integer DEFAULT 5 NOT NULL,
	"default_refills" integer DEFAULT 0 NOT NULL,
	"fillable_months" integer DEFAULT 6 NOT NULL,
	"pdmp_required_by_state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"pdmp_required_by_default" boolean DEFAULT true NOT NULL,
	"pdmp_max_age_hours" integer DEFAULT 24 NOT NULL,
	"pdmp_min_attempts_when_unavailable" integer DEFAULT 1 NOT NULL,
	"pdmp_unavailable_max_days_supply" integer DEFAULT 7 NOT NULL,
	"allow_provider_drafts" boolean DEFAULT true NOT NULL,
	"ack_status_map" jsonb,
	"pending_alert_minutes" integer DEFAULT 5 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_user_id" text,
	CONSTRAINT "clinic_prescribing_settings_refills_ck" CHECK ("clinic_prescribing_settings"."max_refills" between 0 and 5 and "clinic_prescribing_settings"."default_refills" between 0 and "clinic_prescribing_settings"."max_refills"),
	CONSTRAINT "clinic_prescribing_settings_fillable_ck" CHECK ("clinic_prescribing_settings"."fillable_months" between 1 and 6),
	CONSTRAINT "clinic_prescribing_settings_pdmp_ck" CHECK ("clinic_prescribing_settings"."pdmp_max_age_hours" > 0 and "clinic_prescribing_settings"."pdmp_min_attempts_when_unavailable" >= 0 and "clinic_prescribing_settings"."pdmp_unavailable_max_days_supply" > 0 and jsonb_typeof("clinic_prescribing_settings"."pdmp_required_by_state") = 'object'),
	CONSTRAINT "clinic_prescribing_settings_alert_ck" CHECK ("clinic_prescribing_settings"."pending_alert_minutes" > 0)
);
--> statement-breakpoint
CREATE TABLE "epcs_access_change" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"subject_user_id" text NOT NULL,
	"action" "epcs_access_action" NOT NULL,
	"reason" text NOT NULL,
	"entered_by_user_id" text NOT NULL,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" "epcs_access_status" DEFAULT 'pending' NOT NULL,
	"decided_by_user_id" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "epcs_access_change_decided_ck" CHECK (("epcs_access_change"."status" = 'pending') = ("epcs_access_change"."decided_at" is null) and ("epcs_access_change"."status" = 'pending') = ("epcs_access_change"."decided_by_user_id" is null)),
	CONSTRAINT "epcs_access_change_two_person_ck" CHECK ("epcs_access_change"."decided_by_user_id" is null or ("epcs_access_change"."status" = 'withdrawn') = ("epcs_access_change"."decided_by_user_id" = "epcs_access_change"."entered_by_user_id"))
);
--> statement-breakpoint
CREATE TABLE "epcs_audit_finding" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"clinic_id" uuid NOT NULL,
	"audit_event_id" bigint NOT NULL,
	"reason" text NOT NULL,
	"assessment" "epcs_assessment",
	"assessed_by_user_id" text,
	"assessed_at" timestamp with time zone,
	"assessment_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "epcs_audit_finding_assessed_ck" CHECK (("epcs_audit_finding"."assessment" is null) = ("epcs_audit_finding"."assessed_by_user_id" is null) and ("epcs_audit_finding"."assessment" is null) = ("epcs_audit_finding"."assessed_at" is null))
);
--> statement-breakpoint
CREATE TABLE "epcs_audit_report" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"report_date" date NOT NULL,
	"compiled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"event_count" integer NOT NULL,
	"flagged_count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "epcs_audit_report_clinic_id_uq" UNIQUE("clinic_id","id"),
	CONSTRAINT "epcs_audit_report_clinic_date_uq" UNIQUE("clinic_id","report_date"),
	CONSTRAINT "epcs_audit_report_window_ck" CHECK ("epcs_audit_report"."window_start" < "epcs_audit_report"."window_end"),
	CONSTRAINT "epcs_audit_report_counts_ck" CHECK ("epcs_audit_report"."event_count" >= 0 and "epcs_audit_report"."flagged_count" between 0 and "epcs_audit_report"."event_count")
);
--> statement-breakpoint
CREATE TABLE "formulary_entry" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"drug_name" text NOT NULL,
	"form" "formulary_form" NOT NULL,
	"route" "formulary_route" NOT NULL,
	"strength_value" numeric NOT NULL,
	"strength_unit" text DEFAULT 'mg' NOT NULL,
	"hold_minutes" integer,
	"sprays_per_ml" numeric,
	"minutes_between_sprays" integer,
	"min_dose_mg" numeric NOT NULL,
	"max_dose_mg" numeric NOT NULL,
	"max_titration_step_mg" numeric NOT NULL,
	"min_days_between_sessions" integer NOT NULL,
	"max_sessions_per_fill" integer NOT NULL,
	"dea_schedule" text DEFAULT '3N' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"compounding_note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_user_id" text,
	CONSTRAINT "formulary_entry_clinic_id_uq" UNIQUE("clinic_id","id"),
	CONSTRAINT "formulary_entry_unit_ck" CHECK ("formulary_entry"."strength_unit" = 'mg'),
	CONSTRAINT "formulary_entry_schedule_ck" CHECK ("formulary_entry"."dea_schedule" in ('2', '2N', '3', '3N', '4', '5')),
	CONSTRAINT "formulary_entry_positive_ck" CHECK ("formulary_entry"."strength_value" > 0 and "formulary_entry"."min_dose_mg" > 0 and "formulary_entry"."max_titration_step_mg" > 0 and "formulary_entry"."min_days_between_sessions" > 0 and "formulary_entry"."max_sessions_per_fill" > 0 and "formulary_entry"."version" >= 1),
	CONSTRAINT "formulary_entry_dose_range_ck" CHECK ("formulary_entry"."min_dose_mg" <= "formulary_entry"."max_dose_mg"),
	CONSTRAINT "formulary_entry_route_ck" CHECK (("formulary_entry"."form" = 'troche' and "formulary_entry"."route" in ('sublingual', 'buccal')) or ("formulary_entry"."form" = 'rdt_odt' and "formulary_entry"."route" = 'sublingual') or ("formulary_entry"."form" = 'nasal_spray' and "formulary_entry"."route" = 'intranasal')),
	CONSTRAINT "formulary_entry_form_fields_ck" CHECK (case when "formulary_entry"."form" = 'nasal_spray'
            then coalesce("formulary_entry"."sprays_per_ml" > 0 and "formulary_entry"."minutes_between_sprays" > 0, false) and "formulary_entry"."hold_minutes" is null
            else "formulary_entry"."sprays_per_ml" is null and "formulary_entry"."minutes_between_sprays" is null and coalesce("formulary_entry"."hold_minutes" > 0, false) end)
);
--> statement-breakpoint
CREATE TABLE "pdmp_check" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"state" text NOT NULL,
	"result" "pdmp_result" NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"checked_by_user_id" text NOT NULL,
	"interpretation" text,
	"attempts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pdmp_check_clinic_patient_id_uq" UNIQUE("clinic_id","patient_id","id"),
	CONSTRAINT "pdmp_check_state_ck" CHECK ("pdmp_check"."state" ~ '^[A-Z]{2}$'),
	CONSTRAINT "pdmp_check_attempts_ck" CHECK (jsonb_typeof("pdmp_check"."attempts") = 'array')
);
--> statement-breakpoint
CREATE TABLE "pharmacy" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"name" text NOT NULL,
	"ncpdp_id" text NOT NULL,
	"npi" text NOT NULL,
	"address_line1" text NOT NULL,
	"address_line2" text,
	"city" text NOT NULL,
	"state" text NOT NULL,
	"postal_code" text NOT NULL,
	"phone" text NOT NULL,
	"ships_to_states" text[] DEFAULT '{}'::text[] NOT NULL,
	"epcs_capable" boolean DEFAULT false NOT NULL,
	"compounding" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pharmacy_clinic_id_uq" UNIQUE("clinic_id","id"),
	CONSTRAINT "pharmacy_clinic_ncpdp_uq" UNIQUE("clinic_id","ncpdp_id"),
	CONSTRAINT "pharmacy_ncpdp_ck" CHECK ("pharmacy"."ncpdp_id" ~ '^[0-9]{7}$'),
	CONSTRAINT "pharmacy_npi_ck" CHECK ("pharmacy"."npi" ~ '^[0-9]{10}$'),
	CONSTRAINT "pharmacy_state_ck" CHECK ("pharmacy"."state" ~ '^[A-Z]{2}$'),
	CONSTRAINT "pharmacy_ships_to_ck" CHECK (array_to_string("pharmacy"."ships_to_states", ',') ~ '^([A-Z]{2}(,[A-Z]{2})*)?$')
);
--> statement-breakpoint
CREATE TABLE "prescriber_dea_registration" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"number" text NOT NULL,
	"state" text NOT NULL,
	"schedules" text[] NOT NULL,
	"expires_on" date NOT NULL,
	"verified_at" timestamp with time zone,
	"verified_by_user_id" text,
	"verification_note" text,
	"created_by_user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "prescriber_dea_registration_clinic_id_uq" UNIQUE("clinic_id","id"),
	CONSTRAINT "prescriber_dea_registration_clinic_user_id_uq" UNIQUE("clinic_id","user_id","id"),
	CONSTRAINT "prescriber_dea_registration_state_ck" CHECK ("prescriber_dea_registration"."state" ~ '^[A-Z]{2}$'),
	CONSTRAINT "prescriber_dea_registration_number_ck" CHECK ("prescriber_dea_registration"."number" ~ '^[A-Z][A-Z9][0-9]{7}$'),
	CONSTRAINT "prescriber_dea_registration_schedules_ck" CHECK ("prescriber_dea_registration"."schedules" <@ array['2', '2N', '3', '3N', '4', '5']::text[]),
	CONSTRAINT "prescriber_dea_registration_verified_ck" CHECK (("prescriber_dea_registration"."verified_at" is null) = ("prescriber_dea_registration"."verified_by_user_id" is null)),
	CONSTRAINT "prescriber_dea_registration_verifier_ck" CHECK ("prescriber_dea_registration"."verified_by_user_id" is null or "prescriber_dea_registration"."verified_by_user_id" <> "prescriber_dea_registration"."created_by_user_id")
);
--> statement-breakpoint
CREATE TABLE "prescriber_licence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"state" text NOT NULL,
	"number" text NOT NULL,
	"expires_on" date NOT NULL,
	"verified_at" timestamp with time zone,
	"verified_by_user_id" text,
	"verification_note" text,
	"created_by_user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "prescriber_licence_clinic_id_uq" UNIQUE("clinic_id","id"),
	CONSTRAINT "prescriber_licence_state_ck" CHECK ("prescriber_licence"."state" ~ '^[A-Z]{2}$'),
	CONSTRAINT "prescriber_licence_verified_ck" CHECK (("prescriber_licence"."verified_at" is null) = ("prescriber_licence"."verified_by_user_id" is null)),
	CONSTRAINT "prescriber_licence_verifier_ck" CHECK ("prescriber_licence"."verified_by_user_id" is null or "prescriber_licence"."verified_by_user_id" <> "prescriber_licence"."created_by_user_id")
);
--> statement-breakpoint
CREATE TABLE "prescriber_profile" (
	"clinic_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"npi" text NOT NULL,
	"address_line1" text NOT NULL,
	"address_line2" text,
	"city" text NOT NULL,
	"state" text NOT NULL,
	"postal_code" text NOT NULL,
	"phone" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_user_id" text,
	CONSTRAINT "prescriber_profile_pk" PRIMARY KEY("clinic_id","user_id"),
	CONSTRAINT "prescriber_profile_npi_ck" CHECK ("prescriber_profile"."npi" ~ '^[0-9]{10}$'),
	CONSTRAINT "prescriber_profile_state_ck" CHECK ("prescriber_profile"."state" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
CREATE TABLE "prescription" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"status" "prescription_status" DEFAULT 'draft' NOT NULL,
	"prescriber_user_id" text NOT NULL,
	"created_by_user_id" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"decision_id" uuid NOT NULL,
	"basis_appointment_id" uuid NOT NULL,
	"note_id" uuid,
	"formulary_entry_id" uuid,
	"pharmacy_id" uuid,
	"dea_registration_id" uuid,
	"pdmp_check_id" uuid,
	"units_per_session" numeric,
	"days_between_sessions" integer,
	"quantity" numeric,
	"refills" integer,
	"first_session_date" date,
	"next_follow_up_date" date,
	"substitutions_allowed" boolean DEFAULT false NOT NULL,
	"note_to_pharmacy" text,
	"legal_basis" jsonb,
	"sig" text,
	"version" integer DEFAULT 1 NOT NULL,
	"ready_at" timestamp with time zone,
	"ready_version" integer,
	"ready_content_sha256" text,
	"signed_at" timestamp with time zone,
	"signed_by_user_id" text,
	"written_date" date,
	"signed_content" jsonb,
	"signed_bytes" text,
	"signed_sha256" text,
	"server_signature" text,
	"signing_key_id" text,
	"transmitted_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"error_code" text,
	"error_detail" text,
	"cancel_requested_at" timestamp with time zone,
	"cancel_requested_by_user_id" text,
	"cancel_requested_reason" text,
	"cancelled_at" timestamp with time zone,
	"cancel_denied_at" timestamp with time zone,
	"voided_at" timestamp with time zone,
	"voided_by_user_id" text,
	"voided_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "prescription_clinic_id_uq" UNIQUE("clinic_id","id"),
	CONSTRAINT "prescription_clinic_patient_id_uq" UNIQUE("clinic_id","patient_id","id"),
	CONSTRAINT "prescription_idempotency_uq" UNIQUE("clinic_id","created_by_user_id","idempotency_key"),
	CONSTRAINT "prescription_numbers_ck" CHECK (("prescription"."units_per_session" is null or "prescription"."units_per_session" > 0) and ("prescription"."days_between_sessions" is null or "prescription"."days_between_sessions" > 0)
          and ("prescription"."quantity" is null or "prescription"."quantity" > 0) and "prescription"."version" >= 1),
	CONSTRAINT "prescription_refills_ck" CHECK ("prescription"."refills" is null or "prescription"."refills" between 0 and 5),
	CONSTRAINT "prescription_complete_ck" CHECK ("prescription"."status" in ('draft', 'voided') or ("prescription"."formulary_entry_id" is not null and "prescription"."pharmacy_id" is not null and "prescription"."dea_registration_id" is not null
          and "prescription"."units_per_session" is not null and "prescription"."days_between_sessions" is not null and "prescription"."quantity" is not null and "prescription"."refills" is not null
          and "prescription"."sig" is not null and "prescription"."legal_basis" is not null)),
	CONSTRAINT "prescription_ready_ck" CHECK ("prescription"."status" <> 'pending_signature' or ("prescription"."ready_at" is not null and "prescription"."ready_version" is not null and "prescription"."ready_content_sha256" is not null)),
	CONSTRAINT "prescription_signed_ck" CHECK (("prescription"."status" in ('draft', 'pending_signature', 'voided')) = ("prescription"."signed_at" is null)
          and ("prescription"."signed_at" is null or ("prescription"."signed_by_user_id" is not null and "prescription"."signed_by_user_id" = "prescription"."prescriber_user_id" and "prescription"."written_date" is not null and "prescription"."signed_content" is not null
               and "prescription"."signed_bytes" is not null and "prescription"."signed_sha256" is not null and "prescription"."signed_sha256" ~ '^[0-9a-f]{64}$' and "prescription"."server_signature" is not null and "prescription"."signing_key_id" is not null))),
	CONSTRAINT "prescription_ready_sha_ck" CHECK ("prescription"."ready_content_sha256" is null or "prescription"."ready_content_sha256" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "prescription_event" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"prescription_id" uuid NOT NULL,
	"from_status" "prescription_status",
	"to_status" "prescription_status" NOT NULL,
	"event" text NOT NULL,
	"actor_kind" "prescription_actor_kind" NOT NULL,
	"actor_user_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"detail" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "prescription_event_actor_ck" CHECK ("prescription_event"."actor_kind" <> 'staff' or "prescription_event"."actor_user_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "rx_inbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"message_id" text NOT NULL,
	"clinic_id" uuid,
	"relates_to_message_id" text,
	"type" "rx_inbox_type" NOT NULL,
	"code" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"payload" text NOT NULL,
	"outcome" "rx_inbox_outcome" NOT NULL,
	"detail" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rx_inbox_message_id_uq" UNIQUE("message_id")
);
--> statement-breakpoint
CREATE TABLE "rx_outbox" (
	"message_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"prescription_id" uuid NOT NULL,
	"type" "rx_message_type" NOT NULL,
	"to_ncpdp_id" text NOT NULL,
	"payload" text NOT NULL,
	"payload_sha256" text NOT NULL,
	"status" "rx_outbox_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"first_sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"acked_at" timestamp with time zone,
	"dead_lettered_at" timestamp with time zone,
	"replayed_count" integer DEFAULT 0 NOT NULL,
	"replayed_by_user_id" text,
	CONSTRAINT "rx_outbox_ncpdp_ck" CHECK ("rx_outbox"."to_ncpdp_id" ~ '^[0-9]{7}$'),
	CONSTRAINT "rx_outbox_sha_ck" CHECK ("rx_outbox"."payload_sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "rx_outbox_counts_ck" CHECK ("rx_outbox"."attempts" >= 0 and "rx_outbox"."replayed_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "totp_step_use" (
	"user_id" text NOT NULL,
	"time_step" bigint NOT NULL,
	"used_at" timestamp with time zone DEFAULT now() NOT NULL,
	"purpose" text NOT NULL,
	CONSTRAINT "totp_step_use_pk" PRIMARY KEY("user_id","time_step")
);
--> statement-breakpoint
ALTER TABLE "clinic_prescribing_settings" ADD CONSTRAINT "clinic_prescribing_settings_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinic_prescribing_settings" ADD CONSTRAINT "clinic_prescribing_settings_updated_by_user_id_user_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "epcs_access_change" ADD CONSTRAINT "epcs_access_change_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "epcs_access_change" ADD CONSTRAINT "epcs_access_change_subject_user_id_user_id_fk" FOREIGN KEY ("subject_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "epcs_access_change" ADD CONSTRAINT "epcs_access_change_entered_by_user_id_user_id_fk" FOREIGN KEY ("entered_by_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "epcs_access_change" ADD CONSTRAINT "epcs_access_change_decided_by_user_id_user_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "epcs_audit_finding" ADD CONSTRAINT "epcs_audit_finding_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "epcs_audit_finding" ADD CONSTRAINT "epcs_audit_finding_audit_event_id_audit_event_id_fk" FOREIGN KEY ("audit_event_id") REFERENCES "public"."audit_event"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "epcs_audit_finding" ADD CONSTRAINT "epcs_audit_finding_assessed_by_user_id_user_id_fk" FOREIGN KEY ("assessed_by_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "epcs_audit_finding" ADD CONSTRAINT "epcs_audit_finding_report_fk" FOREIGN KEY ("clinic_id","report_id") REFERENCES "public"."epcs_audit_report"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "epcs_audit_report" ADD CONSTRAINT "epcs_audit_report_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "formulary_entry" ADD CONSTRAINT "formulary_entry_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "formulary_entry" ADD CONSTRAINT "formulary_entry_updated_by_user_id_user_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pdmp_check" ADD CONSTRAINT "pdmp_check_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pdmp_check" ADD CONSTRAINT "pdmp_check_checked_by_user_id_user_id_fk" FOREIGN KEY ("checked_by_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pdmp_check" ADD CONSTRAINT "pdmp_check_patient_fk" FOREIGN KEY ("clinic_id","patient_id") REFERENCES "public"."patient"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pharmacy" ADD CONSTRAINT "pharmacy_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriber_dea_registration" ADD CONSTRAINT "prescriber_dea_registration_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriber_dea_registration" ADD CONSTRAINT "prescriber_dea_registration_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriber_dea_registration" ADD CONSTRAINT "prescriber_dea_registration_verified_by_user_id_user_id_fk" FOREIGN KEY ("verified_by_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriber_dea_registration" ADD CONSTRAINT "prescriber_dea_registration_created_by_user_id_user_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriber_licence" ADD CONSTRAINT "prescriber_licence_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriber_licence" ADD CONSTRAINT "prescriber_licence_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriber_licence" ADD CONSTRAINT "prescriber_licence_verified_by_user_id_user_id_fk" FOREIGN KEY ("verified_by_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriber_licence" ADD CONSTRAINT "prescriber_licence_created_by_user_id_user_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriber_profile" ADD CONSTRAINT "prescriber_profile_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriber_profile" ADD CONSTRAINT "prescriber_profile_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescriber_profile" ADD CONSTRAINT "prescriber_profile_updated_by_user_id_user_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription" ADD CONSTRAINT "prescription_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription" ADD CONSTRAINT "prescription_prescriber_user_id_user_id_fk" FOREIGN KEY ("prescriber_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription" ADD CONSTRAINT "prescription_created_by_user_id_user_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription" ADD CONSTRAINT "prescription_signed_by_user_id_user_id_fk" FOREIGN KEY ("signed_by_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription" ADD CONSTRAINT "prescription_cancel_requested_by_user_id_user_id_fk" FOREIGN KEY ("cancel_requested_by_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription" ADD CONSTRAINT "prescription_voided_by_user_id_user_id_fk" FOREIGN KEY ("voided_by_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription" ADD CONSTRAINT "prescription_patient_fk" FOREIGN KEY ("clinic_id","patient_id") REFERENCES "public"."patient"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription" ADD CONSTRAINT "prescription_decision_fk" FOREIGN KEY ("clinic_id","patient_id","decision_id") REFERENCES "public"."eligibility_decision"("clinic_id","patient_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription" ADD CONSTRAINT "prescription_basis_appointment_fk" FOREIGN KEY ("clinic_id","basis_appointment_id") REFERENCES "public"."appointment"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription" ADD CONSTRAINT "prescription_note_fk" FOREIGN KEY ("clinic_id","patient_id","note_id") REFERENCES "public"."clinical_note"("clinic_id","patient_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription" ADD CONSTRAINT "prescription_formulary_entry_fk" FOREIGN KEY ("clinic_id","formulary_entry_id") REFERENCES "public"."formulary_entry"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription" ADD CONSTRAINT "prescription_pharmacy_fk" FOREIGN KEY ("clinic_id","pharmacy_id") REFERENCES "public"."pharmacy"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription" ADD CONSTRAINT "prescription_dea_registration_fk" FOREIGN KEY ("clinic_id","prescriber_user_id","dea_registration_id") REFERENCES "public"."prescriber_dea_registration"("clinic_id","user_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription" ADD CONSTRAINT "prescription_pdmp_check_fk" FOREIGN KEY ("clinic_id","patient_id","pdmp_check_id") REFERENCES "public"."pdmp_check"("clinic_id","patient_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription_event" ADD CONSTRAINT "prescription_event_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription_event" ADD CONSTRAINT "prescription_event_actor_user_id_user_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prescription_event" ADD CONSTRAINT "prescription_event_prescription_fk" FOREIGN KEY ("clinic_id","prescription_id") REFERENCES "public"."prescription"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rx_inbox" ADD CONSTRAINT "rx_inbox_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rx_outbox" ADD CONSTRAINT "rx_outbox_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rx_outbox" ADD CONSTRAINT "rx_outbox_replayed_by_user_id_user_id_fk" FOREIGN KEY ("replayed_by_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rx_outbox" ADD CONSTRAINT "rx_outbox_prescription_fk" FOREIGN KEY ("clinic_id","prescription_id") REFERENCES "public"."prescription"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "totp_step_use" ADD CONSTRAINT "totp_step_use_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "epcs_access_change_subject_idx" ON "epcs_access_change" USING btree ("clinic_id","subject_user_id","decided_at");--> statement-breakpoint
CREATE INDEX "epcs_access_change_clinic_idx" ON "epcs_access_change" USING btree ("clinic_id","status","entered_at");--> statement-breakpoint
CREATE UNIQUE INDEX "epcs_access_change_one_pending_uq" ON "epcs_access_change" USING btree ("clinic_id","subject_user_id") WHERE "epcs_access_change"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "epcs_audit_finding_event_uq" ON "epcs_audit_finding" USING btree ("report_id","audit_event_id");--> statement-breakpoint
CREATE INDEX "epcs_audit_finding_open_idx" ON "epcs_audit_finding" USING btree ("clinic_id","created_at") WHERE "epcs_audit_finding"."assessment" is null;--> statement-breakpoint
CREATE INDEX "formulary_entry_clinic_idx" ON "formulary_entry" USING btree ("clinic_id","enabled");--> statement-breakpoint
CREATE INDEX "pdmp_check_patient_idx" ON "pdmp_check" USING btree ("clinic_id","patient_id","checked_at");--> statement-breakpoint
CREATE INDEX "prescriber_licence_user_idx" ON "prescriber_licence" USING btree ("clinic_id","user_id");--> statement-breakpoint
CREATE INDEX "prescription_patient_idx" ON "prescription" USING btree ("clinic_id","patient_id","created_at");--> statement-breakpoint
CREATE INDEX "prescription_status_idx" ON "prescription" USING btree ("clinic_id","status","updated_at");--> statement-breakpoint
CREATE INDEX "prescription_prescriber_idx" ON "prescription" USING btree ("clinic_id","prescriber_user_id","signed_at");--> statement-breakpoint
CREATE INDEX "prescription_event_prescription_idx" ON "prescription_event" USING btree ("clinic_id","prescription_id","at");--> statement-breakpoint
CREATE INDEX "prescription_event_clinic_at_idx" ON "prescription_event" USING btree ("clinic_id","at");--> statement-breakpoint
CREATE INDEX "rx_inbox_relates_to_idx" ON "rx_inbox" USING btree ("relates_to_message_id");--> statement-breakpoint
CREATE INDEX "rx_inbox_clinic_received_idx" ON "rx_inbox" USING btree ("clinic_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "rx_outbox_prescription_type_uq" ON "rx_outbox" USING btree ("prescription_id","type");--> statement-breakpoint
CREATE INDEX "rx_outbox_due_idx" ON "rx_outbox" USING btree ("next_attempt_at") WHERE "rx_outbox"."status" in ('pending', 'retry_scheduled', 'in_flight');--> statement-breakpoint
CREATE INDEX "rx_outbox_clinic_status_idx" ON "rx_outbox" USING btree ("clinic_id","status","created_at");--> statement-breakpoint
CREATE INDEX "totp_step_use_used_at_idx" ON "totp_step_use" USING btree ("used_at");
--> statement-breakpoint
-- Hand-written from here: triggers, the EPCS audit index and the relay's notification (issue 12).
-- 1311.150: the daily review reads the clinic's EPCS-tagged audit rows of one day.
CREATE INDEX "audit_event_epcs_idx" ON "audit_event" USING btree ("clinic_id","occurred_at") WHERE "audit_event"."action" LIKE 'epcs.%';
--> statement-breakpoint
-- Append-only stores (refuse_mutation from 0002): PDMP records (DOMAIN.md §4.3), the prescription
-- history, the inbound message log (§5.3). Refused for every role, the owner included; the role grant
-- step then revokes UPDATE and DELETE from the application role (roles.ts).
CREATE TRIGGER pdmp_check_append_only BEFORE UPDATE OR DELETE ON pdmp_check
  FOR EACH ROW EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
CREATE TRIGGER pdmp_check_no_truncate BEFORE TRUNCATE ON pdmp_check
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
CREATE TRIGGER prescription_event_append_only BEFORE UPDATE OR DELETE ON prescription_event
  FOR EACH ROW EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
CREATE TRIGGER prescription_event_no_truncate BEFORE TRUNCATE ON prescription_event
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
CREATE TRIGGER rx_inbox_append_only BEFORE UPDATE OR DELETE ON rx_inbox
  FOR EACH ROW EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
CREATE TRIGGER rx_inbox_no_truncate BEFORE TRUNCATE ON rx_inbox
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
-- Records that change in set ways but are never deleted. A separate function from refuse_mutation, so
-- the grant step (which revokes UPDATE where refuse_mutation guards a row) leaves them updatable.
CREATE OR REPLACE FUNCTION refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on % is not allowed: the records are kept', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER prescription_no_delete BEFORE DELETE ON prescription
  FOR EACH ROW EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER prescription_no_truncate BEFORE TRUNCATE ON prescription
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER epcs_access_change_no_delete BEFORE DELETE ON epcs_access_change
  FOR EACH ROW EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER epcs_access_change_no_truncate BEFORE TRUNCATE ON epcs_access_change
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER rx_outbox_no_delete BEFORE DELETE ON rx_outbox
  FOR EACH ROW EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER rx_outbox_no_truncate BEFORE TRUNCATE ON rx_outbox
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER epcs_audit_finding_no_delete BEFORE DELETE ON epcs_audit_finding
  FOR EACH ROW EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER epcs_audit_finding_no_truncate BEFORE TRUNCATE ON epcs_audit_finding
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER epcs_audit_report_no_delete BEFORE DELETE ON epcs_audit_report
  FOR EACH ROW EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER epcs_audit_report_no_truncate BEFORE TRUNCATE ON epcs_audit_report
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
-- DOMAIN.md §2 "Prescription": content changes only before signing; from signing on every content and
-- signing column is frozen (1311.120(b) "DEA elements unalterable once signed"; a change = cancel + new
-- Rx); the status moves only along the table (lifecycle.ts PRESCRIPTION_TRANSITIONS). Whoever connects.
CREATE OR REPLACE FUNCTION check_prescription_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'draft' THEN
      RAISE EXCEPTION 'a prescription starts as a draft' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  -- Whose prescription it is never changes.
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.clinic_id IS DISTINCT FROM OLD.clinic_id OR NEW.patient_id IS DISTINCT FROM OLD.patient_id
     OR NEW.created_by_user_id IS DISTINCT FROM OLD.created_by_user_id OR NEW.idempotency_key IS DISTINCT FROM OLD.idempotency_key
     OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
    RAISE EXCEPTION 'a prescription cannot change its clinic, patient, creator or idempotency key'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
       (OLD.status = 'draft' AND NEW.status IN ('pending_signature', 'voided'))
    OR (OLD.status = 'pending_signature' AND NEW.status IN ('draft', 'signed', 'voided'))
    OR (OLD.status = 'signed' AND NEW.status = 'transmitted')
    OR (OLD.status = 'transmitted' AND NEW.status IN ('acknowledged', 'error', 'cancel_requested'))
    OR (OLD.status = 'acknowledged' AND NEW.status = 'cancel_requested')
    OR (OLD.status = 'cancel_requested' AND NEW.status IN ('cancelled', 'cancel_denied'))
  ) THEN
    RAISE EXCEPTION 'a prescription cannot go from % to %', OLD.status, NEW.status
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.status NOT IN ('draft', 'pending_signature') OR OLD.signed_at IS NOT NULL THEN
    IF NEW.prescriber_user_id IS DISTINCT FROM OLD.prescriber_user_id OR NEW.decision_id IS DISTINCT FROM OLD.decision_id
       OR NEW.basis_appointment_id IS DISTINCT FROM OLD.basis_appointment_id OR NEW.note_id IS DISTINCT FROM OLD.note_id
       OR NEW.formulary_entry_id IS DISTINCT FROM OLD.formulary_entry_id OR NEW.pharmacy_id IS DISTINCT FROM OLD.pharmacy_id
       OR NEW.dea_registration_id IS DISTINCT FROM OLD.dea_registration_id OR NEW.pdmp_check_id IS DISTINCT FROM OLD.pdmp_check_id
       OR NEW.units_per_session IS DISTINCT FROM OLD.units_per_session OR NEW.days_between_sessions IS DISTINCT FROM OLD.days_between_sessions
       OR NEW.quantity IS DISTINCT FROM OLD.quantity OR NEW.refills IS DISTINCT FROM OLD.refills
       OR NEW.first_session_date IS DISTINCT FROM OLD.first_session_date OR NEW.next_follow_up_date IS DISTINCT FROM OLD.next_follow_up_date
       OR NEW.substitutions_allowed IS DISTINCT FROM OLD.substitutions_allowed OR NEW.note_to_pharmacy IS DISTINCT FROM OLD.note_to_pharmacy
       OR NEW.legal_basis IS DISTINCT FROM OLD.legal_basis OR NEW.sig IS DISTINCT FROM OLD.sig OR NEW.version IS DISTINCT FROM OLD.version
       OR NEW.ready_at IS DISTINCT FROM OLD.ready_at OR NEW.ready_version IS DISTINCT FROM OLD.ready_version
       OR NEW.ready_content_sha256 IS DISTINCT FROM OLD.ready_content_sha256
       OR NEW.signed_at IS DISTINCT FROM OLD.signed_at OR NEW.signed_by_user_id IS DISTINCT FROM OLD.signed_by_user_id
       OR NEW.written_date IS DISTINCT FROM OLD.written_date OR NEW.signed_content IS DISTINCT FROM OLD.signed_content
       OR NEW.signed_bytes IS DISTINCT FROM OLD.signed_bytes OR NEW.signed_sha256 IS DISTINCT FROM OLD.signed_sha256
       OR NEW.server_signature IS DISTINCT FROM OLD.server_signature OR NEW.signing_key_id IS DISTINCT FROM OLD.signing_key_id
       OR NEW.voided_at IS DISTINCT FROM OLD.voided_at OR NEW.voided_by_user_id IS DISTINCT FROM OLD.voided_by_user_id
       OR NEW.voided_reason IS DISTINCT FROM OLD.voided_reason THEN
      RAISE EXCEPTION 'a % prescription cannot be modified: cancel it and write a new one', OLD.status
        USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;
  -- What happened to it after signing is written once.
  IF (OLD.transmitted_at IS NOT NULL AND NEW.transmitted_at IS DISTINCT FROM OLD.transmitted_at)
     OR (OLD.acknowledged_at IS NOT NULL AND NEW.acknowledged_at IS DISTINCT FROM OLD.acknowledged_at)
     OR (OLD.cancel_requested_at IS NOT NULL AND (NEW.cancel_requested_at IS DISTINCT FROM OLD.cancel_requested_at
         OR NEW.cancel_requested_by_user_id IS DISTINCT FROM OLD.cancel_requested_by_user_id OR NEW.cancel_requested_reason IS DISTINCT FROM OLD.cancel_requested_reason))
     OR (OLD.cancelled_at IS NOT NULL AND NEW.cancelled_at IS DISTINCT FROM OLD.cancelled_at)
     OR (OLD.cancel_denied_at IS NOT NULL AND NEW.cancel_denied_at IS DISTINCT FROM OLD.cancel_denied_at) THEN
    RAISE EXCEPTION 'a prescription''s transmission and cancellation times are written once'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- Signing: the hash matches the signed bytes (DOMAIN.md §5.1 "store signed canonical bytes + hash").
  IF NEW.signed_at IS NOT NULL AND OLD.signed_at IS NULL
     AND NEW.signed_sha256 IS DISTINCT FROM encode(sha256(convert_to(NEW.signed_bytes, 'UTF8')), 'hex') THEN
    RAISE EXCEPTION 'the signed bytes do not match their hash' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER prescription_change_check BEFORE INSERT OR UPDATE ON prescription
  FOR EACH ROW EXECUTE FUNCTION check_prescription_change();
--> statement-breakpoint
-- 1311.125: an EPCS access change is decided once (pending -> approved | rejected | withdrawn), by a
-- second person (the CHECK); nothing else about it changes. Whoever connects.
CREATE OR REPLACE FUNCTION check_epcs_access_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'pending' THEN
      RAISE EXCEPTION 'an EPCS access change starts pending' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.status <> 'pending' THEN
    RAISE EXCEPTION 'an EPCS access change that is % is decided and cannot change', OLD.status
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.clinic_id IS DISTINCT FROM OLD.clinic_id OR NEW.subject_user_id IS DISTINCT FROM OLD.subject_user_id
     OR NEW.action IS DISTINCT FROM OLD.action OR NEW.reason IS DISTINCT FROM OLD.reason
     OR NEW.entered_by_user_id IS DISTINCT FROM OLD.entered_by_user_id OR NEW.entered_at IS DISTINCT FROM OLD.entered_at
     OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
    RAISE EXCEPTION 'an EPCS access change only records its decision' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.status NOT IN ('approved', 'rejected', 'withdrawn') THEN
    RAISE EXCEPTION 'an EPCS access change is approved, rejected or withdrawn' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER epcs_access_change_check BEFORE INSERT OR UPDATE ON epcs_access_change
  FOR EACH ROW EXECUTE FUNCTION check_epcs_access_change();
--> statement-breakpoint
-- DOMAIN.md §5.3-5.4 and 1311.170: the message leaves exactly as signed; a replay reuses its MessageID
-- and payload; the row belongs to one prescription for good.
CREATE OR REPLACE FUNCTION check_rx_outbox_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.message_id IS DISTINCT FROM OLD.message_id OR NEW.payload IS DISTINCT FROM OLD.payload
     OR NEW.payload_sha256 IS DISTINCT FROM OLD.payload_sha256 OR NEW.type IS DISTINCT FROM OLD.type
     OR NEW.prescription_id IS DISTINCT FROM OLD.prescription_id OR NEW.clinic_id IS DISTINCT FROM OLD.clinic_id
     OR NEW.to_ncpdp_id IS DISTINCT FROM OLD.to_ncpdp_id OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
    RAISE EXCEPTION 'an outbound message keeps its message id, payload, type, prescription and recipient'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER rx_outbox_change_check BEFORE UPDATE ON rx_outbox
  FOR EACH ROW EXECUTE FUNCTION check_rx_outbox_change();
--> statement-breakpoint
-- The relay LISTENs on rx_outbox and sends at once (1311.170(a) "as soon as possible after signature");
-- the notification is delivered on commit only, so it never runs ahead of the signing transaction.
CREATE OR REPLACE FUNCTION notify_rx_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IN ('pending', 'retry_scheduled') AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM NEW.status) THEN
    PERFORM pg_notify('rx_outbox', NEW.message_id::text);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER rx_outbox_notify AFTER INSERT OR UPDATE OF status ON rx_outbox
  FOR EACH ROW EXECUTE FUNCTION notify_rx_outbox();
--> statement-breakpoint
-- 1311.150(b): a flagged audit event is kept as found; only its assessment is recorded, once.
CREATE OR REPLACE FUNCTION check_epcs_audit_finding_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.assessment IS NOT NULL THEN
    RAISE EXCEPTION 'an EPCS audit finding is assessed once' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.report_id IS DISTINCT FROM OLD.report_id OR NEW.clinic_id IS DISTINCT FROM OLD.clinic_id
     OR NEW.audit_event_id IS DISTINCT FROM OLD.audit_event_id OR NEW.reason IS DISTINCT FROM OLD.reason
     OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
    RAISE EXCEPTION 'an EPCS audit finding only records its assessment' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER epcs_audit_finding_change_check BEFORE UPDATE ON epcs_audit_finding
  FOR EACH ROW EXECUTE FUNCTION check_epcs_audit_finding_change();
--> statement-breakpoint
-- DOMAIN.md §5.1 / 1311.125(a): a credential is verified as recorded; an edit of what identifies it
-- (state, number, expiry, schedules) clears the verification, so a second person checks it again.
CREATE OR REPLACE FUNCTION clear_credential_verification() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.state IS DISTINCT FROM OLD.state OR NEW.number IS DISTINCT FROM OLD.number OR NEW.expires_on IS DISTINCT FROM OLD.expires_on
     OR (TG_TABLE_NAME = 'prescriber_dea_registration' AND to_jsonb(NEW) -> 'schedules' IS DISTINCT FROM to_jsonb(OLD) -> 'schedules') THEN
    NEW.verified_at := NULL;
    NEW.verified_by_user_id := NULL;
    NEW.verification_note := NULL;
  END IF;
  IF OLD.removed_at IS NOT NULL AND NEW.removed_at IS DISTINCT FROM OLD.removed_at THEN
    RAISE EXCEPTION 'a removed credential stays removed' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.user_id IS DISTINCT FROM OLD.user_id OR NEW.clinic_id IS DISTINCT FROM OLD.clinic_id OR NEW.created_by_user_id IS DISTINCT FROM OLD.created_by_user_id THEN
    RAISE EXCEPTION 'a credential cannot change its holder, clinic or recorder' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER prescriber_licence_verification BEFORE UPDATE ON prescriber_licence
  FOR EACH ROW EXECUTE FUNCTION clear_credential_verification();
--> statement-breakpoint
CREATE TRIGGER prescriber_dea_registration_verification BEFORE UPDATE ON prescriber_dea_registration
  FOR EACH ROW EXECUTE FUNCTION clear_credential_verification();
