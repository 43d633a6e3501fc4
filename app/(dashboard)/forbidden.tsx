import { RefusalContent } from "@/components/shell/refusal-content";

// Inside the app's layout: the navigation stays, so the parts the role may see are one click away.
export default function Forbidden() {
  return (
    <div className="centered">
      <RefusalContent status={403} />
    </div>
  );
}
