import type { Metadata } from "next";
import { Suspense } from "react";

import { requireSession } from "~/server/session";
import { PatientList, PatientListSkeleton } from "./patient-list";

export const metadata: Metadata = { title: "Patients" };

export default async function PatientsPage() {
  await requireSession();
  return (
    <Suspense fallback={<PatientListSkeleton />}>
      <PatientList />
    </Suspense>
  );
}
