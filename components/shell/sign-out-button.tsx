"use client";
import { signOutAndLeave } from "@/lib/auth/client";

export function SignOutButton({ label }: { label: string }) {
  return (
    <button type="button" className="secondary" onClick={() => void signOutAndLeave("/login")}>
      {label}
    </button>
  );
}
