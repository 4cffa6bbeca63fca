// Shown when the database is empty: load clearly fake patients to try the workstation.
import { useSamples } from '../stores/samples';

export const SAMPLE_PATIENTS = 200;
export const SAMPLE_CONTACTS = 5;

export function SamplesOffer() {
  const { running, done, total, error, load } = useSamples();
  return (
    <div className="empty-offer">
      <p>There are no patients on this workstation yet.</p>
      <p className="muted">
        To try it out, load {SAMPLE_PATIENTS} synthetic patients with {SAMPLE_CONTACTS} contacts each. Their names are
        made up and marked as samples.
      </p>
      <button type="button" disabled={running} onClick={() => void load(SAMPLE_PATIENTS, SAMPLE_CONTACTS)}>
        Load sample patients
      </button>
      {running && (
        <div className="progress">
          <progress aria-label="Loading sample patients" max={total || 1} value={done} />
          <span aria-live="polite">
            {done.toLocaleString("en")} of {total.toLocaleString("en")} records
          </span>
        </div>
      )}
      {error && (
        <p className="form-message" role="alert">
          Could not load the samples: {error}
        </p>
      )}
    </div>
  );
}
