import { notFound } from "next/navigation";
import { pageTitle } from "@/components/ui/page-title";
import { ConfirmLookup } from "@/components/consent/confirm-lookup";
import { requireRole } from "@/lib/auth/session";
import { isAuditedLookup, LOOK_UP_PATH } from "@/lib/consent/look-up-path";
import { type PageSearchParams } from "@/lib/filters/core";

export const generateMetadata = pageTitle((t) => t("consent.confirmLookup.title"));

/**
 * Asked before a customer look-up opened from another site (a link in an e-mail, a page
 * elsewhere). It runs nothing itself, so reloading it, or the app refreshing it, looks nobody
 * up; its link does, from this site.
 */
export default async function LookUpPage({ searchParams }: { searchParams: PageSearchParams }) {
  await requireRole("privacy", LOOK_UP_PATH);
  const next = (await searchParams).next;
  if (typeof next !== "string" || !next.startsWith("/") || next.startsWith("//")) notFound();
  const url = new URL(next, "http://firstparty.invalid");
  if (url.pathname === "/admin/profiles" || !isAuditedLookup(url.pathname, url.searchParams))
    notFound();
  const segments = url.pathname.split("/");
  const subject = segments[3];
  let subjectId: string | undefined;
  try {
    subjectId = subject === undefined ? undefined : decodeURIComponent(subject);
  } catch {
    notFound();
  }
  const query = (url.searchParams.get("q") ?? url.searchParams.get("subjectId") ?? "").trim();
  return (
    <ConfirmLookup
      href={url.pathname + url.search}
      what={subjectId !== undefined ? { subjectId } : { query }}
    />
  );
}
