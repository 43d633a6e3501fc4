"use client";
import { ErrorContent } from "@/components/shell/error-content";

// Outside the app's layout (a failure of the layout itself); the dashboard's own error.tsx keeps
// the navigation for a failure of one page.
export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <main className="centered" id="main">
      <ErrorContent reset={reset} />
    </main>
  );
}
