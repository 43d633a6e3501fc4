import { notFound } from "next/navigation";

// Any address no page answers, signed in: the 404 inside the app's layout (./not-found.tsx).
export default function Missing(): never {
  notFound();
}
