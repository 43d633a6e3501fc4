-- A consent write takes the locks of its customers and of every other profile of their persons,
-- then reads the persons' members again under the locks (an identity merge may have joined
-- another customer meanwhile) and locks any newcomer. Both in one round trip: the locks are
-- held until the transaction ends, and every round trip made while they are held is one more
-- wait for the other writers of the same customers (under load, a round trip waits for a server
-- busy with other requests). A VOLATILE function's every query takes a snapshot of its own, so
-- the members are read once the locks are granted, as a statement of their own would read them.
-- The locks are taken in ascending order of bucket, as lib/subject-lock.ts takes them.
CREATE OR REPLACE FUNCTION firstparty_lock_subjects_then_members(
  lock_space integer, buckets integer[], subject_ids text[]
) RETURNS SETOF text
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(lock_space, b) FROM unnest(buckets) AS b ORDER BY b;
  RETURN QUERY
    SELECT m.subject_id FROM profiles m
    WHERE m.person_id IN (SELECT p.person_id FROM profiles p WHERE p.subject_id = ANY (subject_ids));
END;
$$;
