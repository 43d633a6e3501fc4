import { z } from "zod";
import { apiKeyScopeEnum } from "@/db/schema";

export const apiKeyScopes = apiKeyScopeEnum.enumValues;

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, "Give the key a name").max(100, "At most 100 characters"),
  scopes: z
    .array(z.enum(apiKeyScopes))
    .min(1, "Choose at least one scope")
    .transform((s) => [...new Set(s)].sort()),
});
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;
