CREATE TYPE "public"."co_sign_verdict" AS ENUM('co_signed', 'declined');--> statement-breakpoint
CREATE TABLE "eligibility_decision_co_signature" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"decision_id" uuid NOT NULL,
	"co_signer_user_id" text NOT NULL,
	"verdict" "co_sign_verdict" NOT NULL,
	"reason" text,
	"signed_at" timestamp with time zone NOT NULL,
	"reauth_method" text NOT NULL,
	"evidence_sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "eligibility_decision_co_signature_method_ck" CHECK ("eligibility_decision_co_signature"."reauth_method" in ('password', 'totp')),
	CONSTRAINT "eligibility_decision_co_signature_sha_ck" CHECK ("eligibility_decision_co_signature"."evidence_sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "eligibility_decision_co_signature_reason_ck" CHECK (("eligibility_decision_co_signature"."verdict" = 'declined') = ("eligibility_decision_co_signature"."reason" is not null))
);
--> statement-breakpoint
ALTER TABLE "eligibility_decision_co_signature" ADD CONSTRAINT "eligibility_decision_co_signature_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_decision_co_signature" ADD CONSTRAINT "eligibility_decision_co_signature_co_signer_user_id_user_id_fk" FOREIGN KEY ("co_signer_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eligibility_decision_co_signature" ADD CONSTRAINT "eligibility_decision_co_signature_decision_fk" FOREIGN KEY ("clinic_id","patient_id","decision_id") REFERENCES "public"."eligibility_decision"("clinic_id","patient_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "eligibility_decision_co_signature_uq" ON "eligibility_decision_co_signature" USING btree ("decision_id","co_signer_user_id");--> statement-breakpoint
CREATE INDEX "eligibility_decision_co_signature_signer_idx" ON "eligibility_decision_co_signature" USING btree ("co_signer_user_id");--> statement-breakpoint
-- Issue 11 §3 / DOMAIN.md §3 OV "co-sign C": a co-signature is a clinical record, append-only like the
-- decision it covers (0016). Refused for every role, the owner included; the role grant step then revokes
-- UPDATE and DELETE from the application role (roles.ts), which never holds TRUNCATE.
CREATE TRIGGER eligibility_decision_co_signature_append_only BEFORE UPDATE OR DELETE ON eligibility_decision_co_signature
  FOR EACH ROW EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
CREATE TRIGGER eligibility_decision_co_signature_no_truncate BEFORE TRUNCATE ON eligibility_decision_co_signature
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_mutation();
--> statement-breakpoint
-- A crafted INSERT cannot skip what the service checks: the co-signature covers the decision's evidence
-- hash, comes from a co-signer the overrides name who is not the decider, before the decision expires,
-- while no newer decision supersedes it and no co-signer has declined it.
CREATE OR REPLACE FUNCTION check_decision_co_signature() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d eligibility_decision%ROWTYPE;
BEGIN
  SELECT * INTO d FROM eligibility_decision WHERE id = NEW.decision_id AND clinic_id = NEW.clinic_id AND patient_id = NEW.patient_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'a co-signature belongs to a decision of the same clinic and patient' USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF NEW.evidence_sha256 IS DISTINCT FROM d.evidence_sha256 THEN
    RAISE EXCEPTION 'a co-signature covers the evidence hash of its decision' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.co_signer_user_id = d.decider_user_id THEN
    RAISE EXCEPTION 'a decision is not co-signed by its decider' USING ERRCODE = 'check_violation';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM jsonb_array_elements(d.overrides) o WHERE o -> 'coSigner' ->> 'userId' = NEW.co_signer_user_id) THEN
    RAISE EXCEPTION 'only a co-signer the overrides name can co-sign the decision' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.signed_at >= d.expires_at THEN
    RAISE EXCEPTION 'an expired decision cannot be co-signed' USING ERRCODE = 'check_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM eligibility_decision s WHERE s.supersedes_id = NEW.decision_id) THEN
    RAISE EXCEPTION 'a superseded decision cannot be co-signed' USING ERRCODE = 'check_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM eligibility_decision_co_signature c WHERE c.decision_id = NEW.decision_id AND c.verdict = 'declined') THEN
    RAISE EXCEPTION 'a declined decision takes no further co-signature' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER eligibility_decision_co_signature_check BEFORE INSERT ON eligibility_decision_co_signature
  FOR EACH ROW EXECUTE FUNCTION check_decision_co_signature();
