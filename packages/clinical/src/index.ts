export * from "./age";
export * from "./questionnaires/definitions";
export * from "./questionnaires/scoring";
export * from "./eligibility/types";
export * from "./eligibility/rules";
export * from "./eligibility/screen";
export * from "./workflow/appointment";
