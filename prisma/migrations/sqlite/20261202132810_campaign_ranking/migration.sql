-- AlterTable (SQLite adds a column with a constant default in place: no need to rebuild the table)
ALTER TABLE "Campaign" ADD COLUMN "ranking" TEXT NOT NULL DEFAULT '';
