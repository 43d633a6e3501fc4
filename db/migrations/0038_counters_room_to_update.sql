-- The aggregate tables are counters that every write updates in place: a consent batch updates
-- the rollup rows of its days, regions and channels once per statement of 2,000 events, so up to
-- three times in one transaction for the API's 5,000 (an import's batch of rows that carry TC
-- strings or Consent Mode signals holds more events, and more updates than fit go to other pages
-- as before). Where a page has no room for a row's new
-- version, PostgreSQL writes it to another page and adds an entry to every index of the table;
-- with room, the update stays on the page ("HOT": no index entry), and the versions left behind
-- are pruned by later writes without waiting for a vacuum. Pages filled to a quarter hold a
-- row and three new versions of it. Rows written from now on are placed so; a table's existing
-- pages keep their rows until they are rewritten.
ALTER TABLE "consent_rollups" SET (fillfactor = 25);--> statement-breakpoint
ALTER TABLE "consent_daily" SET (fillfactor = 25);--> statement-breakpoint
ALTER TABLE "consent_totals" SET (fillfactor = 25);--> statement-breakpoint
ALTER TABLE "profile_reach" SET (fillfactor = 25);--> statement-breakpoint
ALTER TABLE "person_reach" SET (fillfactor = 25);--> statement-breakpoint
ALTER TABLE "profile_summary" SET (fillfactor = 25);--> statement-breakpoint
ALTER TABLE "profile_daily" SET (fillfactor = 25);--> statement-breakpoint
ALTER TABLE "profile_fill" SET (fillfactor = 25);--> statement-breakpoint
ALTER TABLE "profile_source_sets" SET (fillfactor = 25);--> statement-breakpoint
ALTER TABLE "person_summary" SET (fillfactor = 25);--> statement-breakpoint
ALTER TABLE "person_fill" SET (fillfactor = 25);--> statement-breakpoint
ALTER TABLE "person_sizes" SET (fillfactor = 25);--> statement-breakpoint
ALTER TABLE "identity_match" SET (fillfactor = 25);
