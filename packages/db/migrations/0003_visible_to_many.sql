-- A stored message may now be visible to several clients (a server's message to chosen
-- subscribers of a service conversation), not only to the one subscriber who sent it.
ALTER TABLE "messages" ALTER COLUMN "visible_to" SET DATA TYPE text[] COLLATE "C" USING (CASE WHEN "visible_to" IS NULL THEN NULL ELSE ARRAY["visible_to"] END);
