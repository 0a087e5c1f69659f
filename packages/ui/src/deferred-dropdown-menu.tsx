"use client";

import type { FocusEvent, KeyboardEvent as ReactKeyboardEvent, PointerEvent as ReactPointerEvent, ReactElement, ReactNode, Ref } from "react";
import { cloneElement, useEffect, useLayoutEffect, useRef, useState } from "react";

// Type only (erased): the Radix menu, with floating-ui, is fetched after the page, not with it (issue 14).
import type * as Menu from "./dropdown-menu";
import { whenIdle } from "./when-idle";

type MenuModule = typeof Menu;

let loaded: MenuModule | null = null;
let loading: Promise<MenuModule> | null = null;

/** Fetches the menu module once for the page; a failed fetch is retried on the next ask. */
export function preloadDropdownMenu(): Promise<MenuModule> {
  loading ??= import("./dropdown-menu").then(
    (m) => (loaded = m),
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

type TriggerProps = {
  ref?: Ref<HTMLElement>;
  onPointerDown?: (event: ReactPointerEvent<HTMLElement>) => void;
  onPointerEnter?: (event: ReactPointerEvent<HTMLElement>) => void;
  onKeyDown?: (event: ReactKeyboardEvent<HTMLElement>) => void;
  onFocus?: (event: FocusEvent<HTMLElement>) => void;
  onBlur?: (event: FocusEvent<HTMLElement>) => void;
};

type Opening = "pointer" | "keyboard" | null;

export interface DeferredDropdownMenuProps {
  /** The trigger (a button), rendered as is: on the server and before the menu has loaded it carries
   *  the attributes Radix's trigger gives a closed menu, so its name, size and place do not change. */
  trigger: ReactElement<TriggerProps>;
  /** The menu's content, built from the loaded module (DropdownMenuContent and its items). */
  children: (menu: MenuModule) => ReactNode;
}

/**
 * A Radix dropdown menu that is not part of the page's first load: the trigger renders at once and
 * the menu module is fetched when the browser is idle after hydration, or as soon as the trigger is
 * hovered, focused or pressed, whichever comes first. A press (pointer, Enter, Space, ArrowDown)
 * before it has arrived opens the menu the moment it does, the same way Radix would have: focus on
 * the menu after a pointer, on its first item after a key. A trigger that had focus keeps it.
 */
export function DeferredDropdownMenu({ trigger, children }: DeferredDropdownMenuProps) {
  // Always null on the server and while hydrating (the server has no module); set after.
  const [menu, setMenu] = useState<MenuModule | null>(null);
  const triggerRef = useRef<HTMLElement | null>(null);
  const opening = useRef<Opening>(null);
  const focused = useRef(false);

  useEffect(() => {
    let live = true;
    const take = (m: MenuModule) => {
      if (live) setMenu(m);
    };
    if (loaded) {
      take(loaded);
      return;
    }
    const cancel = whenIdle(() => void preloadDropdownMenu().then(take, () => undefined));
    return () => {
      live = false;
      cancel();
    };
  }, []);

  const load = () => {
    preloadDropdownMenu().then(setMenu, () => {
      opening.current = null;
    });
  };

  // The loaded trigger is a new element: give it the focus the placeholder had, then replay the press.
  useLayoutEffect(() => {
    if (!menu) return;
    const element = triggerRef.current;
    if (!element) return;
    if (focused.current && document.activeElement !== element) element.focus({ preventScroll: true });
  }, [menu]);
  useEffect(() => {
    if (!menu) return;
    const element = triggerRef.current;
    const how = opening.current;
    opening.current = null;
    if (!element || !how) return;
    // Through Radix's own trigger handlers, so its menu opens exactly as for a real press (its
    // keyboard/pointer tracking decides where focus goes); this effect runs after the menu root's.
    if (how === "keyboard") element.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true }));
    else element.dispatchEvent(new PointerEvent("pointerdown", { button: 0, pointerType: "mouse", isPrimary: true, bubbles: true, cancelable: true }));
  }, [menu]);

  const track = {
    onFocus: (event: FocusEvent<HTMLElement>) => {
      focused.current = true;
      trigger.props.onFocus?.(event);
    },
    onBlur: (event: FocusEvent<HTMLElement>) => {
      focused.current = false;
      trigger.props.onBlur?.(event);
    },
  };

  if (menu) {
    const { DropdownMenu, DropdownMenuTrigger } = menu;
    // Not modal: a modal Radix menu sets aria-hidden on the rest of the page while its controls stay
    // focusable (axe: aria-hidden-focus, which the browser tests' scan caught with a menu open). Focus
    // still moves into the menu, Escape and Tab close it and give focus back to the trigger.
    return (
      <DropdownMenu modal={false}>
        <DropdownMenuTrigger asChild ref={(el: HTMLButtonElement | null) => void (triggerRef.current = el)}>
          {cloneElement(trigger, track)}
        </DropdownMenuTrigger>
        {children(menu)}
      </DropdownMenu>
    );
  }

  return cloneElement(trigger, {
    ...track,
    ref: (el: HTMLElement | null) => void (triggerRef.current = el),
    // What Radix's trigger renders for a closed menu (an id aside).
    ...({ "aria-haspopup": "menu", "aria-expanded": false, "data-state": "closed" } as object),
    onPointerEnter: (event: ReactPointerEvent<HTMLElement>) => {
      trigger.props.onPointerEnter?.(event);
      load();
    },
    onFocus: (event: FocusEvent<HTMLElement>) => {
      track.onFocus(event);
      load();
    },
    onPointerDown: (event: ReactPointerEvent<HTMLElement>) => {
      trigger.props.onPointerDown?.(event);
      if (event.button !== 0 || event.ctrlKey) return;
      // As Radix: a second press before the menu shows takes the first back.
      opening.current = opening.current ? null : "pointer";
      // Radix keeps focus off the trigger so the menu can take it.
      event.preventDefault();
      load();
    },
    onKeyDown: (event: ReactKeyboardEvent<HTMLElement>) => {
      trigger.props.onKeyDown?.(event);
      if (event.key === "Escape") opening.current = null;
      if (!["Enter", " ", "ArrowDown"].includes(event.key)) return;
      event.preventDefault();
      opening.current = "keyboard";
      load();
    },
  });
}
