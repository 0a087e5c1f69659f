import type { IntakeStep } from "@clearwell/validators/intake";

import { AboutStep } from "./steps/about-step";
import { ConsentsStep } from "./steps/consents-step";
import { ContactsStep } from "./steps/contacts-step";
import { Gad7Step } from "./steps/gad7-step";
import { HistoryStep } from "./steps/history-step";
import { HomeStep } from "./steps/home-step";
import { MedicationsStep } from "./steps/medications-step";
import { Phq9Step } from "./steps/phq9-step";
import type { Current, StepProps } from "./wizard-types";

/** The form body for one saved step; review has its own screen. */
export function StepFields({ step, current, ...p }: StepProps & { step: IntakeStep; current: Current }) {
  switch (step) {
    case "about":
      return <AboutStep {...p} />;
    case "contacts":
      return <ContactsStep {...p} />;
    case "history":
      return <HistoryStep {...p} />;
    case "medications":
      return <MedicationsStep {...p} />;
    case "home":
      return <HomeStep {...p} />;
    case "phq9":
      return <Phq9Step {...p} />;
    case "gad7":
      return <Gad7Step {...p} />;
    case "consents":
      return <ConsentsStep consents={current.consents} {...p} />;
  }
}
