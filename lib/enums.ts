/**
 * The domain's fixed value lists, for code outside db/ (client components included: the lists
 * are plain arrays with no dependency). They are defined once, in db/enums.ts, because the
 * schema builds its enums from them and db/ imports nothing from lib/.
 */
export * from "@/db/enums";
