/** The customer search on /consent/subjects: what the privacy officer typed. */
import type { FilterDefinition, FilterValues } from "./core";
import { parseAsText } from "./parsers";

const parsers = {
  /** An e-mail address, a phone number, any identifier or a subject id. */
  q: parseAsText(200),
  /** The consent dashboard's earlier lookup form sent the subject id under this name. */
  subjectId: parseAsText(200),
};

export const subjectSearchFilter: FilterDefinition<typeof parsers> = { parsers };

export type SubjectSearchFilter = FilterValues<typeof parsers>;
