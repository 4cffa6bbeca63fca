// A modal <dialog>: the browser traps focus and closes on Escape; we give focus back to what had
// it before (the status bar button, the header link) so keyboard users are not dropped at the top.
import { useEffect, useRef, type ReactNode } from 'react';

export function Modal(props: { labelledBy: string; className?: string; onClose(): void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const onClose = useRef(props.onClose);
  onClose.current = props.onClose;

  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`sync-dialog ${props.className ?? ''}`}
      aria-labelledby={props.labelledBy}
      onCancel={(e) => {
        // Escape: let the store close it, so React stays the one owner of "open".
        e.preventDefault();
        onClose.current();
      }}
    >
      {props.children}
    </dialog>
  );
}
