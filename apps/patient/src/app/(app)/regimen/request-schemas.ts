import { ZRegimenReportLostInput, ZRegimenRequestRenewalInput } from "@clearwell/validators/regimen";

import { numberFromText } from "~/lib/form-schemas";

// The requests' form schemas, apart from the forms so zod loads after the page (useZodForm's SchemaSource).
export const ZReportLostForm = ZRegimenReportLostInput.pick({ description: true }).extend({ units: numberFromText(ZRegimenReportLostInput.shape.units) });

export const ZRenewalForm = ZRegimenRequestRenewalInput.pick({ note: true });
