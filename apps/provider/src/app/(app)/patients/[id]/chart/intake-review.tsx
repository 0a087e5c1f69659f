import { Badge } from "@clearwell/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { Table, TBody, TD, TH, THead, TR } from "@clearwell/ui/table";

import { formatDateTime } from "~/lib/appointments";
import type { ChartIntake } from "./chart-labels";
import { effectOf, screeningOf } from "./chart-labels";
import { IntakeAnswers } from "./intake-answers";
import { ReviewForm } from "./review-form";

/** Latest intake: screening flags, answers, and the review form until someone reviews it. */
export function IntakeReview({ patientId, intake, crisis }: { patientId: string; intake: ChartIntake | null | undefined; crisis: boolean }) {
  const screening = screeningOf(intake);
  const flags = Array.isArray(screening?.flags) ? screening.flags : [];

  return (
    <Card>
      <CardHeader>
        <CardTitle>Intake review</CardTitle>
      </CardHeader>
      <CardContent>
        {!intake ? (
          <p className="text-sm text-slate-600">No intake submitted yet.</p>
        ) : (
          <div className="flex flex-col gap-4">
            <p className="text-sm text-slate-700">
              Version {intake.version}
              {intake.submittedAt ? ` · submitted ${formatDateTime(intake.submittedAt)}` : " · not submitted"}
              {intake.reviewedAt ? ` · reviewed ${formatDateTime(intake.reviewedAt)}` : " · not reviewed"}
            </p>
            <div>
              <h3 className="mb-2 text-sm font-semibold text-slate-900">Screening flags</h3>
              {flags.length ? (
                <Table>
                  <THead>
                    <TR>
                      <TH>Rule</TH>
                      <TH>Effect</TH>
                      <TH>Finding</TH>
                      <TH>Source</TH>
                    </TR>
                  </THead>
                  <TBody>
                    {flags.map((f, i) => {
                      const eff = effectOf(f.effect);
                      return (
                        <TR key={`${f.ruleId}-${i}`}>
                          <TD className="font-mono">{f.ruleId}</TD>
                          <TD>{eff ? <Badge variant={eff.variant}>{eff.label}</Badge> : null}</TD>
                          <TD>
                            {f.finding}
                            {f.unanswered ? (
                              <Badge variant="warning" className="ml-2" title="The patient did not answer, or was unsure: not a reported finding.">
                                Confirm at evaluation
                              </Badge>
                            ) : null}
                          </TD>
                          <TD>{f.source}</TD>
                        </TR>
                      );
                    })}
                  </TBody>
                </Table>
              ) : (
                <p className="text-sm text-slate-600">No screening flags.</p>
              )}
            </div>
            <div>
              <h3 className="mb-2 text-sm font-semibold text-slate-900">Answers</h3>
              <IntakeAnswers answers={intake.answers} />
            </div>
            {!intake.reviewedAt && intake.submittedAt ? <ReviewForm patientId={patientId} intakeId={intake.id} crisis={crisis} /> : null}
          </div>
        )}
      </CardContent>
    </Card>
  );
}
