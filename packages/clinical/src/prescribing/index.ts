// E-prescribing rules (issue 12): formulary and sig, checklist, state machines, acknowledgement map.
export * from "./formulary";
export * from "./rules";
export * from "./check";
export * from "./lifecycle";
export * from "./outbox";
export * from "./ack";
export { addCalendarDays, addCalendarMonths, clinicToday, daysBetween, isCalendarDate } from "./dates";
