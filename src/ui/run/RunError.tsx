import { runErrorText } from '../../app/runErrorText';

/** A failed run: its title and one plain sentence; the code and the technical message folded away. */
export function RunError(props: { code: string; message: string; self: number }) {
  const { title, sentence } = runErrorText(props.code, props.message, props.self);
  return (
    <div className="run-error" role="alert" data-testid="run-error" data-code={props.code}>
      <strong>{title}</strong>
      <p data-testid="run-error-sentence">{sentence}</p>
      <details className="run-error-details">
        <summary>Details</summary>
        <p>
          Code <code data-testid="run-error-code">{props.code}</code>: <span data-testid="run-error-detail">{props.message}</span>
        </p>
      </details>
    </div>
  );
}
