import { RefusalContent } from "@/components/shell/refusal-content";

// Inside the app's layout: the navigation stays, so a wrong address is one click from the right one.
export default function NotFound() {
  return <RefusalContent status={404} />;
}
