/**
 * SCRIPT element names shared by the renderer and the parser, so the two cannot drift apart.
 * Names follow DOMAIN.md §5.2 / INTEGRATIONS.md §3 and the public shape of SCRIPT 2017071; the
 * NCPDP Implementation Guide is licensed, so a certified vendor's guide is the final word [S].
 */
export const SCRIPT_NAMESPACE = "http://www.ncpdp.org/schema/SCRIPT";
export const SCRIPT_VERSION = "2017071";

/** Body element name for each message type (identical to the model's `type`). */
export const BODY_ELEMENTS = ["NewRx", "CancelRx", "Status", "Verify", "Error", "CancelRxResponse", "RxFill"] as const;

/** Header To/From qualifiers: P pharmacy, D prescriber (the prescribing system). */
export const QUALIFIER = { pharmacy: "P", prescriber: "D" } as const;
