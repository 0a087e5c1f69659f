"use client";

import { useQuery } from "@tanstack/react-query";
import { PageHeader } from "@clearwell/ui/page-header";

import { formatInstant } from "~/lib/format";
import { useTRPC } from "~/trpc/react";
import { AdminPage } from "./_shared/admins-only";
import { PageError, PageLoading } from "./_shared/page-states";
import { AcknowledgementCard } from "./_settings/acknowledgement-card";
import { DraftsCard } from "./_settings/drafts-card";
import { LegalBasisCard } from "./_settings/legal-basis-card";
import { PdmpCard } from "./_settings/pdmp-card";
import { RefillsCard } from "./_settings/refills-card";

/** The clinic's prescribing configuration: every "(C)" of DOMAIN.md §4 that an admin decides. */
export function PrescribingSettings() {
  return (
    <AdminPage header={<PageHeader title="Prescribing settings" />}>
      <PrescribingSettingsPage />
    </AdminPage>
  );
}

function PrescribingSettingsPage() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.prescribingSettings.get.queryOptions());
  const header = (
    <PageHeader
      title="Prescribing settings"
      description="What your clinic's counsel has decided about telemedicine prescribing of ketamine: the legal basis, refills, PDMP checks and who may prepare drafts, which the prescription checklist enforces; and how pharmacy answers are read."
    />
  );
  if (settings.isPending) return <PageLoading header={header} label="Loading prescribing settings…" rows={4} />;
  if (settings.isError) return <PageError header={header} error={settings.error} what="prescribing settings" onRetry={() => void settings.refetch()} retrying={settings.isFetching} />;
  const s = settings.data;
  return (
    <div className="flex flex-col gap-6">
      {header}
      {s.updatedAt ? (
        <p className="-mt-4 text-sm text-slate-600">
          Last changed {formatInstant(s.updatedAt)}
          {s.updatedByName ? ` by ${s.updatedByName}` : ""}.
        </p>
      ) : (
        <p className="-mt-4 text-sm text-slate-600">Nobody has changed these yet: the defaults below apply.</p>
      )}
      {/* Each card saves its own values; after a save it starts again from what the server now has. */}
      <LegalBasisCard s={s} />
      <RefillsCard s={s} />
      <PdmpCard s={s} />
      <DraftsCard s={s} />
      <AcknowledgementCard s={s} />
    </div>
  );
}
