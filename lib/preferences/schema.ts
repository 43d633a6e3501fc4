/**
 * The preference center's schemas: a request for a link (the API and the OpenAPI document
 * validate with it) and the page's settings (the admin form and its server action).
 */
import { z } from "zod";
import { storedText } from "@/lib/stored-text";
import { defaultLocale, isLocale, type Locale } from "@/i18n/config";
import { subjectIdSchema } from "@/lib/consent/schema";

/** How long a link works unless the request asks for less. */
export const DEFAULT_LINK_DAYS = 30;
export const MAX_LINK_DAYS = 365;

export const createPreferenceLinkSchema = z
  .object({
    subjectId: subjectIdSchema,
    locale: z
      .string()
      .regex(/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$/, "validation.localeTag")
      // A language tag as the customer's records hold it ("de-AT"): its language, where the page
      // has it, else English.
      .transform((tag): Locale => {
        const language = tag.split(/[-_]/)[0]!.toLowerCase();
        return isLocale(language) ? language : defaultLocale;
      })
      .optional()
      .meta({
        description:
          "The page's language, as a language tag (de, de-AT, en-GB); a language the page does not have gets English",
      }),
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

/** Relative luminance of a #rrggbb colour (WCAG 2.x). */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** Contrast of white text on the colour: the page's button and links must stay readable. */
export function contrastWithWhite(hex: string): number {
  return 1.05 / (luminance(hex) + 0.05);
}

/** A logo as the admin uploads it: a small PNG, JPEG, WebP or SVG image kept as a data URL. */
export const MAX_LOGO_BYTES = 100_000;
const LOGO = /^data:image\/(png|jpeg|webp|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$/;

/**
 * A host name as it may stand in `frame-ancestors`: labels of letters, digits and hyphens (an
 * international name arrives as punycode). Not a wildcard, which would let every site frame the
 * page, nor anything else the URL parser lets through into a host (";" would start a directive).
 */
const HOST_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

/**
 * An origin allowed to show the page in a frame: https (or http on localhost), a host name and
 * perhaps a port, nothing after it; kept as the browser states origins.
 */
const embedOrigin = z
  .string()
  .trim()
  .transform((value, ctx) => {
    try {
      const url = new URL(value);
      const local = url.hostname === "localhost" || url.hostname === "127.0.0.1";
      if (
        (url.protocol === "https:" || (url.protocol === "http:" && local)) &&
        HOST_NAME.test(url.hostname) &&
        !url.username &&
        !url.password &&
        url.pathname === "/" &&
        !url.search &&
        !url.hash &&
        // Nothing the parser dropped silently ("https://shop.example.com/?" or "…#").
        /^[^?#]*$/.test(value)
      )
        return url.origin;
    } catch {
      // fall through to the issue
    }
    ctx.addIssue({ code: "custom", message: "validation.embedOrigin" });
    return z.NEVER;
  });

/** The page's look and words, set by an admin at /admin/preference-center. */
export const preferenceCenterSettingsSchema = z
  .object({
    companyName: storedText(100).default(""),
    introEn: storedText(1000).default(""),
    introDe: storedText(1000).default(""),
    accentColor: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, "validation.colorFormat")
      .refine((c) => contrastWithWhite(c) >= 4.5, "validation.colorContrast")
      .default("#1d4ed8"),
    logo: z
      .string()
      .max(Math.ceil((MAX_LOGO_BYTES * 4) / 3) + 40, "validation.logoTooLarge")
      .regex(LOGO, "validation.logoFormat")
      .nullable()
      .default(null),
    embedOrigins: z.array(embedOrigin).max(20, "validation.tooMany").default([]),
  })
  .strict();
export type PreferenceCenterSettings = z.output<typeof preferenceCenterSettingsSchema>;
