/**
 * The room's invite link, to be read out, copied, scanned or shown on a projector: the whole link
 * wraps in its box, a QR code encodes it, and a large-type view (a modal dialog, Escape closes it)
 * shows both across the screen.
 */
import { useEffect, useRef, useState } from 'react';
import { toString as qrToString } from 'qrcode';
import './invite.css';

/** The link's QR code as an SVG data URL, or null while it is being made (or if it failed). */
function useQrDataUrl(text: string): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setUrl(null);
    if (!text) return;
    qrToString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }).then(
      (svg) => live && setUrl(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`),
      () => live && setUrl(null),
    );
    return () => {
      live = false;
    };
  }, [text]);
  return url;
}

export function InviteLink(props: { link: string }) {
  const { link } = props;
  const [copied, setCopied] = useState(false);
  const [large, setLarge] = useState(false);
  const qr = useQrDataUrl(link);
  return (
    <div className="invite">
      <label className="label" htmlFor="room-link">
        Invite link: open it in another tab to join as the next party
      </label>
      <textarea id="room-link" className="invite-link" readOnly rows={2} value={link} spellCheck={false} data-testid="room-link" onFocus={(e) => e.currentTarget.select()} />
      <div className="invite-share">
        <div className="invite-actions">
          <button
            type="button"
            data-testid="copy-link"
            onClick={() => {
              void navigator.clipboard?.writeText(link).then(
                () => {
                  setCopied(true);
                  setTimeout(() => setCopied(false), 1500);
                },
                () => setCopied(false),
              );
            }}
          >
            {copied ? 'Copied' : 'Copy'}
          </button>
          <a className="button" href={link} target="_blank" rel="noopener">
            Open tab
          </a>
          <button type="button" aria-haspopup="dialog" onClick={() => setLarge(true)} data-testid="show-link-large">
            Show large
          </button>
        </div>
        {qr && <img className="invite-qr" src={qr} alt="QR code of the invite link" width={132} height={132} data-testid="invite-qr" />}
      </div>
      {large && <LargeLink link={link} qr={qr} onClose={() => setLarge(false)} />}
    </div>
  );
}

/** The link in large type with a large QR code, for a projector. */
function LargeLink(props: { link: string; qr: string | null; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const { onClose } = props;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    dialog.addEventListener('close', onClose);
    return () => dialog.removeEventListener('close', onClose);
  }, [onClose]);
  return (
    <dialog ref={ref} className="invite-large" aria-label="Invite link, large" data-testid="invite-large">
      <p className="invite-large-hint">Open this link in another tab or scan the code to join the room.</p>
      <p className="invite-large-link" data-testid="invite-large-link">
        {props.link}
      </p>
      {props.qr && <img className="invite-large-qr" src={props.qr} alt="QR code of the invite link, large" />}
      <button type="button" onClick={() => ref.current?.close()} autoFocus>
        Close
      </button>
    </dialog>
  );
}
