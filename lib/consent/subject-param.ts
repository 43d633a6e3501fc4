/**
 * A subject id from a page's route parameter. Page params arrive still percent-encoded (route
 * handlers get them decoded); an id that is not valid percent-encoding is taken as it is rather
 * than failing the page.
 */
export function subjectIdOf(params: { subjectId: string }): string {
  try {
    return decodeURIComponent(params.subjectId);
  } catch {
    return params.subjectId;
  }
}
