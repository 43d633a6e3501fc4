/** The phase-out simulator's one parameter, for GET /api/v1/metrics/phase-out and /sources. */
import type { FilterDefinition, FilterValues } from "./core";
import { parseAsKeyList } from "./parsers";

const parsers = { retire: parseAsKeyList };

export const phaseOutFilter: FilterDefinition<typeof parsers> = {
  parsers,
  messages: {
    retire:
      "retire is a comma-separated list of at most 100 source keys (every third-party source still active when left out)",
  },
};

export type PhaseOutFilter = FilterValues<typeof parsers>;
