/** The database schema, one file per group of tables; drizzle-kit and the app read it through here. */
export * from './tables/core';
export * from './tables/artifacts';
export * from './tables/actions';
export * from './tables/github';
export * from './tables/watches';
