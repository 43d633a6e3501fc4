import { RefusalContent } from "@/components/shell/refusal-content";

// Outside the app's layout (the dashboard's own forbidden.tsx keeps the navigation).
export default function Forbidden() {
  return (
    <main className="centered" id="main">
      <RefusalContent status={403} />
    </main>
  );
}
