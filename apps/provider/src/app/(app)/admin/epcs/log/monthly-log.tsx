"use client";

import { ArrowDown, ArrowUp, ArrowUpDown, FileText } from "lucide-react";
import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Badge } from "@clearwell/ui/badge";
import { Card, CardContent } from "@clearwell/ui/card";
import { EmptyState } from "@clearwell/ui/empty-state";
import { Field } from "@clearwell/ui/field";
import { Input } from "@clearwell/ui/input";
import { PageHeader } from "@clearwell/ui/page-header";
import { Select } from "@clearwell/ui/select";
import { Skeleton } from "@clearwell/ui/skeleton";
import { TBody, TD, TH, THead, TR, Table } from "@clearwell/ui/table";
import type { ZEpcsMonthlyLogInput } from "@clearwell/validators/prescribing-admin";

import { AdminsOnly, LoadError } from "~/components/admin-states";
import { RetryAlert } from "~/components/query-states";
import { useMe } from "~/components/shell/use-me";
import { formatDate } from "~/lib/format";
import { isAdmin } from "~/lib/roles";
import { useTRPC } from "~/trpc/react";

type Sort = "patient" | "drug" | "date";
type Direction = "asc" | "desc";

const STATUS_WORDS: Record<string, string> = {
  signed: "Signed",
  transmitted: "Sent to pharmacy",
  acknowledged: "Acknowledged by pharmacy",
  error: "Error",
  cancel_requested: "Cancel requested",
  cancelled: "Cancelled",
  cancel_denied: "Cancel denied",
};

function thisMonth(now = new Date()) {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`;
}

/**
 * The monthly controlled-substance prescription log per prescriber (21 CFR 1311.120(b)): admins see
 * any prescriber's, a prescriber their own. Sortable by patient, drug and date.
 */
export function MonthlyLog() {
  const trpc = useTRPC();
  const me = useMe();
  const admin = isAdmin(me.roles);
  const prescriberRole = me.roles.includes("prescriber");
  const people = useQuery({ ...trpc.prescriber.list.queryOptions(), enabled: admin });
  const prescribers = (people.data?.items ?? []).filter((p) => p.roles.includes("prescriber"));
  const [chosen, setChosen] = useState<string>("");
  const [month, setMonth] = useState(thisMonth);
  const [sort, setSort] = useState<Sort>("date");
  const [direction, setDirection] = useState<Direction>("asc");

  const myId = me.data?.user.id ?? "";
  const prescriberUserId = admin ? chosen || prescribers[0]?.userId || "" : myId;
  // The server's schema checks the month as it is typed; it (and zod) loads after the page, and the
  // log is asked for once the input has passed it.
  const [schema, setSchema] = useState<typeof ZEpcsMonthlyLogInput | null>(null);
  useEffect(() => {
    import("@clearwell/validators/prescribing-admin").then((m) => setSchema(() => m.ZEpcsMonthlyLogInput), () => undefined);
  }, []);
  const input = schema?.safeParse({ prescriberUserId, month, sort, direction });
  const log = useQuery({ ...trpc.epcs.monthlyLog.queryOptions(input?.success ? input.data : { prescriberUserId: "x", month: "2000-01", sort, direction }), enabled: !!input?.success && (admin || prescriberRole) });
  const monthError = !input || input.success ? null : (input.error.issues.find((i) => i.path[0] === "month")?.message ?? null);

  const header = <PageHeader title="Controlled-substance log" description="Every controlled-substance prescription a prescriber signed in a month, by the date it was written (21 CFR 1311.120(b)). Sort by patient, drug or date." />;

  if (me.isPending || (admin && people.isPending)) {
    return (
      <div aria-busy="true">
        {header}
        <span className="sr-only" role="status">
          Loading…
        </span>
        <Skeleton className="h-48 w-full" />
      </div>
    );
  }
  if (!admin && !prescriberRole) {
    return (
      <div>
        {header}
        <AdminsOnly />
      </div>
    );
  }

  const sortBy = (key: Sort) => {
    if (sort === key) setDirection(direction === "asc" ? "desc" : "asc");
    else {
      setSort(key);
      setDirection("asc");
    }
  };

  return (
    <div>
      {header}
      <Card className="mb-6">
        <CardContent className="flex flex-col gap-3 sm:flex-row sm:items-start">
          {admin ? (
            people.isError ? (
              <RetryAlert title="We couldn't load the prescribers" error={people.error} onRetry={() => void people.refetch()} retrying={people.isFetching} />
            ) : (
              <Field label="Prescriber" className="sm:w-72">
                <Select value={prescriberUserId} onChange={(e) => setChosen(e.target.value)} disabled={prescribers.length === 0}>
                  {prescribers.length === 0 ? <option value="">No prescribers</option> : null}
                  {prescribers.map((p) => (
                    <option key={p.userId} value={p.userId}>
                      {p.name}
                    </option>
                  ))}
                </Select>
              </Field>
            )
          ) : (
            <p className="text-sm text-slate-700 sm:mt-7 sm:w-72">Your own prescriptions.</p>
          )}
          <Field label="Month" error={monthError} className="sm:w-56">
            <Input type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
          </Field>
        </CardContent>
      </Card>

      {admin && prescribers.length === 0 ? (
        <EmptyState icon={FileText} title="No prescribers in this clinic" description="The log lists prescriptions by the prescriber who signed them." />
      ) : input?.success === false ? null : log.isPending ? (
        <div aria-busy="true">
          <span className="sr-only" role="status">
            Loading the log…
          </span>
          <Skeleton className="h-48 w-full" />
        </div>
      ) : log.isError ? (
        <LoadError error={log.error} what="the log" onRetry={() => void log.refetch()} retrying={log.isFetching} />
      ) : log.data.items.length === 0 ? (
        <EmptyState icon={FileText} title={`Nothing signed by ${log.data.prescriber.name || "this prescriber"} in ${monthName(month)}`} description="Signed controlled-substance prescriptions appear here by the date they were written." />
      ) : (
        <Table>
          <caption className="px-4 py-3 text-left text-sm text-slate-700">
            {log.data.items.length} prescription{log.data.items.length === 1 ? "" : "s"} signed by {log.data.prescriber.name} in {monthName(month)}
          </caption>
          <THead>
            <tr>
              <SortHeader label="Written" col="date" sort={sort} direction={direction} onSort={sortBy} />
              <SortHeader label="Patient" col="patient" sort={sort} direction={direction} onSort={sortBy} />
              <SortHeader label="Drug" col="drug" sort={sort} direction={direction} onSort={sortBy} />
              <TH>Quantity</TH>
              <TH>Refills</TH>
              <TH>Pharmacy</TH>
              <TH>Status</TH>
              <TH>DEA number</TH>
            </tr>
          </THead>
          <TBody>
            {log.data.items.map((r) => (
              <TR key={r.prescriptionId}>
                <TD className="whitespace-nowrap">{formatDate(r.writtenDate)}</TD>
                <TD className="min-w-40">
                  {r.patientName}
                  <span className="block font-mono text-xs text-slate-600">{r.patientMrn}</span>
                </TD>
                <TD className="min-w-48">{r.drug}</TD>
                <TD className="whitespace-nowrap tabular-nums">{r.quantity === null ? "—" : `${r.quantity} ${r.quantityUnit ?? ""}`}</TD>
                <TD className="tabular-nums">{r.refills ?? "—"}</TD>
                <TD>{r.pharmacyName ?? "—"}</TD>
                <TD>
                  <Badge variant={r.status === "error" || r.status === "cancelled" ? "warning" : "neutral"}>{STATUS_WORDS[r.status] ?? r.status}</Badge>
                </TD>
                <TD className="font-mono text-xs">{r.deaNumber ?? "—"}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
}

function monthName(month: string) {
  const [y, m] = month.split("-").map(Number);
  if (!y || !m) return month;
  return new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, 1)));
}

function SortHeader({ label, col, sort, direction, onSort }: { label: string; col: Sort; sort: Sort; direction: Direction; onSort: (c: Sort) => void }) {
  const active = sort === col;
  const Icon = !active ? ArrowUpDown : direction === "asc" ? ArrowUp : ArrowDown;
  return (
    <TH aria-sort={active ? (direction === "asc" ? "ascending" : "descending") : "none"}>
      <button type="button" onClick={() => onSort(col)} className="inline-flex items-center gap-1 rounded uppercase outline-none hover:text-slate-900 focus-visible:ring-2 focus-visible:ring-brand-600">
        {label}
        <Icon aria-hidden="true" className="size-3.5" />
        <span className="sr-only">{active ? `, sorted ${direction === "asc" ? "ascending" : "descending"}; sort ${direction === "asc" ? "descending" : "ascending"}` : ", sort by this"}</span>
      </button>
    </TH>
  );
}
