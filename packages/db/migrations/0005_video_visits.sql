CREATE TYPE "public"."visit_role" AS ENUM('patient', 'provider');--> statement-breakpoint
CREATE TYPE "public"."visit_status" AS ENUM('waiting_room_open', 'patient_waiting', 'in_call', 'reconnecting', 'ended', 'abandoned');--> statement-breakpoint
CREATE TABLE "visit" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"appointment_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"provider_user_id" text NOT NULL,
	"room_name" text NOT NULL,
	"status" "visit_status" DEFAULT 'waiting_room_open' NOT NULL,
	"modality" text DEFAULT 'audio_video' NOT NULL,
	"attested_state" text,
	"attested_at" timestamp with time zone,
	"patient_admitted" boolean DEFAULT false NOT NULL,
	"first_admitted_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"ended_by_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "visit_roomName_unique" UNIQUE("room_name")
);
--> statement-breakpoint
CREATE TABLE "visit_event" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"visit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"identity" text,
	"webhook_id" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"detail" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visit_participant" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"visit_id" uuid NOT NULL,
	"user_id" text NOT NULL,
	"role" "visit_role" NOT NULL,
	"identity" text NOT NULL,
	"present" boolean DEFAULT false NOT NULL,
	"last_sid" text,
	"first_joined_at" timestamp with time zone,
	"last_joined_at" timestamp with time zone,
	"admitted_at" timestamp with time zone,
	"left_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "clinic" ADD COLUMN "join_window_minutes" integer DEFAULT 15 NOT NULL;--> statement-breakpoint
ALTER TABLE "visit" ADD CONSTRAINT "visit_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit" ADD CONSTRAINT "visit_appointment_id_appointment_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit" ADD CONSTRAINT "visit_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit" ADD CONSTRAINT "visit_provider_user_id_user_id_fk" FOREIGN KEY ("provider_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit" ADD CONSTRAINT "visit_ended_by_user_id_user_id_fk" FOREIGN KEY ("ended_by_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_event" ADD CONSTRAINT "visit_event_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_event" ADD CONSTRAINT "visit_event_visit_id_visit_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_participant" ADD CONSTRAINT "visit_participant_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_participant" ADD CONSTRAINT "visit_participant_visit_id_visit_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_participant" ADD CONSTRAINT "visit_participant_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "visit_appointment_uq" ON "visit" USING btree ("appointment_id");--> statement-breakpoint
CREATE INDEX "visit_provider_status_idx" ON "visit" USING btree ("provider_user_id","status");--> statement-breakpoint
CREATE INDEX "visit_clinic_status_idx" ON "visit" USING btree ("clinic_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "visit_event_webhook_uq" ON "visit_event" USING btree ("webhook_id") WHERE "visit_event"."webhook_id" is not null;--> statement-breakpoint
CREATE INDEX "visit_event_visit_idx" ON "visit_event" USING btree ("visit_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "visit_participant_identity_uq" ON "visit_participant" USING btree ("visit_id","identity");--> statement-breakpoint
ALTER TABLE "clinic" ADD CONSTRAINT "clinic_join_window_ck" CHECK ("clinic"."join_window_minutes" between 0 and 120);