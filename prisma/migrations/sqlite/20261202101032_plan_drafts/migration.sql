-- CreateTable
CREATE TABLE "PlanDraft" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organizationId" TEXT NOT NULL,
    "officialId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "importedAt" DATETIME,
    CONSTRAINT "PlanDraft_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PlanDraft_officialId_fkey" FOREIGN KEY ("officialId") REFERENCES "Official" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_WebToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "officialId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "revokedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "draftId" TEXT,
    CONSTRAINT "WebToken_officialId_fkey" FOREIGN KEY ("officialId") REFERENCES "Official" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "WebToken_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "PlanDraft" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_WebToken" ("createdAt", "expiresAt", "id", "kind", "officialId", "purpose", "revokedAt", "tokenHash", "usedAt") SELECT "createdAt", "expiresAt", "id", "kind", "officialId", "purpose", "revokedAt", "tokenHash", "usedAt" FROM "WebToken";
DROP TABLE "WebToken";
ALTER TABLE "new_WebToken" RENAME TO "WebToken";
CREATE UNIQUE INDEX "WebToken_tokenHash_key" ON "WebToken"("tokenHash");
CREATE INDEX "WebToken_officialId_kind_purpose_idx" ON "WebToken"("officialId", "kind", "purpose");
CREATE INDEX "WebToken_expiresAt_idx" ON "WebToken"("expiresAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "PlanDraft_organizationId_createdAt_idx" ON "PlanDraft"("organizationId", "createdAt");

