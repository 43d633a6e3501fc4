/**
 * The sweeper's scheduling, with each kind of job replaced by one the test finishes when it
 * chooses (a real import long enough to overlap two sweeps would take minutes): a kind still
 * running is not started again, and the other kinds do not wait for it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const runs = vi.hoisted(() => ({
  imports: [] as (() => void)[],
  rescoring: 0,
  abandoned: 0,
  uploads: 0,
  statistics: 0,
  failRescoring: undefined as Error | undefined,
}));

vi.mock("@/lib/database", () => ({ getDb: async () => ({}) }));
vi.mock("@/lib/jobs", () => ({
  failAbandonedJobs: async () => {
    runs.abandoned++;
  },
}));
vi.mock("@/lib/imports/jobs", () => ({
  clearAbandonedUploads: async () => {
    runs.uploads++;
  },
  resumeImportJobs: () => new Promise<void>((resolve) => runs.imports.push(resolve)),
}));
vi.mock("@/lib/statistics", () => ({
  analyzeGrownTables: async () => {
    runs.statistics++;
  },
}));
vi.mock("@/lib/profiles/model", () => ({
  resumeRescoreJobs: async () => {
    runs.rescoring++;
    if (runs.failRescoring) throw runs.failRescoring;
  },
}));

const { sweepJobs } = await import("./job-sweeper");

beforeEach(() => {
  runs.imports = [];
  runs.rescoring = 0;
  runs.abandoned = 0;
  runs.uploads = 0;
  runs.statistics = 0;
  runs.failRescoring = undefined;
});
afterEach(() => vi.restoreAllMocks());

describe("the job sweeper", () => {
  it("leaves a kind still running to its sweep and runs the other kinds meanwhile", async () => {
    const first = sweepJobs();
    await vi.waitFor(() => expect(runs.imports).toHaveLength(1));
    // A long import holds the first sweep open; the next sweeps run rescoring, the checks for
    // abandoned jobs and uploads and the tables' statistics, and finish without starting a
    // second import beside the first.
    await sweepJobs();
    await sweepJobs();
    expect(runs.imports).toHaveLength(1);
    expect(runs.rescoring).toBe(3);
    expect(runs.abandoned).toBe(3);
    expect(runs.uploads).toBe(3);
    expect(runs.statistics).toBe(3);

    runs.imports[0]!();
    await first;
    // Once it is done, the next sweep takes imports up again.
    const next = sweepJobs();
    await vi.waitFor(() => expect(runs.imports).toHaveLength(2));
    runs.imports[1]!();
    await next;
  });

  it("keeps sweeping a kind whose run failed, and says which kind failed", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    runs.failRescoring = new Error("rescoring broke");
    const sweep = sweepJobs();
    await vi.waitFor(() => expect(runs.imports).toHaveLength(1));
    runs.imports[0]!();
    await sweep;
    expect(logged).toHaveBeenCalledWith(
      "Background jobs (rescoring) could not run:",
      runs.failRescoring,
    );
    runs.failRescoring = undefined;
    const again = sweepJobs();
    await vi.waitFor(() => expect(runs.imports).toHaveLength(2));
    runs.imports[1]!();
    await again;
    expect(runs.rescoring).toBe(2);
  });
});
