/**
 * The teaching and evaluation lab, under the run panel: each section reads the run store (and
 * the controller's outcome) and shows one view of the run. Sections are listed here in order.
 */
import { memo, type ComponentType } from 'react';
import { Compare } from './Compare';
import { OpGraphSection } from './OpGraph';
import { ShareInspector } from './ShareInspector';
import { Timeline } from './Timeline';

/** One lab section: a component given this tab's party index. */
export interface LabSection {
  readonly id: string;
  readonly Component: ComponentType<{ self: number }>;
}

const SECTIONS: readonly LabSection[] = [
  { id: 'timeline', Component: Timeline },
  { id: 'graph', Component: OpGraphSection },
  { id: 'compare', Component: Compare },
  { id: 'shares', Component: ShareInspector },
];

/**
 * Memoized: the run panel above re-renders on every phase and form change, and re-rendering the
 * graph and the comparison's charts with it filled the click that starts a run. Each section
 * re-renders from its own store subscriptions.
 */
export const Lab = memo(function Lab(props: { self: number }) {
  if (SECTIONS.length === 0) return null;
  return (
    <div className="lab" data-testid="lab">
      {SECTIONS.map(({ id, Component }) => (
        <Component key={id} self={props.self} />
      ))}
    </div>
  );
});
