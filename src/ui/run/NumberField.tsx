import { useEffect, useId, useRef, useState } from 'react';
import type { FieldReading } from '../../app/fieldReading';

/**
 * A number field that keeps what the person typed: each usable text is handed on at once (the
 * text stays as typed), an unusable one shows its reason beside the field (role=alert, and the
 * field's aria-describedby) and reports it, so Run can refuse with it. On blur a usable text is
 * shown as its value; an unusable one stays, with its reason. A value changed from outside (a run
 * started with other settings) replaces the text and clears its reason.
 */
export function NumberField(props: {
  label: string;
  value: number;
  read: (text: string) => FieldReading;
  onValue: (v: number) => void;
  onProblem: (problem: string | null) => void;
  testid: string;
  inputMode: 'numeric' | 'decimal';
}) {
  const { value, onProblem } = props;
  const [text, setText] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const handed = useRef(value);
  const inputId = useId();
  const problemId = `${inputId}-problem`;
  useEffect(() => {
    if (value === handed.current) return;
    handed.current = value;
    setText(null);
    setProblem(null);
    onProblem(null);
  }, [value, onProblem]);
  // a field that goes away (taylor's iterations when the method changes) leaves no problem behind
  useEffect(() => () => onProblem(null), [onProblem]);
  return (
    // the reason sits outside the label, so the field's accessible name stays its label
    <div className="field">
      <label className="label" htmlFor={inputId}>
        {props.label}
      </label>
      <input
        id={inputId}
        type="text"
        inputMode={props.inputMode}
        autoComplete="off"
        value={text ?? String(value)}
        aria-invalid={problem !== null}
        {...(problem ? { 'aria-describedby': problemId } : {})}
        onChange={(e) => {
          const t = e.target.value;
          const r = props.read(t);
          setText(t);
          setProblem(r.problem);
          onProblem(r.problem);
          if (r.value !== null) {
            handed.current = r.value;
            props.onValue(r.value);
          }
        }}
        onBlur={() => {
          if (problem === null) setText(null);
        }}
        data-testid={props.testid}
      />
      {problem && (
        <span className="field-problem" id={problemId} role="alert" data-testid={`${props.testid}-problem`}>
          {problem}
        </span>
      )}
    </div>
  );
}
