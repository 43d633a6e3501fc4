import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PlaceholderPage } from "@/components/shell/placeholder-page";
import { requireRole } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("laws") };
}

export default async function Page() {
  await requireRole("marketing", "/laws");
  return <PlaceholderPage name="laws" />;
}
