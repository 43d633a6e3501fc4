import { z } from "zod";
import { apiKeyScopeEnum } from "@/db/schema";

export const apiKeyScopes = apiKeyScopeEnum.enumValues;

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, "validation.apiKeyNameRequired").max(100, "validation.tooLong"),
  scopes: z
    .array(z.enum(apiKeyScopes))
    .min(1, "validation.scopesRequired")
    .transform((s) => [...new Set(s)].sort()),
  /** Optional: the key stops working at this moment (an ISO timestamp in the future). */
  expiresAt: z.iso
    .datetime({ offset: true, message: "validation.apiKeyExpiry" })
    .transform((v) => new Date(v))
    .optional(),
});
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;
