import { type Effect, EFFECT_ORDER, DEFAULT_SCREENING_CONFIG, type ScreeningConfig, type ScreeningInput, type ScreeningResult } from "./types";
import { SCREENING_RULES } from "./rules";

/**
 * Runs every DOMAIN.md §3 rule over an intake. The result is a list of flags for the
 * evaluating clinician, who decides eligibility; nothing here is a diagnosis.
 */
export function screenForAtHomeKetamine(input: ScreeningInput, today: string, config: ScreeningConfig = DEFAULT_SCREENING_CONFIG): ScreeningResult {
  const flags = SCREENING_RULES.flatMap((rule) => rule.evaluate(input, config, today).map((f) => ({ ruleId: rule.id, source: rule.source, ...f })));
  const mostRestrictive = flags.reduce<Effect | null>(
    (worst, f) => (worst === null || EFFECT_ORDER.indexOf(f.effect) < EFFECT_ORDER.indexOf(worst) ? f.effect : worst),
    null,
  );
  // E11 "IO + crisis pathway": a reported or unconfirmed recent attempt or intent, not an unanswered question.
  const crisisPathway = flags.some((f) => f.ruleId === "E11" && f.effect !== "deferred");
  return { flags, mostRestrictive, crisisPathway };
}
