-- CreateTable
CREATE TABLE "WebToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "officialId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "revokedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WebToken_officialId_fkey" FOREIGN KEY ("officialId") REFERENCES "Official" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "WebToken_tokenHash_key" ON "WebToken"("tokenHash");

-- CreateIndex
CREATE INDEX "WebToken_officialId_kind_purpose_idx" ON "WebToken"("officialId", "kind", "purpose");

-- CreateIndex
CREATE INDEX "WebToken_expiresAt_idx" ON "WebToken"("expiresAt");

