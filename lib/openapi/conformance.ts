/**
 * Type-level checks, no code: every documented response schema must accept what its route
 * answers. (The consent and profile figures, a customer's consent history and a rescoring job
 * are typed by their response schemas directly, so they need no check here.) Each line asks the type checker whether the domain function's result, as JSON (dates
 * become strings), is assignable to the schema's output; `tsc` (part of `npm test`) fails on the
 * line whose route and document have drifted apart — a field renamed, retyped or made nullable.
 */
import type { z } from "zod";
import type { ApiKeyListItem, ApiKeySummary } from "@/lib/api-keys";
import type { OverviewMetrics } from "@/lib/metrics/overview";
import type { SourceMetrics } from "@/lib/metrics/sources";
import type { PhaseOut } from "@/lib/metrics/phase-out";
import type { CompletenessModel } from "@/lib/profiles/schema";
import type { Purpose, PurposeVersion } from "@/lib/purposes";
import type { DataSource } from "@/lib/sources";
import type { lawList } from "@/lib/laws/coverage";
import type * as R from "./responses";

/** What `Response.json(value)` sends: dates as ISO strings, everything else as it is. */
type Json<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

/** Compiles only when `Answer` fits `Schema`'s output. */
type Conforms<Answer extends z.output<Schema>, Schema extends z.ZodType> = [Answer, Schema];

export type Checks = [
  Conforms<Json<Purpose>, typeof R.purposeResponse>,
  Conforms<{ purposes: Json<Purpose>[] }, typeof R.purposeListResponse>,
  Conforms<{ key: string; versions: Json<PurposeVersion>[] }, typeof R.purposeVersionsResponse>,
  Conforms<Json<DataSource>, typeof R.sourceResponse>,
  Conforms<{ sources: Json<DataSource>[] }, typeof R.sourceListResponse>,
  Conforms<Json<ApiKeySummary>, typeof R.apiKeyResponse>,
  Conforms<{ apiKeys: Json<ApiKeyListItem>[] }, typeof R.apiKeyListResponse>,
  Conforms<{ apiKey: Json<ApiKeySummary> }, typeof R.revokedApiKeyResponse>,
  Conforms<SourceMetrics, typeof R.sourceMetricsResponse>,
  Conforms<PhaseOut, typeof R.phaseOutResponse>,
  Conforms<OverviewMetrics, typeof R.overviewMetricsResponse>,
  Conforms<Awaited<ReturnType<typeof lawList>>, typeof R.lawListResponse>,
  Conforms<{ model: CompletenessModel; job: null }, typeof R.profileModelResponse>,
];
