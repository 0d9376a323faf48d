-- AlterTable
ALTER TABLE "WebToken" ADD COLUMN     "draftId" TEXT;

-- CreateTable
CREATE TABLE "PlanDraft" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "officialId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "importedAt" TIMESTAMP(3),

    CONSTRAINT "PlanDraft_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PlanDraft_organizationId_createdAt_idx" ON "PlanDraft"("organizationId", "createdAt");

-- AddForeignKey
ALTER TABLE "WebToken" ADD CONSTRAINT "WebToken_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "PlanDraft"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanDraft" ADD CONSTRAINT "PlanDraft_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanDraft" ADD CONSTRAINT "PlanDraft_officialId_fkey" FOREIGN KEY ("officialId") REFERENCES "Official"("id") ON DELETE CASCADE ON UPDATE CASCADE;

