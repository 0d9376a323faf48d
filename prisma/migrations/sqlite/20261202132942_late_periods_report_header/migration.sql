-- AlterTable
ALTER TABLE "Organization" ADD COLUMN "place" TEXT;
ALTER TABLE "Organization" ADD COLUMN "reportSymbol" TEXT;
ALTER TABLE "Organization" ADD COLUMN "superior" TEXT;

-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN "reportingStart" TEXT;

-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN "assignedAt" DATETIME;

