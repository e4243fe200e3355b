-- AlterTable
ALTER TABLE "incident_notices" ADD COLUMN     "countries" TEXT[] DEFAULT ARRAY[]::TEXT[];

