-- AlterTable
ALTER TABLE "Official" ADD COLUMN     "mayApprove" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "PeriodApproval" (
    "periodId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PeriodApproval_pkey" PRIMARY KEY ("periodId")
);

-- CreateTable
CREATE TABLE "ApprovalEvent" (
    "id" TEXT NOT NULL,
    "periodId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "actorId" TEXT,
    "note" TEXT,
    "indicators" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApprovalEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ApprovalEvent_periodId_createdAt_idx" ON "ApprovalEvent"("periodId", "createdAt");

-- AddForeignKey
ALTER TABLE "PeriodApproval" ADD CONSTRAINT "PeriodApproval_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "Period"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApprovalEvent" ADD CONSTRAINT "ApprovalEvent_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "Period"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApprovalEvent" ADD CONSTRAINT "ApprovalEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Official"("id") ON DELETE SET NULL ON UPDATE CASCADE;

