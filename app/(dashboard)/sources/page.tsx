import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PlaceholderPage } from "@/components/shell/placeholder-page";
import { requireRole } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("sources") };
}

export default async function Page() {
  await requireRole("marketing", "/sources");
  return <PlaceholderPage name="sources" />;
}
