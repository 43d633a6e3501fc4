"use client";
import { useState } from "react";
import { signOutAndLeave } from "@/lib/auth/client";

export function SignOutButton({ label, failed }: { label: string; failed: string }) {
  const [error, setError] = useState(false);
  return (
    <>
      <button
        type="button"
        className="secondary"
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
