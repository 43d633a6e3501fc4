"use client";
import { ErrorContent } from "@/components/shell/error-content";

// Inside the app's layout: the navigation stays, so the other pages are one click away.
export default function DashboardError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="centered">
      <ErrorContent reset={reset} />
    </div>
  );
}
