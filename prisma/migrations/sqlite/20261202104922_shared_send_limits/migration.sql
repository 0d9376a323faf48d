-- CreateTable
CREATE TABLE "RateLimit" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" REAL
);

-- CreateTable
CREATE TABLE "SendWindow" (
    "scope" TEXT NOT NULL PRIMARY KEY,
    "pausedUntil" REAL NOT NULL DEFAULT 0,
    "grants" TEXT NOT NULL DEFAULT '[]'
);

