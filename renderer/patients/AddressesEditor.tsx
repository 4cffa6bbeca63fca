// The patient's addresses, each with its telecoms (phone, e-mail…), as the form edits them.
import { useT } from '../i18n';
import { SelectField, TextField } from '../ui/fields';
import {
  ADDRESS_TYPES,
  TELECOM_TYPES,
  emptyAddress,
  emptyTelecom,
  type AddressForm,
  type TelecomForm,
} from './patientForm';

type Props = {
  addresses: AddressForm[];
  onChange(addresses: AddressForm[]): void;
  /** The message for a field path ("addresses.0.telecoms.1.telecomNumber"), translated. */
  err(path: string): string | undefined;
};

export function AddressesEditor({ addresses, onChange, err }: Props) {
  const { t } = useT('patients');
  const setAddress = (i: number, change: Partial<AddressForm>) =>
    onChange(addresses.map((a, j) => (j === i ? { ...a, ...change } : a)));
  const setTelecom = (i: number, k: number, change: Partial<TelecomForm>) =>
    setAddress(i, { telecoms: addresses[i]?.telecoms.map((tc, j) => (j === k ? { ...tc, ...change } : tc)) ?? [] });
  const addressTypes = ADDRESS_TYPES.map((v) => ({ value: v, label: t(`addressTypes.${v}`) }));
  const telecomTypes = TELECOM_TYPES.map((v) => ({ value: v, label: t(`telecomTypes.${v}`) }));
  const text = (
    i: number,
    a: AddressForm,
    key: keyof Omit<AddressForm, 'id' | 'telecoms' | 'addressType'>,
    label: string,
  ) => (
    <TextField
      label={label}
      value={a[key]}
      error={err(`addresses.${i}.${key}`)}
      onChange={(v) => setAddress(i, { [key]: v })}
    />
  );

  return (
    <>
      {addresses.length === 0 && <p className="muted">{t('noAddress')}</p>}
      {addresses.map((a, i) => {
        const n = i + 1;
        return (
          <div className="address-editor" key={a.id} role="group" aria-label={t('address', { n })}>
            <div className="grid3">
              <SelectField
                label={t('addressType', { n })}
                value={a.addressType}
                options={addressTypes}
                error={err(`addresses.${i}.addressType`)}
                onChange={(v) => setAddress(i, { addressType: v })}
              />
              {text(i, a, 'street', t('street'))}
              {text(i, a, 'houseNumber', t('houseNumber'))}
              {text(i, a, 'postboxNumber', t('box'))}
              {text(i, a, 'postalCode', t('postalCode'))}
              {text(i, a, 'city', t('city'))}
              {text(i, a, 'country', t('country'))}
            </div>
            {a.telecoms.map((tc, k) => (
              <div className="telecom-row" key={tc.id}>
                <SelectField
                  label={t('telecomType', { n: k + 1 })}
                  value={tc.telecomType}
                  options={telecomTypes}
                  onChange={(v) => setTelecom(i, k, { telecomType: v })}
                />
                <TextField
                  label={t('telecomNumber', { n: k + 1 })}
                  value={tc.telecomNumber}
                  error={err(`addresses.${i}.telecoms.${k}.telecomNumber`) ?? err(`addresses.${i}.telecoms.${k}`)}
                  onChange={(v) => setTelecom(i, k, { telecomNumber: v })}
                />
                <button
                  type="button"
                  className="secondary small"
                  aria-label={t('removeTelecom', { k: k + 1, n })}
                  onClick={() => setAddress(i, { telecoms: a.telecoms.filter((_, j) => j !== k) })}
                >
                  {t('remove')}
                </button>
              </div>
            ))}
            <div className="row-actions">
              <button
                type="button"
                className="secondary small"
                onClick={() => setAddress(i, { telecoms: [...a.telecoms, emptyTelecom()] })}
              >
                {t('addTelecom', { n })}
              </button>
              <button
                type="button"
                className="secondary small danger"
                onClick={() => onChange(addresses.filter((_, j) => j !== i))}
              >
                {t('removeAddress', { n })}
              </button>
            </div>
          </div>
        );
      })}
      <button type="button" className="secondary" onClick={() => onChange([...addresses, emptyAddress()])}>
        {t('addAddress')}
      </button>
    </>
  );
}
