-- A rescoring job that failed before this release kept the driver's whole error, which quotes the
-- failed statement and its parameters: customers' ids and attribute values, shown to every role
-- that reads the completeness model. Its reason is replaced; the job's state is kept.
UPDATE "jobs"
SET "error" = 'Rescoring stopped; its reason quoted customers'' data and was removed'
WHERE "kind" = 'profiles.rescore' AND "error" LIKE 'Failed query:%';
