"use client";

import type { ProviderRouter } from "@clearwell/api/provider";
import type { inferRouterOutputs } from "@trpc/server";
import { Inbox, RefreshCw, Send } from "lucide-react";
import { useState } from "react";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { cn, focusRing } from "@clearwell/ui/cn";
import { ConfirmDialog } from "@clearwell/ui/confirm-dialog";
import { EmptyState } from "@clearwell/ui/empty-state";
import { PageHeader } from "@clearwell/ui/page-header";
import { TBody, TD, TH, THead, TR, Table } from "@clearwell/ui/table";

import { formatInstant } from "~/lib/format";
import { errorMessage } from "~/lib/trpc-errors";
import { background, useTRPC } from "~/trpc/react";
import { PageError, PageLoading } from "../prescribing/_shared/page-states";

type ListOutput = inferRouterOutputs<ProviderRouter>["rxOutbox"]["list"];
type Item = ListOutput["items"][number];
type Status = Item["status"];

/** The outbox states in words (DOMAIN.md §2 "Outbox message"). */
const STATUS: Record<Status, { label: string; variant: "neutral" | "info" | "warning" | "danger" | "success" }> = {
  pending: { label: "Pending", variant: "info" },
  in_flight: { label: "Sending", variant: "info" },
  retry_scheduled: { label: "Retry scheduled", variant: "warning" },
  dead_lettered: { label: "Dead letter", variant: "danger" },
  rejected: { label: "Rejected by pharmacy", variant: "danger" },
  delivered: { label: "Delivered", variant: "success" },
  acked: { label: "Acknowledged", variant: "success" },
};

const TABS: { key: Status | "all"; label: string }[] = [
  { key: "all", label: "All" },
  { key: "pending", label: "Pending" },
  { key: "in_flight", label: "Sending" },
  { key: "retry_scheduled", label: "Retry scheduled" },
  { key: "dead_lettered", label: "Dead letters" },
  { key: "rejected", label: "Rejected" },
];

const EMPTY: Record<Status | "all", string> = {
  all: "No prescription has been sent from this clinic yet. Signed prescriptions go to the pharmacy through here at once.",
  pending: "Nothing waits to be sent.",
  in_flight: "Nothing is being sent right now.",
  retry_scheduled: "No message is waiting for a retry.",
  dead_lettered: "No dead letters: every message reached the pharmacy or is still being retried.",
  rejected: "The pharmacy has rejected no message.",
  delivered: "No delivered messages.",
  acked: "No acknowledged messages.",
};

/** "3 min", "2 h 5 min", "4 days": how long ago `from` was. */
function age(from: Date, now: number): string {
  const minutes = Math.max(0, Math.floor((now - from.getTime()) / 60_000));
  if (minutes < 1) return "under a minute";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`;
  return `${Math.floor(hours / 24)} days`;
}

/**
 * What a replay does, in plain words (DOMAIN.md §2 outbox "admin replay dead_lettered -> pending with the
 * same MessageID", extended so the prescription follows its message: packages/clinical lifecycle.ts
 * `replay`). Ids and the message type only: admins see no clinical content here.
 */
function replayWords(m: Item): string {
  const same = `Message ${m.messageId} (${m.type}) is sent exactly as it was signed.`;
  return m.type === "NewRx"
    ? `${same} The pharmacy gets the same message again (same MessageID). The prescription goes back to “Sent to pharmacy” and follows the pharmacy's answer.`
    : `${same} The pharmacy gets the same cancellation again (same MessageID). The prescription goes back to “Cancel requested” and follows the pharmacy's answer.`;
}

/**
 * The clinic's SCRIPT outbox (DOMAIN.md §5.3-5.4): what waits, what is retried, what was given up on
 * (dead letters), and a replay of a dead letter with the same MessageID. No clinical content.
 */
export function OutboxAdmin() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [tab, setTab] = useState<Status | "all">("all");
  const [replaying, setReplaying] = useState<Item | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const input = tab === "all" ? {} : { status: tab };
  const list = useInfiniteQuery({
    ...trpc.rxOutbox.list.infiniteQueryOptions(input, { getNextPageParam: (last) => last.nextCursor ?? undefined, ...background }),
    // A monitoring screen: every filter is fetched fresh when chosen, and again every 30 s
    // (transmission is immediate, so a stuck message shows up here within the minute).
    staleTime: 0,
    refetchInterval: 30_000,
  });
  // Every filter's pages, so switching after a refresh or a replay never shows an older answer.
  const refreshAll = () => qc.invalidateQueries({ queryKey: trpc.rxOutbox.list.pathKey() });
  const replay = useMutation(trpc.rxOutbox.replay.mutationOptions());
  const now = Date.now();

  const header = (
    <PageHeader
      title="Outbox"
      description="Prescription messages to pharmacies. A message is retried on its own with growing waits; after 15 attempts or 24 hours it becomes a dead letter and the prescriber is alerted."
      actions={
        <Button variant="secondary" onClick={() => void refreshAll()} loading={list.isRefetching}>
          <RefreshCw aria-hidden="true" />
          Refresh
        </Button>
      }
    />
  );
  if (list.isPending) return <PageLoading header={header} label="Loading the outbox…" rows={2} />;
  if (list.isError) return <PageError header={header} error={list.error} what="the outbox" onRetry={() => void list.refetch()} retrying={list.isFetching} />;

  const counts = list.data.pages[0]!.counts;
  const items = list.data.pages.flatMap((p) => p.items);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);

  return (
    <div>
      {header}
      <ConfirmDialog
        open={replaying !== null}
        onOpenChange={(open) => {
          if (!open) {
            setReplaying(null);
            replay.reset();
          }
        }}
        title="Send this message again?"
        description={replaying ? replayWords(replaying) : undefined}
        confirmLabel="Send again"
        pending={replay.isPending}
        onConfirm={() =>
          replaying &&
          replay.mutate(
            { messageId: replaying.messageId },
            {
              onSuccess: (m) => {
                setNotice(
                  `Message ${m.messageId} is queued to be sent again (status: ${STATUS[m.status].label.toLowerCase()}). The prescription is back to “${m.type === "NewRx" ? "Sent to pharmacy" : "Cancel requested"}” and follows the pharmacy's answer.`,
                );
                setReplaying(null);
                void refreshAll();
              },
            },
          )
        }
      >
        <div className="flex flex-col gap-3">
          <p className="text-sm text-slate-700">
            It is not sent if the pharmacy already answered it, or if the prescriber has already written a replacement prescription. You will see the reason here.
          </p>
          {replay.isError ? (
            <Alert variant="error" title="Not sent">
              {errorMessage(replay.error)}
            </Alert>
          ) : null}
        </div>
      </ConfirmDialog>

      <dl className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-4">
        {(
          [
            ["Pending", counts.pending + counts.in_flight],
            ["Retry scheduled", counts.retry_scheduled],
            ["Dead letters", counts.dead_lettered],
            ["Delivered", counts.delivered + counts.acked],
          ] as const
        ).map(([label, n]) => (
          <div key={label} className={cn("rounded-card border bg-white p-3 shadow-sm", label === "Dead letters" && n > 0 ? "border-red-300" : "border-line")}>
            <dt className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{label}</dt>
            <dd className="text-2xl font-semibold text-slate-900 tabular-nums">{n}</dd>
          </div>
        ))}
      </dl>

      <nav aria-label="Filter by status" className="mb-4 flex flex-wrap gap-2">
        {TABS.map((t) => {
          const n = t.key === "all" ? total : counts[t.key];
          return (
            <button
              key={t.key}
              type="button"
              aria-pressed={tab === t.key}
              onClick={() => {
                setNotice(null);
                setTab(t.key);
              }}
              className={cn(
                "rounded-full border px-3 py-1 text-sm font-medium transition-colors",
                tab === t.key ? "border-teal-700 bg-teal-50 text-teal-900" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
                focusRing,
              )}
            >
              {t.label} <span className="tabular-nums">({n})</span>
            </button>
          );
        })}
      </nav>

      {notice ? (
        <Alert variant="success" className="mb-4">
          {notice}
        </Alert>
      ) : null}

      {items.length === 0 ? (
        <EmptyState icon={Inbox} title={tab === "all" ? "The outbox is empty" : `No messages: ${TABS.find((t) => t.key === tab)?.label.toLowerCase()}`} description={EMPTY[tab]} />
      ) : (
        <>
          <ul className="flex flex-col gap-3 md:hidden" aria-label="Messages">
            {items.map((m) => (
              <li key={m.messageId} className="rounded-card border border-line bg-white p-4 text-sm shadow-sm">
                <div className="flex items-start justify-between gap-2">
                  <p className="font-medium text-slate-900">{m.type}</p>
                  <Badge variant={STATUS[m.status].variant}>{STATUS[m.status].label}</Badge>
                </div>
                <p className="font-mono text-xs break-all text-slate-600">{m.messageId}</p>
                <dl className="mt-2 grid grid-cols-[7rem_1fr] gap-x-3 gap-y-1">
                  <dt className="text-slate-600">Attempts</dt>
                  <dd className="tabular-nums">{m.attempts}</dd>
                  <dt className="text-slate-600">Age</dt>
                  <dd>{age(m.createdAt, now)}</dd>
                  {m.nextAttemptAt ? (
                    <>
                      <dt className="text-slate-600">Next attempt</dt>
                      <dd>{formatInstant(m.nextAttemptAt)}</dd>
                    </>
                  ) : null}
                  <dt className="text-slate-600">Last error</dt>
                  <dd className="break-words">{m.lastError ?? "—"}</dd>
                </dl>
                {m.status === "dead_lettered" ? (
                  <Button size="sm" className="mt-3" onClick={() => setReplaying(m)} aria-label={`Replay message ${m.messageId}`}>
                    <Send aria-hidden="true" />
                    <span aria-hidden="true">Replay</span>
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
          <div className="hidden md:block">
            <Table>
              <THead>
                <tr>
                  <TH>Message</TH>
                  <TH>Status</TH>
                  <TH className="text-right">Attempts</TH>
                  <TH>Age</TH>
                  <TH>Last error</TH>
                  <TH>
                    <span className="sr-only">Actions</span>
                  </TH>
                </tr>
              </THead>
              <TBody>
                {items.map((m) => (
                  <TR key={m.messageId}>
                    <TD>
                      <span className="font-medium">{m.type}</span>
                      <span className="block font-mono text-xs text-slate-600">{m.messageId}</span>
                      {m.replayedCount ? <span className="block text-xs text-slate-600">Replayed {m.replayedCount}×</span> : null}
                    </TD>
                    <TD>
                      <Badge variant={STATUS[m.status].variant}>{STATUS[m.status].label}</Badge>
                      {m.nextAttemptAt && m.status === "retry_scheduled" ? <span className="block text-xs text-slate-600">next {formatInstant(m.nextAttemptAt)}</span> : null}
                    </TD>
                    <TD className="text-right tabular-nums">{m.attempts}</TD>
                    <TD className="whitespace-nowrap" title={formatInstant(m.createdAt)}>
                      {age(m.createdAt, now)}
                    </TD>
                    <TD className="max-w-72 text-xs break-words">{m.lastError ?? <span className="text-slate-600">—</span>}</TD>
                    <TD className="w-px text-right">
                      {m.status === "dead_lettered" ? (
                        <Button size="sm" onClick={() => setReplaying(m)} aria-label={`Replay message ${m.messageId}`}>
                          <Send aria-hidden="true" />
                          <span aria-hidden="true">Replay</span>
                        </Button>
                      ) : null}
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          </div>
          {list.hasNextPage ? (
            <div className="mt-4 flex justify-center">
              <Button variant="secondary" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                Show older messages
              </Button>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
