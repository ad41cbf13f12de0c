/**
 * Imported first: the process runs as a production server does. graphql-js reads NODE_ENV when it
 * is loaded and skips its development-only checks (e.g. the cross-realm `instanceOf` test on every
 * value) only in production.
 */
process.env.NODE_ENV = 'production';
