ALTER TABLE "visit" ALTER COLUMN "modality" SET DEFAULT 'unknown';--> statement-breakpoint
ALTER TABLE "visit" ADD COLUMN "room_sid" text;