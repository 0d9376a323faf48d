-- CreateTable
CREATE TABLE "InboxUpdate" (
    "id" SERIAL NOT NULL,
    "channel" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "handledAt" TIMESTAMP(3),

    CONSTRAINT "InboxUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "InboxUpdate_status_lockedUntil_idx" ON "InboxUpdate"("status", "lockedUntil");

-- CreateIndex
CREATE INDEX "InboxUpdate_receivedAt_idx" ON "InboxUpdate"("receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "InboxUpdate_channel_key_key" ON "InboxUpdate"("channel", "key");

