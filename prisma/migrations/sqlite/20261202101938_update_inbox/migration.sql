-- CreateTable
CREATE TABLE "InboxUpdate" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "channel" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" DATETIME NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "handledAt" DATETIME
);

-- CreateIndex
CREATE INDEX "InboxUpdate_status_lockedUntil_idx" ON "InboxUpdate"("status", "lockedUntil");

-- CreateIndex
CREATE INDEX "InboxUpdate_receivedAt_idx" ON "InboxUpdate"("receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "InboxUpdate_channel_key_key" ON "InboxUpdate"("channel", "key");

