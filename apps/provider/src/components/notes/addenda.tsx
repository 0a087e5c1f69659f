"use client";

import type { NoteSummary } from "./note-labels";
import { SignatureLine } from "./note-content";

/** A signed note's addenda chain, oldest first, each with its own signature (DOMAIN.md §2 "addended*"). */
export function Addenda({ addenda }: { addenda: NoteSummary["addenda"] }) {
  return (
    <div className="flex flex-col gap-2">
      <h4 className="text-sm font-semibold text-slate-900">Addenda</h4>
      <ol className="flex flex-col gap-3 border-l-2 border-slate-200 pl-3">
        {addenda.map((a, i) => (
          <li key={a.id} className="flex flex-col gap-1.5">
            <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">Addendum {i + 1}</p>
            <p className="text-sm whitespace-pre-wrap text-slate-800">{a.text}</p>
            <SignatureLine signer={a.signer.name} signedAt={a.signedAt} sha256={a.contentSha256} />
          </li>
        ))}
      </ol>
    </div>
  );
}
