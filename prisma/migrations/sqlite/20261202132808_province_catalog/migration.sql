-- Written by hand, not Prisma's table redefinition: inside the migration's transaction
-- `PRAGMA foreign_keys=OFF` does nothing, and DROP TABLE "Organization" would then cascade into every
-- unit, official and campaign. SQLite adds a nullable column with a REFERENCES clause in place.
-- AlterTable
ALTER TABLE "Organization" ADD COLUMN "level" TEXT NOT NULL DEFAULT 'commune';
ALTER TABLE "Organization" ADD COLUMN "parentId" TEXT REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "Indicator" ADD COLUMN "catalogCode" TEXT;

-- CreateIndex
CREATE INDEX "Organization_parentId_idx" ON "Organization"("parentId");

-- CreateIndex
CREATE INDEX "Indicator_catalogCode_idx" ON "Indicator"("catalogCode");
