import { sql } from 'drizzle-orm';
import type { Db } from '../database';

/**
 * Choosing what the trigram index looks up for a `q` search.
 *
 * A GIN trigram scan costs, for each trigram of the pattern, a walk through that trigram's list of
 * rows. Text that every attempt carries (the handler's host and path, JSON keys, standard headers)
 * makes those lists as long as the table: at a million rows, `crm.example.com/hook/4242` spends
 * ~60 ms in the index on `crm`, `example`, `com` and `hook`, and under a millisecond on `4242`. So the index is
 * asked for the pattern's rare words only, and the whole pattern is checked on the rows it returns:
 * each word of the text is a substring of it, so no match is lost.
 *
 * Which words are rare is read from the statistics ANALYZE keeps on the index's expression (a
 * sample of ~100 values, the same one the planner estimates ILIKE with), refreshed every few
 * minutes per process. Without statistics (never analyzed, as a fresh PGlite) the whole pattern
 * goes to the index, as before.
 */

/** The statistics of this index's expression, on its partitions' copies, are the sample (see `logSearchText`). */
const SEARCH_INDEX = 'execution_logs_search_trgm_idx';
/** A word found in at most this share of the sampled rows is rare enough to look up. */
const MAX_SHARE = 0.02;
/** Enough rare words to narrow the candidates; each one more is another (short) list to read. */
const MAX_WORDS = 3;
const SAMPLE_TTL_MS = 5 * 60_000;

/** What ANALYZE sampled: the most common values with their frequencies, and the histogram's values. */
interface SearchSample {
  common: { value: string; frequency: number }[];
  histogram: string[];
  /** Share of the rows the histogram stands for: neither null nor one of the common values. */
  histogramShare: number;
}

async function readSample(db: Db): Promise<SearchSample | null> {
  const [row] = await db
    .select({
      mcv: sql<string[] | null>`most_common_vals::text::text[]`,
      freqs: sql<number[] | null>`most_common_freqs::float8[]`,
      histogram: sql<string[] | null>`histogram_bounds::text::text[]`,
      nullFrac: sql<number | null>`null_frac::float8`,
    })
    .from(sql`pg_stats s join pg_class c on c.relname = s.tablename join pg_inherits i on i.inhrelid = c.oid`)
    .where(
      sql`s.schemaname = current_schema() and c.relnamespace = current_schema()::regnamespace
          and i.inhparent = ${SEARCH_INDEX}::regclass`
    )
    // The log is partitioned by day, and PostgreSQL keeps these statistics per partition's copy of the index (none
    // for the partitioned index itself): the sample of the biggest day stands for the rest.
    .orderBy(sql`c.reltuples desc`)
    .limit(1);
  if (!row) return null;
  const mcv = row.mcv ?? [];
  const freqs = row.freqs ?? [];
  const common = mcv.map((value, i) => ({ value: value.toLowerCase(), frequency: Number(freqs[i] ?? 0) }));
  const histogram = (row.histogram ?? []).map((v) => v.toLowerCase());
  if (common.length === 0 && histogram.length === 0) return null;
  const commonShare = common.reduce((sum, c) => sum + c.frequency, 0);
  return { common, histogram, histogramShare: Math.max(0, 1 - Number(row.nullFrac ?? 0) - commonShare) };
}

const samples = new WeakMap<Db, { at: number; sample: Promise<SearchSample | null> }>();

function cachedSample(db: Db): Promise<SearchSample | null> {
  const cached = samples.get(db);
  if (cached && Date.now() - cached.at < SAMPLE_TTL_MS) return cached.sample;
  // Statistics are an optimisation: if they cannot be read, search the way that needs none.
  const sample = readSample(db).catch(() => null);
  samples.set(db, { at: Date.now(), sample });
  return sample;
}

/** Estimated share of the rows whose search text contains `word` (lower case). */
function shareOf(sample: SearchSample, word: string): number {
  let share = 0;
  for (const c of sample.common) if (c.value.includes(word)) share += c.frequency;
  if (sample.histogram.length > 0) {
    const hits = sample.histogram.filter((v) => v.includes(word)).length;
    share += (sample.histogramShare * hits) / sample.histogram.length;
  }
  return share;
}

/**
 * The rare words of `text` to look up in the trigram index, rarest first, or none when the whole
 * text should go to the index. Words are runs of three or more letters or digits: trigrams are
 * made of those.
 */
function rareWords(sample: SearchSample | null, text: string): string[] {
  if (!sample) return [];
  const words = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [])];
  return words
    .map((word) => ({ word, share: shareOf(sample, word) }))
    .filter((w) => w.share <= MAX_SHARE)
    .sort((a, b) => a.share - b.share || b.word.length - a.word.length)
    .slice(0, MAX_WORDS)
    .map((w) => w.word);
}

/** Reads the statistics again on the next search (after an ANALYZE that should count at once). */
export function forgetSearchSample(db: Db): void {
  samples.delete(db);
}

export async function rareSearchWords(db: Db, text: string): Promise<string[]> {
  return rareWords(await cachedSample(db), text);
}
