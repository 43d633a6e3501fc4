/** Start-up: check the environment, open and migrate the database, seed the embedded demo. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startFirstparty } = await import("./lib/startup");
  await startFirstparty();
}
