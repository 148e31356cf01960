// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/** The REST runtime's data and option types: the plain data generated operations describe themselves with, and the options calls accept. */
export {};
