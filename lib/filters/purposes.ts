/**
 * The purpose catalog's filter on GET /api/v1/purposes, with the dashboards' rules: an unknown or
 * repeated parameter is refused by name, an empty one is no filter.
 */
import { functionalAreaValues, legalBasisValues, purposeStatusValues } from "@/lib/enums";
import type { FilterDefinition, FilterValues } from "./core";
import { oneOf, parseAsText } from "./parsers";

const parsers = {
  functionalArea: oneOf(functionalAreaValues),
  legalBasis: oneOf(legalBasisValues),
  status: oneOf(purposeStatusValues),
  /** Words in the key, name or customer-facing title. */
  q: parseAsText(100),
};

export const purposeFilter: FilterDefinition<typeof parsers> = { parsers };

export type PurposeQuery = FilterValues<typeof parsers>;
