/**
 * The teaching and evaluation lab, under the run panel: each section reads the run store (and
 * the app's last run) and shows one view of the run. Sections are listed here in order.
 */
import { memo, useEffect, type ComponentType } from 'react';
import { useStore } from 'zustand';
import type { InputSource } from '../../app/inputs';
import { useTabApp } from '../kit/tabAppContext';
import { Compare } from './Compare';
import { OpGraphSection } from './OpGraph';
import { ProtocolPicture } from './ProtocolPicture';
import { ShareInspector } from './ShareInspector';
import { Timeline } from './Timeline';

/** What every lab section is given: this tab's party index, and what reads its private input (for runs it proposes). */
export interface LabProps {
  readonly self: number;
  readonly readInput: InputSource;
}

/** One lab section. */
export interface LabSection {
  readonly id: string;
  readonly Component: ComponentType<LabProps>;
}

const SECTIONS: readonly LabSection[] = [
  { id: 'timeline', Component: Timeline },
  { id: 'picture', Component: ProtocolPicture },
  { id: 'graph', Component: OpGraphSection },
  { id: 'compare', Component: Compare },
  { id: 'shares', Component: ShareInspector },
];

/**
 * Memoized: the run panel above re-renders on every phase and form change, and re-rendering the
 * graph and the comparison's charts with it filled the click that starts a run. Each section
 * re-renders from its own store subscriptions.
 */
export const Lab = memo(function Lab(props: LabProps) {
  const labStore = useTabApp().stores.lab;
  const presenter = useStore(labStore, (s) => s.presenter);
  // presenter mode covers the page: Escape leaves it, from wherever the focus is
  useEffect(() => {
    if (!presenter) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') labStore.setState({ presenter: false });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [labStore, presenter]);
  if (SECTIONS.length === 0) return null;
  return (
    <div className={presenter ? 'lab presenting' : 'lab'} data-testid="lab" role={presenter ? 'dialog' : undefined} aria-label={presenter ? 'Presenter mode' : undefined}>
      {SECTIONS.map(({ id, Component }) => (
        <Component key={id} self={props.self} readInput={props.readInput} />
      ))}
    </div>
  );
});
