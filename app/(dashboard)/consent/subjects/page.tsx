import { redirect } from "next/navigation";
import { requireRole } from "@/lib/auth/session";

// The lookup form's target: /consent/subjects?subjectId=X → /consent/subjects/X.
export default async function SubjectLookup({
  searchParams,
}: {
  searchParams: Promise<{ subjectId?: string }>;
}) {
  await requireRole("privacy", "/consent/subjects");
  const subjectId = (await searchParams).subjectId?.trim();
  redirect(subjectId ? `/consent/subjects/${encodeURIComponent(subjectId)}` : "/consent");
}
