/**
 * The glossary's dialog and the links into it. A Term is a button (reachable by keyboard) that
 * opens the dialog at its entry; the dialog is large enough for a projector and closes on Escape.
 * Operations of the engine are explained by the lab's own words (explanations.ts), passed in as an
 * extra entry, so this kit does not depend on the lab.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { GLOSSARY, GLOSSARY_IDS, splitTerms, type GlossaryEntry, type GlossaryId } from './glossary';
import './glossary.css';

/** What to show: a glossary entry, or an entry made elsewhere (an operation's explanation). */
export type GlossaryTarget = GlossaryId | { readonly key: string; readonly entry: GlossaryEntry };

const GlossaryContext = createContext<(target?: GlossaryTarget) => void>(() => {});

/** Open the glossary, at an entry or at the top. */
export function useGlossary(): (target?: GlossaryTarget) => void {
  return useContext(GlossaryContext);
}

export function GlossaryProvider(props: { children: ReactNode }) {
  const [target, setTarget] = useState<GlossaryTarget | null | undefined>(undefined);
  const open = useCallback((t?: GlossaryTarget) => setTarget(t ?? null), []);
  return (
    <GlossaryContext.Provider value={open}>
      {props.children}
      {target !== undefined && <GlossaryDialog target={target} onClose={() => setTarget(undefined)} />}
    </GlossaryContext.Provider>
  );
}

/** A term in running text: its plain words stay in the text, the button opens its glossary entry. */
export function Term(props: { id: GlossaryId; children?: ReactNode }) {
  const open = useGlossary();
  return (
    <button type="button" className="term" aria-haspopup="dialog" onClick={() => open(props.id)}>
      {props.children ?? GLOSSARY[props.id].term}
    </button>
  );
}

function GlossaryDialog(props: { target: GlossaryTarget | null; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const { target, onClose } = props;
  const selected = typeof target === 'string' ? target : null;
  const extra = target !== null && typeof target === 'object' ? target : null;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    dialog.querySelector('[data-selected="true"]')?.scrollIntoView({ block: 'nearest' });
    // Escape closes a modal dialog natively; the state follows
    const closed = () => onClose();
    dialog.addEventListener('close', closed);
    return () => dialog.removeEventListener('close', closed);
  }, [onClose, target]);
  return (
    <dialog ref={ref} className="glossary" aria-labelledby="glossary-title" data-testid="glossary">
      <div className="glossary-head">
        <h2 id="glossary-title">Glossary</h2>
        <button type="button" onClick={() => ref.current?.close()} autoFocus>
          Close
        </button>
      </div>
      {extra && (
        <dl className="glossary-list">
          <Entry entry={extra.entry} selected />
        </dl>
      )}
      <dl className="glossary-list">
        {GLOSSARY_IDS.map((id) => (
          <Entry key={id} entry={GLOSSARY[id]} selected={id === selected} />
        ))}
      </dl>
    </dialog>
  );
}

function Entry(props: { entry: GlossaryEntry; selected: boolean }) {
  const { entry, selected } = props;
  return (
    <div className={selected ? 'glossary-entry selected' : 'glossary-entry'} data-selected={selected}>
      <dt>{entry.term}</dt>
      <dd>
        <p>{entry.plain}</p>
        {entry.precise && <p className="precise">{entry.precise}</p>}
      </dd>
    </div>
  );
}

/** The header's way into the whole glossary. */
export function GlossaryButton() {
  const open = useGlossary();
  return (
    <button type="button" className="glossary-button" aria-haspopup="dialog" onClick={() => open()} data-testid="glossary-open">
      Glossary
    </button>
  );
}

/** Text with its glossary terms as links (Term), each linked once. */
export function WithTerms(props: { text: string }) {
  return (
    <>
      {splitTerms(props.text).map((part, i) =>
        part.id ? (
          <Term key={i} id={part.id}>
            {part.text}
          </Term>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
