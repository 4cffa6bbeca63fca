// "Who opened this chart": the chart's access log (person, role, what, when, workstation), newest
// first, in a modal dialog (Escape closes it, focus goes back to the button). Before anyone signs
// in nothing is logged, and the dialog says so.
import { useEffect, useState } from 'react';
import type { AccessLogEntry } from '../../../shared/contract/outputs';
import { api } from '../../client';
import { useT } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { Modal } from '../../sync/Modal';
import '../../sync/sync.css';
import './access.css';

const PAGE = 50;
const ROLES = ['doctor', 'nurse', 'secretary'];

type Shown =
  | { kind: 'reading' }
  | { kind: 'error'; message: string }
  | { kind: 'list'; logging: boolean; items: AccessLogEntry[]; next?: string };

export function WhoOpenedButton(props: { patientId: string }) {
  const { t } = useT('access');
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="secondary" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        {t('button')}
      </button>
      {open && <WhoOpenedDialog patientId={props.patientId} onClose={() => setOpen(false)} />}
    </>
  );
}

function WhoOpenedDialog(props: { patientId: string; onClose(): void }) {
  const { t } = useT('access');
  const [shown, setShown] = useState<Shown>({ kind: 'reading' });

  const read = async (before?: string, kept: AccessLogEntry[] = []) => {
    try {
      const page = await api.call('accessLog.forPatient', {
        patientId: props.patientId,
        limit: PAGE,
        ...(before ? { before } : {}),
      });
      setShown({
        kind: 'list',
        logging: page.logging,
        items: [...kept, ...page.items],
        ...(page.next ? { next: page.next } : {}),
      });
    } catch (err) {
      setShown({ kind: 'error', message: String((err as Error).message ?? err) });
    }
  };
  useEffect(() => {
    void read();
    // Read once per dialog opened.
  }, [props.patientId]);

  return (
    <Modal labelledBy="who-opened-title" className="access-dialog" onClose={props.onClose}>
      <h2 id="who-opened-title">{t('title')}</h2>
      {shown.kind === 'reading' && <p role="status">{t('reading')}</p>}
      {shown.kind === 'error' && <p role="alert">{t('error', { error: shown.message })}</p>}
      {shown.kind === 'list' && !shown.logging && <p>{t('notLogged')}</p>}
      {shown.kind === 'list' && shown.logging && shown.items.length === 0 && <p>{t('none')}</p>}
      {shown.kind === 'list' && shown.items.length > 0 && <Entries items={shown.items} />}
      <div className="dialog-actions">
        {shown.kind === 'list' && shown.next && (
          <button type="button" className="secondary" onClick={() => void read(shown.next, shown.items)}>
            {t('more')}
          </button>
        )}
        <button type="button" onClick={props.onClose}>
          {t('close')}
        </button>
      </div>
    </Modal>
  );
}

function Entries(props: { items: AccessLogEntry[] }) {
  const { t } = useT('access');
  return (
    <table className="access-table">
      <thead>
        <tr>
          <th scope="col">{t('person')}</th>
          <th scope="col">{t('role')}</th>
          <th scope="col">{t('what')}</th>
          <th scope="col">{t('when')}</th>
          <th scope="col">{t('where')}</th>
        </tr>
      </thead>
      <tbody>
        {props.items.map((e) => (
          <tr key={e.id}>
            <td>{e.person}</td>
            <td>{e.role && ROLES.includes(e.role) ? t(`roles.${e.role}`) : (e.role ?? t('unknownRole'))}</td>
            <td>{t(`actions.${e.action}`)}</td>
            <td>{formatDateTime(new Date(e.when))}</td>
            <td>{e.thisWorkstation ? t('thisWorkstation') : t('workstation', { id: e.workstation.slice(0, 8) })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
