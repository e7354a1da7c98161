/** Migrations in the order they apply; `npm run migration:generate -- <Name>` adds one. */
import { InitialIdentity1795867613517 } from './1795867613517-InitialIdentity';

export const MIGRATIONS: readonly (new () => object)[] = [InitialIdentity1795867613517];
