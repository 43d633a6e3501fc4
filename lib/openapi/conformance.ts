/**
 * Type-level checks, no code: every documented response schema must accept what its route
 * answers. Each line asks the type checker whether the domain function's result, as JSON (dates
 * become strings), is assignable to the schema's output; `tsc` (part of `npm test`) fails on the
 * line whose route and document have drifted apart — a field renamed, retyped or made nullable.
 */
import type { z } from "zod";
import type { ApiKeyListItem, ApiKeySummary } from "@/lib/api-keys";
import type { SubjectConsents } from "@/lib/consent/history";
import type { LawView } from "@/lib/laws/views";
import type { ConsentMetrics } from "@/lib/metrics/consent";
import type { OverviewMetrics } from "@/lib/metrics/overview";
import type { ProfileMetrics } from "@/lib/metrics/profiles";
import type { SourceMetrics } from "@/lib/metrics/sources";
import type { JobView } from "@/lib/profiles/model";
import type { CompletenessModel } from "@/lib/profiles/schema";
import type { Purpose, PurposeVersion } from "@/lib/purposes";
import type { DataSource } from "@/lib/sources";
import type { getCoverage } from "@/lib/laws/coverage";
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
  Conforms<ConsentMetrics, typeof R.consentMetricsResponse>,
  Conforms<ProfileMetrics, typeof R.profileMetricsResponse>,
  Conforms<SourceMetrics, typeof R.sourceMetricsResponse>,
  Conforms<OverviewMetrics, typeof R.overviewMetricsResponse>,
  Conforms<
    { asOf: string; laws: LawView[]; coverage: Awaited<ReturnType<typeof getCoverage>> },
    typeof R.lawListResponse
  >,
  Conforms<SubjectConsents, typeof R.subjectConsentsResponse>,
  Conforms<{ model: CompletenessModel; job: JobView | null }, typeof R.profileModelResponse>,
];
