"use client";
import { useState } from "react";
import { signOutAndLeave } from "@/lib/auth/client";
import { useHydrated } from "@/components/ui/use-hydrated";

export function SignOutButton({ label, failed }: { label: string; failed: string }) {
  const [error, setError] = useState(false);
  const hydrated = useHydrated();
  return (
    <>
      <button
        type="button"
        className="secondary"
        disabled={!hydrated}
        onClick={() => signOutAndLeave("/login").catch(() => setError(true))}
      >
        {label}
      </button>
      {error && (
        <p className="notice error" role="alert">
          {failed}
        </p>
      )}
    </>
  );
}
