export * from "./auth";
export * from "./clinic";
export * from "./patient";
export * from "./provider";
export * from "./audit";
export * from "./intake";
export * from "./safety";
export * from "./scheduling";
