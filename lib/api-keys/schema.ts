import { z } from "zod";
import { apiKeyScopeEnum } from "@/db/schema";

export const apiKeyScopes = apiKeyScopeEnum.enumValues;

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, "validation.apiKeyNameRequired").max(100, "validation.tooLong"),
  scopes: z
    .array(z.enum(apiKeyScopes))
    .min(1, "validation.scopesRequired")
    .transform((s) => [...new Set(s)].sort()),
});
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;
