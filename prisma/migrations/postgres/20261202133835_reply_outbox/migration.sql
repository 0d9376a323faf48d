-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "expiresAt" TIMESTAMP(3),
ALTER COLUMN "officialId" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "OutboxMessage_channel_chatId_status_idx" ON "OutboxMessage"("channel", "chatId", "status");

