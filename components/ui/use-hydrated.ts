"use client";
import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False in the server's HTML and while React hydrates it, true once the component runs in the
 * browser. A button that only works with its script (a download made in the browser, printing,
 * the phone menu, signing out) is disabled until then: a click on the server's HTML would
 * otherwise do nothing at all.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
