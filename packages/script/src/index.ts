export * from "./model";
export { SCRIPT_NAMESPACE, SCRIPT_VERSION } from "./elements";
export { renderMessage } from "./render";
export type { RenderOptions } from "./render";
export { parseMessage, DEFAULT_MAX_MESSAGE_BYTES } from "./parse";
export type { ParseOptions, ParseProblemKind, ParseResult } from "./parse";
export { signMessage, signedHeaders, verifySignature, SIGNATURE_HEADER, TIMESTAMP_HEADER, SIGNATURE_WINDOW_MS } from "./hmac";
export type { HeaderSource, SignatureFailure, VerifyResult } from "./hmac";
export { toScriptPhone, toScriptPostalCode } from "./normalize";
