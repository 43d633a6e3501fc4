import { RefusalContent } from "@/components/shell/refusal-content";

export default function NotFound() {
  return (
    <main className="centered" id="main">
      <RefusalContent status={404} />
    </main>
  );
}
