-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "level" TEXT NOT NULL DEFAULT 'commune',
ADD COLUMN     "parentId" TEXT;

-- AlterTable
ALTER TABLE "Indicator" ADD COLUMN     "catalogCode" TEXT;

-- CreateIndex
CREATE INDEX "Organization_parentId_idx" ON "Organization"("parentId");

-- CreateIndex
CREATE INDEX "Indicator_catalogCode_idx" ON "Indicator"("catalogCode");

-- AddForeignKey
ALTER TABLE "Organization" ADD CONSTRAINT "Organization_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

