export * from "./age";
