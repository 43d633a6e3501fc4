import { ForbiddenContent } from "@/components/shell/forbidden-content";

// Outside the app's layout (the dashboard's own forbidden.tsx keeps the navigation).
export default function Forbidden() {
  return (
    <main className="centered" id="main">
      <ForbiddenContent />
    </main>
  );
}
