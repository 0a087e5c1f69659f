CREATE TYPE "public"."note_kind" AS ENUM('evaluation', 'follow_up', 'addendum');--> statement-breakpoint
ALTER TABLE "clinical_note" ADD COLUMN "kind" "note_kind" DEFAULT 'evaluation' NOT NULL;--> statement-breakpoint
ALTER TABLE "clinical_note" ADD COLUMN "findings" jsonb;--> statement-breakpoint
ALTER TABLE "clinical_note" ADD COLUMN "body" text;--> statement-breakpoint
ALTER TABLE "clinical_note" ADD COLUMN "parent_note_id" uuid;--> statement-breakpoint
ALTER TABLE "clinical_note" ADD COLUMN "signed_by_user_id" text;--> statement-breakpoint
ALTER TABLE "clinical_note" ADD COLUMN "signed_content" text;--> statement-breakpoint
ALTER TABLE "clinical_note" ADD COLUMN "discarded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "clinical_note" ADD CONSTRAINT "clinical_note_signed_by_user_id_user_id_fk" FOREIGN KEY ("signed_by_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinical_note" ADD CONSTRAINT "clinical_note_clinic_patient_id_uq" UNIQUE("clinic_id","patient_id","id");--> statement-breakpoint
ALTER TABLE "clinical_note" ADD CONSTRAINT "clinical_note_parent_fk" FOREIGN KEY ("clinic_id","patient_id","parent_note_id") REFERENCES "public"."clinical_note"("clinic_id","patient_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clinical_note_parent_idx" ON "clinical_note" USING btree ("parent_note_id","signed_at");--> statement-breakpoint
ALTER TABLE "clinical_note" ADD CONSTRAINT "clinical_note_addendum_parent_ck" CHECK (("clinical_note"."kind" = 'addendum') = ("clinical_note"."parent_note_id" is not null));--> statement-breakpoint
ALTER TABLE "clinical_note" ADD CONSTRAINT "clinical_note_addendum_body_ck" CHECK ("clinical_note"."kind" <> 'addendum' or ("clinical_note"."body" is not null and "clinical_note"."status" = 'signed'));--> statement-breakpoint
ALTER TABLE "clinical_note" ADD CONSTRAINT "clinical_note_signed_ck" CHECK ("clinical_note"."status" <> 'signed' or ("clinical_note"."signed_at" is not null and "clinical_note"."signed_by_user_id" is not null and "clinical_note"."signed_content" is not null and "clinical_note"."content_sha256" is not null));--> statement-breakpoint
ALTER TABLE "clinical_note" ADD CONSTRAINT "clinical_note_discarded_ck" CHECK (("clinical_note"."status" = 'discarded') = ("clinical_note"."discarded_at" is not null));