/** The honest placeholder of a capability that is not built yet: no invented figures. */
export function EmptyState({ title, body, badge }: { title: string; body: string; badge: string }) {
  return (
    <section className="empty-state" aria-labelledby="empty-state-title">
      <span className="badge">{badge}</span>
      <h2 id="empty-state-title">{title}</h2>
      <p>{body}</p>
    </section>
  );
}
