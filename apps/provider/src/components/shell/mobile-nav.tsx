"use client";

import type { ReactNode } from "react";
// Type only (erased): the Radix dialog is fetched after the page, not with it (issue 14). Pages
// that show a dialog of their own load it with them anyway; the others do not need it to show.
import type * as DialogNs from "@clearwell/ui/dialog";
import { Menu } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "@clearwell/ui/button";
import { whenIdle } from "@clearwell/ui/when-idle";

import { Wordmark } from "~/components/wordmark";

type DialogModule = typeof DialogNs;

let loading: Promise<DialogModule> | null = null;
function loadDialog(): Promise<DialogModule> {
  loading ??= import("@clearwell/ui/dialog").catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

/**
 * The phone's menu button and the navigation sheet it opens. The button is there at once; the
 * dialog module is fetched when the browser is idle after the page, or when the button is hovered,
 * focused or pressed. A press before it has arrived opens the sheet the moment it does.
 */
export function MobileNav({ children }: { children: (close: () => void) => ReactNode }) {
  const [open, setOpen] = useState(false);
  const [dialog, setDialog] = useState<DialogModule | null>(null);

  useEffect(() => {
    let live = true;
    const take = (m: DialogModule) => {
      if (live) setDialog(m);
    };
    const cancel = whenIdle(() => void loadDialog().then(take, () => undefined));
    return () => {
      live = false;
      cancel();
    };
  }, []);

  const load = () => void loadDialog().then(setDialog, () => setOpen(false));

  return (
    <>
      <Button
        variant="ghost"
        size="icon"
        className="lg:hidden"
        aria-label="Open navigation"
        onPointerEnter={load}
        onFocus={load}
        onClick={() => {
          setOpen(true);
          load();
        }}
      >
        <Menu aria-hidden="true" />
      </Button>
      {dialog ? (
        <dialog.Dialog open={open} onOpenChange={setOpen}>
          <dialog.DialogContent
            aria-describedby={undefined}
            className="top-0 left-0 h-dvh max-h-dvh w-72 max-w-[85vw] translate-x-0 translate-y-0 rounded-none rounded-r-card p-4"
          >
            <dialog.DialogTitle className="sr-only">Navigation</dialog.DialogTitle>
            <div className="mb-4 flex h-10 items-center px-2">
              <Wordmark />
            </div>
            {children(() => setOpen(false))}
          </dialog.DialogContent>
        </dialog.Dialog>
      ) : null}
    </>
  );
}
