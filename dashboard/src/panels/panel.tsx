/**
 * The frame every dashboard panel shares: a titled box with optional actions on the right and a one-line note.
 */
import type { ComponentChildren } from 'preact';

/** Props of {@link Panel}. */
export interface PanelProps {
  id: string;
  title: string;
  note?: ComponentChildren;
  actions?: ComponentChildren;
  wide?: boolean;
  children: ComponentChildren;
}

/**
 * A panel of the grid; `wide` panels span every column.
 *
 * @example
 * <Panel id="alerts" title="Alerts">…</Panel>
 */
export function Panel({ id, title, note, actions, wide = false, children }: PanelProps) {
  return (
    <section class={wide ? 'panel wide' : 'panel'} data-panel={id} aria-labelledby={`${id}-title`}>
      <header class="panel-head">
        <h2 id={`${id}-title`}>{title}</h2>
        {actions !== undefined && <div class="actions">{actions}</div>}
      </header>
      {note !== undefined && <p class="note">{note}</p>}
      {children}
    </section>
  );
}
