import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

// next-auth's standard routes (/api/auth/csrf, /callback/credentials, /session, …). The options
// are built on first use because the signing secret may live in the data folder or database.
async function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(await getAuthOptions())(request, context);
}

export { handler as GET, handler as POST };
