/** Every TypeORM entity of the server; a new entity is listed here and gets a migration. */
export const ENTITIES: readonly (new (...args: never[]) => object)[] = [];
