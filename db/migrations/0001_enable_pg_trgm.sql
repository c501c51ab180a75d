-- Custom SQL migration file, put your code below! --
-- Trigram indexes back the `q` text search over execution logs (substring ILIKE, index-assisted).
-- pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it. PGlite loads it too.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
