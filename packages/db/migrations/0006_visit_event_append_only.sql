-- The visit log is a record of what happened in a clinical encounter: append-only (refuse_mutation from 0002).
CREATE TRIGGER visit_event_append_only BEFORE UPDATE OR DELETE ON visit_event
  FOR EACH ROW EXECUTE FUNCTION refuse_mutation();
