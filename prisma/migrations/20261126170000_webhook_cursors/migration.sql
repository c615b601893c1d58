-- CreateTable
CREATE TABLE "WebhookCursor" (
    "endpoint" TEXT NOT NULL PRIMARY KEY,
    "deliveredSequence" INTEGER NOT NULL,
    "failingSince" DATETIME,
    "attempts" INTEGER NOT NULL
);

