-- CreateEnum
CREATE TYPE "ChangeType" AS ENUM ('ARTICLE_CREATED', 'ARTICLE_UPDATED', 'ARTICLE_DELETED');

-- CreateTable
CREATE TABLE "Change" (
    "sequence" SERIAL NOT NULL,
    "type" "ChangeType" NOT NULL,
    "articleId" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Change_pkey" PRIMARY KEY ("sequence")
);

