import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PlaceholderPage } from "@/components/shell/placeholder-page";
import { requireRole } from "@/lib/auth/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("dataSources") };
}

export default async function Page() {
  await requireRole("admin", "/admin/sources");
  return <PlaceholderPage name="dataSources" />;
}
