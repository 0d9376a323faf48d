-- CreateTable
CREATE TABLE "WebToken" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "officialId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "WebToken_tokenHash_key" ON "WebToken"("tokenHash");

-- CreateIndex
CREATE INDEX "WebToken_officialId_kind_purpose_idx" ON "WebToken"("officialId", "kind", "purpose");

-- CreateIndex
CREATE INDEX "WebToken_expiresAt_idx" ON "WebToken"("expiresAt");

-- AddForeignKey
ALTER TABLE "WebToken" ADD CONSTRAINT "WebToken_officialId_fkey" FOREIGN KEY ("officialId") REFERENCES "Official"("id") ON DELETE CASCADE ON UPDATE CASCADE;

