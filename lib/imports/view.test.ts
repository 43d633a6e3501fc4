import { describe, expect, it } from "vitest";
import { importPace, type ImportView } from "./view";

const running = (over: Partial<ImportView>): ImportView => ({
  id: "i",
  status: "running",
  kind: "consent",
  format: "csv",
  fileName: "f.csv",
  source: "",
  encoding: "utf-8",
  delimiter: ",",
  header: [],
  mapping: null,
  bytes: 1_000_000,
  bytesDone: 0,
  rows: 0,
  accepted: 0,
  duplicates: 0,
  rejected: 0,
  createdBy: null,
  createdAt: "2026-12-01T10:00:00Z",
  startedAt: "2026-12-01T10:00:00Z",
  runFrom: null,
  finishedAt: null,
  heartbeatAt: null,
  error: null,
  errorSaid: null,
  retrying: false,
  ...over,
});

describe("importPace", () => {
  it("measures rows a second and the time left from the start to the runner's last progress", () => {
    const pace = importPace(
      running({ bytesDone: 250_000, rows: 50_000, heartbeatAt: "2026-12-01T10:00:10Z" }),
    );
    expect(pace).toEqual({ rate: 5_000, left: 30 });
  });

  it("after a restart, measures the run at work only: not the downtime, nor the rows before it", () => {
    // Half the file in 100 s, then the instance was down for ten minutes; the new runner took
    // the import up at 10:11:40 and has done 100,000 rows (a fifth of the file) in 10 s since.
    const pace = importPace(
      running({
        bytesDone: 700_000,
        rows: 350_000,
        runFrom: { at: "2026-12-01T10:11:40Z", rows: 250_000, bytes: 500_000 },
        heartbeatAt: "2026-12-01T10:11:50Z",
      }),
    );
    expect(pace).toEqual({ rate: 10_000, left: 15 });
  });

  it("says nothing before the runner wrote progress, and no time left once done", () => {
    expect(importPace(running({}))).toEqual({});
    expect(
      importPace(
        running({
          status: "done",
          bytesDone: 1_000_000,
          rows: 100,
          finishedAt: "2026-12-01T10:00:01Z",
        }),
      ),
    ).toEqual({ rate: 100, left: undefined });
  });
});
