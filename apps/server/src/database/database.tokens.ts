/** The URL of the server's (already migrated) database, provided by the bootstrap. */
export const DATABASE_URL = Symbol('DATABASE_URL');
