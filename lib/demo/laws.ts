import "server-only";
/**
 * The demo company's readiness: controls for the obligations of the shipped catalog (most of
 * the rights handling is done, the newer duties are in progress or not started) and two internal
 * deadlines. Written through lib/laws, so each is audited like a privacy officer's change.
 */
import type { Db } from "@/db/connect";
import type { Actor } from "@/lib/audit/record";
import { addDeadline, setControl, syncLawCatalog } from "@/lib/laws";
import type { ControlInput, ObligationKey } from "@/lib/laws/schema";

export const demoControls: Partial<Record<ObligationKey, ControlInput>> = {
  privacy_notice: {
    status: "implemented",
    owner: "Legal",
    evidence: "Privacy notice v2026-05 published; reviewed every six months.",
    dueDate: null,
  },
  access: {
    status: "implemented",
    owner: "Customer service",
    evidence: "Data subject request portal; median answer time 9 days.",
    dueDate: null,
  },
  deletion: {
    status: "implemented",
    owner: "Customer service",
    evidence: "Deletion workflow across CRM, shop and email platform.",
    dueDate: null,
  },
  correction: { status: "implemented", owner: "Customer service", evidence: "", dueDate: null },
  portability: {
    status: "in_progress",
    owner: "Data engineering",
    evidence: "JSON export built; CSV export for the app pending.",
    dueDate: "2027-02-28",
  },
  opt_out_sale: {
    status: "implemented",
    owner: "Marketing operations",
    evidence: "“Do not sell or share” link in the footer and the app settings.",
    dueDate: null,
  },
  opt_out_targeted_ads: {
    status: "implemented",
    owner: "Marketing operations",
    evidence: "",
    dueDate: null,
  },
  opt_out_profiling: {
    status: "in_progress",
    owner: "Data science",
    evidence: "",
    dueDate: "2027-03-31",
  },
  sensitive_opt_in: { status: "implemented", owner: "Legal", evidence: "", dueDate: null },
  universal_opt_out: {
    status: "in_progress",
    owner: "Web team",
    evidence: "GPC honoured on the web shop; the mobile app does not read it yet.",
    dueDate: "2027-01-15",
  },
  risk_assessment: {
    status: "in_progress",
    owner: "Privacy office",
    evidence: "DPIAs done for retargeting and recommendations; analytics pending.",
    dueDate: "2027-04-30",
  },
  data_minimization: {
    status: "implemented",
    owner: "Privacy office",
    evidence: "",
    dueDate: null,
  },
  processor_contracts: {
    status: "implemented",
    owner: "Procurement",
    evidence: "DPAs signed with all 14 processors.",
    dueDate: null,
  },
  children_data: {
    status: "not_applicable",
    owner: "Legal",
    evidence: "Accounts require age 18+; no services directed to children.",
    dueDate: null,
  },
  breach_notification: { status: "implemented", owner: "Security", evidence: "", dueDate: null },
  dpo: { status: "implemented", owner: "Privacy office", evidence: "", dueDate: null },
  cross_border_transfers: { status: "not_started", owner: "Legal", evidence: "", dueDate: null },
  ai_transparency: {
    status: "not_started",
    owner: "Data science",
    evidence: "",
    dueDate: "2027-06-30",
  },
  connected_product_data: {
    status: "not_applicable",
    owner: "Product",
    evidence: "No connected products.",
    dueDate: null,
  },
};

export async function seedLaws(db: Db, actor: Actor) {
  await syncLawCatalog(db);
  for (const [key, control] of Object.entries(demoControls)) {
    await setControl(db, actor, key, control);
  }
  await addDeadline(db, actor, {
    title: "GPC signal honoured in the mobile app",
    date: "2027-01-15",
    lawId: "us-ca-ccpa",
    notes: "Ticket APP-412.",
  });
  await addDeadline(db, actor, {
    title: "DPDP consent notices translated and live",
    date: "2027-03-31",
    lawId: "in-dpdp",
    notes: "",
  });
}
