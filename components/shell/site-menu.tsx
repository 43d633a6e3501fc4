"use client";
import { useState, type ReactNode } from "react";
import { usePathname } from "next/navigation";
import { useHydrated } from "@/components/ui/use-hydrated";

/**
 * The navigation and account controls. On a wide screen they stand in the sidebar; on a phone
 * they fold behind a menu button (its state in aria-expanded), so the page starts on the first
 * screen. Following a link folds the menu again: it stays open only on the page it was opened on.
 * The button is disabled until the page's scripts run (it opens nothing without them).
 */
export function SiteMenu({ label, children }: { label: string; children: ReactNode }) {
  const pathname = usePathname();
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const hydrated = useHydrated();
  return (
    <>
      <button
        type="button"
        className="menu-button secondary"
        aria-expanded={open}
        aria-controls="site-menu"
        disabled={!hydrated}
        onClick={() => setOpenOn(open ? null : pathname)}
      >
        {label}
      </button>
      <div id="site-menu" className="site-menu" data-open={open ? "" : undefined}>
        {children}
      </div>
    </>
  );
}
