-- CreateTable
CREATE TABLE "RateLimit" (
    "key" TEXT NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" DOUBLE PRECISION,

    CONSTRAINT "RateLimit_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "SendWindow" (
    "scope" TEXT NOT NULL,
    "pausedUntil" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "grants" TEXT NOT NULL DEFAULT '[]',

    CONSTRAINT "SendWindow_pkey" PRIMARY KEY ("scope")
);

