/** Types of shutdown.mjs (plain JavaScript, because server.mjs runs it untranspiled). */
export function stopping(): boolean;
export function onShutdown(
  hook: () => Promise<unknown>,
  phase?: "work" | "database",
): () => boolean;
export function shutDown(
  idle: Promise<unknown>,
  times: { workMs: number; databaseMs: number },
): Promise<void>;
export function resetShutdown(): void;
