/** The standard's rules as pure functions over plain data: no Nest, no TypeORM, no I/O. */
export * from './org-units';
export * from './roles';
export * from './procedures';
