/**
 * The law catalog in the database, one file per idea: the shipped catalog kept in sync
 * (catalog-sync), the laws as the pages and the API show them (views), the company's controls
 * per obligation (controls), its own laws (custom-laws) and internal deadlines (deadlines), what
 * the configuration proves (evidence) and which customers the laws cover (coverage). Every
 * change is one transaction with its audit event.
 */
export * from "./catalog-sync";
export * from "./views";
export * from "./controls";
export * from "./custom-laws";
export * from "./deadlines";
export * from "./evidence";
export * from "./coverage";
