/** specweave's version, as `--version` prints it and generated files name their generator. */
export const VERSION = '0.1.0';
export const GENERATOR = `specweave ${VERSION}`;
