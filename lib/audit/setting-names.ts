import "server-only";
import { MATCHING_SETTING } from "@/lib/identity/config";
import { PREFERENCE_SETTING } from "@/lib/preferences/settings";
import { MODEL_SETTING } from "@/lib/profiles/current-model";
import { SEGMENT_SETTING } from "@/lib/segment/config";
import { TARGET_KEY } from "@/lib/sources";

/**
 * The settings an admin edits, each with its name in the catalogs (`audit.settings`) and where
 * it is edited: the log names a setting as its page does, not by its stored key.
 */
export const auditedSettings: Record<string, { name: string; href: string }> = {
  [TARGET_KEY]: { name: "phaseOutTarget", href: "/admin/sources#target-title" },
  [MATCHING_SETTING]: { name: "identityMatching", href: "/admin/profiles#matching-title" },
  [MODEL_SETTING]: { name: "completenessModel", href: "/admin/profiles#model-title" },
  [PREFERENCE_SETTING]: { name: "preferenceCenter", href: "/admin/preference-center" },
  [SEGMENT_SETTING]: { name: "segmentMapping", href: "/admin/imports#segment-title" },
};
