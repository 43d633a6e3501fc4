-- New databases match profiles on user_id as well (a Segment visitor's consent joins the
-- customer who signs in). A database that already holds profiles keeps matching as it did,
-- stored now so that nobody's persons change without an admin's choice and its audit event: the
-- admin adds the type on /admin/profiles, which forms every person again.
INSERT INTO "settings" ("key", "value")
SELECT 'identity.matching', '{"types":["email","loyalty_id","phone"],"maxProfiles":5}'::jsonb
WHERE EXISTS (SELECT 1 FROM "profiles")
ON CONFLICT ("key") DO NOTHING;
