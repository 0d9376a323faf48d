-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OutboxMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "officialId" TEXT,
    "channel" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedBy" TEXT,
    "lockedUntil" DATETIME,
    "sentAt" DATETIME,
    "lastError" TEXT,
    "expiresAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OutboxMessage_officialId_fkey" FOREIGN KEY ("officialId") REFERENCES "Official" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_OutboxMessage" ("attempts", "channel", "chatId", "createdAt", "id", "key", "lastError", "locale", "lockedBy", "lockedUntil", "nextAttemptAt", "officialId", "payload", "sentAt", "status") SELECT "attempts", "channel", "chatId", "createdAt", "id", "key", "lastError", "locale", "lockedBy", "lockedUntil", "nextAttemptAt", "officialId", "payload", "sentAt", "status" FROM "OutboxMessage";
DROP TABLE "OutboxMessage";
ALTER TABLE "new_OutboxMessage" RENAME TO "OutboxMessage";
CREATE UNIQUE INDEX "OutboxMessage_key_key" ON "OutboxMessage"("key");
CREATE INDEX "OutboxMessage_status_nextAttemptAt_idx" ON "OutboxMessage"("status", "nextAttemptAt");
CREATE INDEX "OutboxMessage_officialId_idx" ON "OutboxMessage"("officialId");
CREATE INDEX "OutboxMessage_channel_chatId_status_idx" ON "OutboxMessage"("channel", "chatId", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

