import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";

import type { ChartData } from "./chart-labels";
import { ScoreChart } from "./score-chart";

export function ScoreSection({ scores }: { scores: ChartData["scores"] }) {
  const phq9 = scores.filter((s) => s.instrument === "phq9");
  const gad7 = scores.filter((s) => s.instrument === "gad7");
  return (
    <Card>
      <CardHeader>
        <CardTitle>Score history</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-8">
        <ScoreChart instrument="phq9" scores={phq9} />
        <ScoreChart instrument="gad7" scores={gad7} />
      </CardContent>
    </Card>
  );
}
