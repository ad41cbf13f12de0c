import { type EntityManager } from '@mikro-orm/postgresql';

/** Where the collation `norwegian` (migration Migration20261202050000) takes its order from. */
export type NorwegianCollationSource = 'icu' | 'libc' | 'bytes';

/**
 * `bytes` when the server had neither ICU nor a Norwegian C-library locale when migrated: titles
 * and names then sort in byte order (Å before Æ), which the operator should be told about.
 */
export async function norwegianCollationSource(
  em: EntityManager,
): Promise<NorwegianCollationSource> {
  const rows = await em.getConnection().execute<{ provider: string; locale: string | null }[]>(
    `select collprovider as provider, coalesce(colllocale, collcollate) as locale
       from pg_collation where collname = 'norwegian'`,
  );
  const row = rows[0];
  if (row?.provider === 'i') return 'icu';
  if (row && row.locale !== 'C' && row.locale !== 'POSIX') return 'libc';
  return 'bytes';
}
