import { text } from "./common";
import { isIanaTimeZone } from "./time-zone-list";

export { COMMON_US_TIME_ZONES, type CommonTimeZone, isIanaTimeZone, timeZoneLabel } from "./time-zone-list";

/** An IANA zone the runtime knows, e.g. America/Denver. */
export const ZTimeZone = text({ min: 1, max: 64, label: "time zone" }).refine(isIanaTimeZone, "Choose a time zone from the list.");
