-- CreateTable
CREATE TABLE "Change" (
    "sequence" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "type" TEXT NOT NULL,
    "articleId" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

