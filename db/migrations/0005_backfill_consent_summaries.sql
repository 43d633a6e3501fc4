-- consent_totals and consent_daily are sums of consent_rollups. Databases that stored consent
-- events before those tables existed got them empty; recompute both from the rollups (always
-- correct, since the rollups are the source they are derived from).
DELETE FROM consent_totals WHERE true;
--> statement-breakpoint
INSERT INTO consent_totals (purpose_id, region, channel, decided, granted)
SELECT purpose_id, region, channel, sum(decided), sum(granted)
FROM consent_rollups GROUP BY purpose_id, region, channel;
--> statement-breakpoint
DELETE FROM consent_daily WHERE true;
--> statement-breakpoint
INSERT INTO consent_daily (purpose_id, day, decided, granted, grants, denies, withdrawals, gpc_events)
SELECT purpose_id, day, sum(decided), sum(granted), sum(grants), sum(denies), sum(withdrawals), sum(gpc_events)
FROM consent_rollups GROUP BY purpose_id, day;
