-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "ranking" TEXT NOT NULL DEFAULT '';

