-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "place" TEXT,
ADD COLUMN     "reportSymbol" TEXT,
ADD COLUMN     "superior" TEXT;

-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "reportingStart" TEXT;

-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "assignedAt" TIMESTAMP(3);

