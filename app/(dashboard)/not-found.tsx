import { NotFoundContent } from "@/components/shell/not-found-content";

// Inside the app's layout: the navigation stays, so a wrong address is one click from the right one.
export default function NotFound() {
  return <NotFoundContent />;
}
