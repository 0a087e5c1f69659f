"use client";

import type { ReactNode } from "react";

import { AdminsOnly } from "~/components/admin-states";
import { useMe } from "~/components/shell/use-me";
import { isAdmin } from "~/lib/roles";

/**
 * For pages whose reads clinicians may also make (formulary, pharmacies, settings) but whose edits
 * are the admin's: a clinician who types the address is told so instead of meeting refusals on save.
 * The API enforces it regardless.
 */
export function AdminPage({ header, children }: { header: ReactNode; children: ReactNode }) {
  const me = useMe();
  if (me.isSuccess && !isAdmin(me.roles)) {
    return (
      <div>
        {header}
        <AdminsOnly />
      </div>
    );
  }
  return children;
}
