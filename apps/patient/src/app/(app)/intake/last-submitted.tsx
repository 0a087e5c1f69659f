import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { CheckCircle2 } from "lucide-react";
import Link from "next/link";

import { CrisisPanel } from "~/components/crisis-panel";

import { CrisisNextSteps } from "./crisis-next-steps";
import { CRISIS_WAIT_AFTERWORD } from "./submitted-thanks";
import type { Current } from "./wizard-types";

interface LastSubmittedProps {
  submittedAt: NonNullable<Current["lastSubmitted"]>["submittedAt"];
  /** Why starting a corrected version failed, if it did. */
  startError: string | null;
  starting: boolean;
  /** On the crisis pathway and not yet cleared by a clinician: say who calls, not "book". */
  waitingOnClinician: boolean;
  onCorrect: () => void;
}

/** No open draft but an earlier submission: offer to send a corrected version. */
export function LastSubmitted({ submittedAt, startError, starting, waitingOnClinician, onCorrect }: LastSubmittedProps) {
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Your intake</h1>
      {waitingOnClinician ? <CrisisPanel afterword={CRISIS_WAIT_AFTERWORD} /> : null}
      <Card>
        <CardContent className="flex flex-col gap-4 py-5">
          <p className="flex items-center gap-2 text-base text-slate-900">
            <CheckCircle2 aria-hidden="true" className="size-5 text-emerald-700" />
            Intake submitted on{" "}
            {new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeStyle: "short" }).format(new Date(submittedAt ?? Date.now()))}
          </p>
          <p className="text-sm text-slate-600">Need to change an answer? You can send a corrected version.</p>
          {startError !== null ? (
            <Alert variant="error" role="alert">
              {startError}
            </Alert>
          ) : null}
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" size="lg" loading={starting} disabled={starting} onClick={onCorrect}>
              Correct something
            </Button>
            <Button asChild variant="ghost" size="lg">
              <Link href="/">Back to home</Link>
            </Button>
          </div>
        </CardContent>
      </Card>
      {waitingOnClinician ? <CrisisNextSteps alerted={false} /> : null}
    </div>
  );
}
