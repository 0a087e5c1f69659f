import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { Table, TBody, TD, TH, THead, TR } from "@clearwell/ui/table";

import { useClinicFormat } from "~/lib/use-clinic-time-zone";
import type { ChartData, ChartIntake } from "./chart-labels";
import { effectOf, screeningSummary } from "./chart-labels";
import { IntakeAnswers } from "./intake-answers";
import { ReviewForm } from "./review-form";

type Flag = ReturnType<typeof screeningSummary>["flags"][number];

const RISK_LABEL = { low: "Low", moderate: "Moderate", high: "High" } as const;

function UnansweredBadge() {
  return (
    <Badge variant="warning" title="The patient did not answer, or was unsure: not a reported finding.">
      Confirm at evaluation
    </Badge>
  );
}

/** Wide screens: a table. Phones: one stacked block per flag, so nothing is wider than the card. */
function Flags({ flags }: { flags: Flag[] }) {
  return (
    <>
      <ul className="flex flex-col gap-2 sm:hidden">
        {flags.map((f, i) => {
          const eff = effectOf(f.effect);
          return (
            <li key={`${f.ruleId}-${i}`} className="rounded-lg border border-slate-200 p-3 text-sm">
              <p className="flex flex-wrap items-center gap-2">
                <span className="font-mono text-slate-700">{f.ruleId}</span>
                {eff ? <Badge variant={eff.variant}>{eff.label}</Badge> : null}
                {f.unanswered ? <UnansweredBadge /> : null}
              </p>
              <p className="mt-1 break-words text-slate-900">{f.finding}</p>
              <p className="mt-1 text-xs break-words text-slate-600">Source: {f.source}</p>
            </li>
          );
        })}
      </ul>
      <div className="hidden sm:block">
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
                  <TD className="break-words">
                    {f.finding}
                    {f.unanswered ? (
                      <span className="ml-2">
                        <UnansweredBadge />
                      </span>
                    ) : null}
                  </TD>
                  <TD className="break-words">{f.source}</TD>
                </TR>
              );
            })}
          </TBody>
        </Table>
      </div>
    </>
  );
}

/** Who reviewed the intake, when, what they wrote, and whether they released the patient. */
function ReviewRecord({ review }: { review: NonNullable<ChartIntake["review"]> }) {
  const f = useClinicFormat();
  return (
    <section aria-labelledby="intake-review-record" className="rounded-lg border border-slate-200 bg-slate-50/60 p-3 text-sm">
      <h3 id="intake-review-record" className="font-semibold text-slate-900">
        Review
      </h3>
      <p className="mt-1 text-slate-700">
        {review.reviewerName} · {f.dateTime(review.reviewedAt)} ·{" "}
        {review.releasedForScheduling ? "released for scheduling" : "not released for scheduling"}
      </p>
      {review.note ? (
        <blockquote className="mt-2 border-l-2 border-slate-300 pl-3 break-words whitespace-pre-line text-slate-900">{review.note}</blockquote>
      ) : (
        <p className="mt-2 text-slate-600">No review note was written.</p>
      )}
      {review.suicideRisk ? (
        <div className="mt-2">
          <p className="text-slate-700">
            Suicide risk: <span className="font-medium text-slate-900">{RISK_LABEL[review.suicideRisk]}</span>
          </p>
          {review.riskSummary ? <p className="mt-1 break-words whitespace-pre-line text-slate-900">{review.riskSummary}</p> : null}
        </div>
      ) : null}
    </section>
  );
}

/** Latest intake: crisis state, screening flags, answers, then its review (or the form to write one). */
export function IntakeReview({ patientId, intake, alerts }: { patientId: string; intake: ChartIntake | null | undefined; alerts: ChartData["alerts"] }) {
  const f = useClinicFormat();
  const { flags, crisis, crisisReason } = screeningSummary(intake, alerts);

  return (
    <Card className="min-w-0">
      <CardHeader>
        <CardTitle>Intake review</CardTitle>
      </CardHeader>
      <CardContent>
        {!intake ? (
          <p className="text-sm text-slate-600">No intake submitted yet.</p>
        ) : (
          <div className="flex min-w-0 flex-col gap-4">
            <p className="text-sm text-slate-700">
              Version {intake.version}
              {intake.submittedAt ? ` · submitted ${f.dateTime(intake.submittedAt)}` : " · not submitted"}
              {intake.review ? ` · reviewed by ${intake.review.reviewerName}` : intake.reviewedAt ? " · reviewed" : " · not reviewed"}
            </p>
            {crisis ? (
              <Alert variant="error" title="Crisis pathway">
                {crisisReason}
                {intake.reviewedAt ? "" : " Acknowledge the crisis alert and document a suicide risk assessment before releasing this patient for scheduling."}
              </Alert>
            ) : null}
            <div>
              <h3 className="mb-2 text-sm font-semibold text-slate-900">Screening flags</h3>
              {flags.length ? (
                <Flags flags={flags} />
              ) : (
                <p className="text-sm text-slate-600">{crisis ? "No other screening flags." : "No screening flags."}</p>
              )}
            </div>
            <div>
              <h3 className="mb-2 text-sm font-semibold text-slate-900">Answers</h3>
              <IntakeAnswers answers={intake.answers} />
            </div>
            {intake.review ? <ReviewRecord review={intake.review} /> : null}
            {!intake.reviewedAt && intake.submittedAt ? <ReviewForm patientId={patientId} intakeId={intake.id} crisis={crisis} /> : null}
          </div>
        )}
      </CardContent>
    </Card>
  );
}
