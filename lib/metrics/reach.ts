/**
 * The purposes consentable reach is counted for (/profiles and the phase-out simulation): those
 * customers are asked to consent to and that are in use. A draft asks nobody yet; a retired
 * purpose reaches nobody any more, whatever its customers decided while it was active (its own
 * consent figures stay on the consent dashboard, marked retired).
 */
import { and, eq } from "drizzle-orm";
import { purposes } from "@/db/schema";

export const reachablePurpose = and(
  eq(purposes.legalBasis, "consent"),
  eq(purposes.status, "active"),
);
