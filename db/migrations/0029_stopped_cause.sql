-- A stopped job's message now names the kind of failure (its `cause`), said in the reader's
-- language; one stored before gives its reason as it was, in the database's own words.
UPDATE "jobs"
SET "detail" = jsonb_set("detail", '{errorSaid,values,cause}', '"other"')
WHERE "detail" -> 'errorSaid' ->> 'key' IN (
    'stoppedRetrying', 'stoppedGaveUp', 'rescoreStoppedRetrying', 'rescoreStoppedGaveUp'
  )
  AND NOT ("detail" -> 'errorSaid' -> 'values') ? 'cause';
