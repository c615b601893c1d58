-- CreateTable
CREATE TABLE "WebhookCursor" (
    "endpoint" TEXT NOT NULL,
    "deliveredSequence" INTEGER NOT NULL,
    "failingSince" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL,

    CONSTRAINT "WebhookCursor_pkey" PRIMARY KEY ("endpoint")
);

