/**
 * A message of a catalog kept as its key with its values, to be said later in the reader's
 * language (`said` for the imports, `filterSaid` for filters). `V` gives each key's values, as
 * the message's placeholders type them (undefined: it names none), so a key is never stored with
 * values its message does not take. Types and a plain function only: safe in the browser.
 */

/** A message of the catalog `V` with the values it names: each key with its own. */
export type CatalogSaid<V> = {
  [K in keyof V]: undefined extends V[K]
    ? { key: K; values?: undefined }
    : { key: K; values: V[K] };
}[keyof V];

/** The maker of `V`'s messages: a key and, where its message names any, its values. */
export const saidOf =
  <V>() =>
  <K extends keyof V>(key: K, ...values: undefined extends V[K] ? [] : [V[K]]): CatalogSaid<V> =>
    (values[0] ? { key, values: values[0] } : { key }) as unknown as CatalogSaid<V>;
