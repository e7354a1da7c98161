/** Migrations in the order they apply; `npm run migration:generate -- <Name>` adds one. */
export const MIGRATIONS: readonly (new () => object)[] = [];
