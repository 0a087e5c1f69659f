CREATE TYPE "public"."eligibility_outcome" AS ENUM('eligible_at_home', 'in_office_only', 'not_eligible', 'deferred');--> statement-breakpoint
CREATE TABLE "eligibility_decision" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"note_id" uuid NOT NULL,
	"outcome" "eligibility_outcome" NOT NULL,
	"proposed_outcome" "eligibility_outcome" NOT NULL,
	"rules" jsonb NOT NULL,
	"overrides" jsonb NOT NULL,
	"acknowledged_warnings" text[] NOT NULL,
	"decider_user_id" text NOT NULL,
	"decider_roles" text[] NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"intake_id" uuid NOT NULL,
	"intake_version" integer NOT NULL,
	"evidence" text NOT NULL,
	"evidence_sha256" text NOT NULL,
	"supersedes_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "eligibility_decision_clinic_id_uq" UNIQUE("clinic_id","id"),
	CONSTRAINT "eligibility_decision_clinic_patient_id_uq" UNIQUE("clinic_id","patient_id","id"),
	CONSTRAINT "eligibility_decision_expiry_ck" CHECK ("eligibility_decision"."expires_at" > "eligibility_decision"."decided_at"),
	CONSTRAINT "eligibility_decision_sha_ck" CHECK ("eligibility_decision"."evidence_sha256" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
ALTER TABLE "clinic" ADD COLUMN "eligibility_expiry_days" integer DEFAULT 90 NOT NULL;--> statement-breakpoint
ALTER TABLE "clinic" ADD COLUMN "override_co_sign_required" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "eligibility_decision" ADD CONSTRAINT "eligibility_decision_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_decision" ADD CONSTRAINT "eligibility_decision_decider_user_id_user_id_fk" FOREIGN KEY ("decider_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_decision" ADD CONSTRAINT "eligibility_decision_patient_fk" FOREIGN KEY ("clinic_id","patient_id") REFERENCES "public"."patient"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_decision" ADD CONSTRAINT "eligibility_decision_note_fk" FOREIGN KEY ("clinic_id","patient_id","note_id") REFERENCES "public"."clinical_note"("clinic_id","patient_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_decision" ADD CONSTRAINT "eligibility_decision_intake_fk" FOREIGN KEY ("clinic_id","intake_id") REFERENCES "public"."intake"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_decision" ADD CONSTRAINT "eligibility_decision_supersedes_fk" FOREIGN KEY ("clinic_id","patient_id","supersedes_id") REFERENCES "public"."eligibility_decision"("clinic_id","patient_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "eligibility_decision_first_uq" ON "eligibility_decision" USING btree ("patient_id") WHERE "eligibility_decision"."supersedes_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "eligibility_decision_supersedes_uq" ON "eligibility_decision" USING btree ("supersedes_id");--> statement-breakpoint
CREATE INDEX "eligibility_decision_patient_idx" ON "eligibility_decision" USING btree ("patient_id","decided_at");--> statement-breakpoint
ALTER TABLE "clinic" ADD CONSTRAINT "clinic_eligibility_expiry_ck" CHECK ("clinic"."eligibility_expiry_days" between 1 and 365);--> statement-breakpoint
-- DOMAIN.md §2 "Eligibility decision": immutable; a new decision supersedes the previous one. Refused
-- for every role, the owner included (refuse_mutation from 0002); the role grant step then revokes
-- UPDATE and DELETE from the application role (roles.ts).
CREATE TRIGGER eligibility_decision_append_only BEFORE UPDATE OR DELETE ON eligibility_decision
  FOR EACH ROW EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
CREATE TRIGGER eligibility_decision_no_truncate BEFORE TRUNCATE ON eligibility_decision
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
-- A decision rests on a signed evaluation note, and its evidence hash matches the stored evidence
-- text (DOMAIN.md §2 "signed note, evidence hash"; §9 (c) integrity). A crafted INSERT cannot skip these.
CREATE OR REPLACE FUNCTION check_eligibility_decision() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  note_status note_status;
  note_kind note_kind;
BEGIN
  SELECT status, kind INTO note_status, note_kind FROM clinical_note WHERE id = NEW.note_id;
  IF note_status IS DISTINCT FROM 'signed' OR note_kind IS DISTINCT FROM 'evaluation' THEN
    RAISE EXCEPTION 'an eligibility decision rests on a signed evaluation note' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.evidence_sha256 IS DISTINCT FROM encode(sha256(convert_to(NEW.evidence, 'UTF8')), 'hex') THEN
    RAISE EXCEPTION 'the decision evidence does not match its hash' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER eligibility_decision_check BEFORE INSERT ON eligibility_decision
  FOR EACH ROW EXECUTE FUNCTION check_eligibility_decision();
