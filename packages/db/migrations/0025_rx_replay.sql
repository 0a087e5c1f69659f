-- Issue 12 (audit A1): replaying a dead letter brings the prescription back. DOMAIN.md §2 says an admin
-- replays a dead-lettered message (`dead_lettered -> pending`) with the same MessageID and never creates a
-- new Rx (§5.4: replay reuses MessageID and payload); this migration extends §2's prescription table
-- deliberately so the prescription follows its message: `error -> transmitted` (a dead-lettered NewRx)
-- and `cancel_denied -> cancel_requested` (a dead-lettered CancelRx), packages/clinical lifecycle.ts
-- event `replay`. Nothing else changes: every other backward move stays refused, the signed content
-- stays frozen, and the transmission/cancellation times stay written once. A failure the pharmacy
-- decided (Error 601/900: error_code is its code and the outbox row `rejected`; a Denied answer: no
-- replayed CancelRx back in the outbox) cannot be reopened here. Whoever connects.
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
    -- Migration 0025: an admin's replay of a dead letter (lifecycle.ts event replay). Only a NewRx that
    -- failed by dead letter (error_code 'dead_lettered', never a 601/900 rejection) whose message is
    -- back in the outbox after a replay, and only a CancelRx the same way.
    OR (OLD.status = 'error' AND NEW.status = 'transmitted' AND OLD.error_code = 'dead_lettered'
        AND EXISTS (SELECT 1 FROM rx_outbox o WHERE o.clinic_id = NEW.clinic_id AND o.prescription_id = NEW.id
                    AND o.type = 'NewRx' AND o.status = 'pending' AND o.replayed_count > 0))
    OR (OLD.status = 'cancel_denied' AND NEW.status = 'cancel_requested'
        AND EXISTS (SELECT 1 FROM rx_outbox o WHERE o.clinic_id = NEW.clinic_id AND o.prescription_id = NEW.id
                    AND o.type = 'CancelRx' AND o.status = 'pending' AND o.replayed_count > 0))
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
