export * from "./age";
export * from "./questionnaires/definitions";
export * from "./questionnaires/scoring";
