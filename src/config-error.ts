/** A configuration file that cannot be used; its own module so the CLI can catch it without loading the schema. */
export class ConfigError extends Error {}
