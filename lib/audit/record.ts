import "server-only";
/**
 * Writes audit events. Always called with the transaction of the change it records, so the
 * change and its audit event commit or roll back together; for changes to what figures are made
 * of, a committed one then moves the figures' version, which has dashboards read them again
 * (lib/figures-cache).
 */
import type { Db, Tx } from "@/db/connect";
import { auditEvents, type ApiKeyScope, type Role } from "@/db/schema";
import { figuresChanged } from "@/lib/figures-cache";
import type { AuditEntityType } from "./entity-types";
import type en from "@/messages/en.json";

type ActionWords = (typeof en)["audit"]["actions"];
/**
 * The actions the log records, `<entity>.<what>`: each has its words in the message catalogs
 * (the log says "changed a purpose" in the reader's language), or this type refuses it.
 */
export type AuditActionName = {
  [G in keyof ActionWords]: `${G & string}.${keyof ActionWords[G] & string}`;
}[keyof ActionWords];

export type Actor =
  | { type: "user"; id: string; label: string; role: Role; ip?: string }
  | { type: "api_key"; id: string; label: string; scopes: ApiKeyScope[]; ip?: string }
  | { type: "system"; label: string }
  | { type: "anonymous"; label: string; ip?: string };

export type AuditInput = {
  action: AuditActionName;
  entityType: AuditEntityType;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  detail?: unknown;
  /** False for a change that stored nothing (a batch of duplicates): the figures' version stays. */
  changesFigures?: boolean;
};

export async function recordAudit(tx: Tx | Db, actor: Actor, event: AuditInput): Promise<void> {
  await tx.insert(auditEvents).values({
    actorType: actor.type,
    actorId: "id" in actor ? actor.id : null,
    actorLabel: actor.label,
    ip: "ip" in actor ? (actor.ip ?? null) : null,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId ?? null,
    before: event.before ?? null,
    after: event.after ?? null,
    detail: event.detail ?? null,
  });
  if (event.changesFigures !== false) await figuresChanged(tx, event.entityType);
}
