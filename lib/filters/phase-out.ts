/** The phase-out simulator's one parameter, for GET /api/v1/metrics/phase-out and /sources. */
import type { FilterDefinition, FilterValues } from "./core";
import { parseAsKeyList } from "./parsers";
import { filterSaid } from "./said";

const parsers = { retire: parseAsKeyList };

export const phaseOutFilter: FilterDefinition<typeof parsers> = {
  parsers,
  messages: {
    retire: filterSaid("retireKeys", { max: 100 }),
  },
};

export type PhaseOutFilter = FilterValues<typeof parsers>;
