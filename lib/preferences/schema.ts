/** What a request for a preference link may say (the API validates with it; so does the document). */
import { z } from "zod";
import { locales } from "@/i18n/config";
import { subjectIdSchema } from "@/lib/consent/schema";

/** How long a link works unless the request asks for less. */
export const DEFAULT_LINK_DAYS = 30;
export const MAX_LINK_DAYS = 365;

export const createPreferenceLinkSchema = z
  .object({
    subjectId: subjectIdSchema,
    locale: z.enum(locales).optional().meta({ description: "The page's language" }),
    expiresInDays: z
      .number()
      .int()
      .min(1)
      .max(MAX_LINK_DAYS)
      .default(DEFAULT_LINK_DAYS)
      .meta({ description: "How long the link works" }),
  })
  .strict();
export type CreatePreferenceLinkInput = z.input<typeof createPreferenceLinkSchema>;
