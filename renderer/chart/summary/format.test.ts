import { afterEach, describe, expect, it } from 'vitest';
import { i18n, setLanguage } from '../../i18n';
import { ageText, bloodPressureText, genderText, measureText, regimenText } from './format';

const t = i18n.t.bind(i18n);

afterEach(async () => {
  await setLanguage('en');
});

describe('summary values as read on screen', () => {
  it('reads blood pressure as one value, numbers per locale', async () => {
    await setLanguage('en');
    expect(bloodPressureText({ systolic: 128, diastolic: 82, unit: 'mmHg' })).toBe('128/82 mmHg');
    expect(measureText({ value: 37.1, unit: '°C' })).toBe('37.1 °C');
    await setLanguage('fr');
    expect(measureText({ value: 37.1, unit: '°C' })).toBe('37,1 °C');
  });
  it('says the age in years, in months for babies, "about" when the date is partial', async () => {
    await setLanguage('en');
    expect(ageText(t, { years: 46, months: 557, approximate: false })).toBe('46 years');
    expect(ageText(t, { years: 0, months: 1, approximate: false })).toBe('1 month');
    expect(ageText(t, { years: 52, months: 630, approximate: true })).toBe('about 52 years');
    await setLanguage('nl');
    expect(ageText(t, { years: 1, months: 14, approximate: false })).toBe('14 maanden');
  });
  it('translates gender and the regimen’s day periods', async () => {
    await setLanguage('fr');
    expect(genderText(t, 'female')).toBe('Femme');
    expect(genderText(t, 'something-else')).toBe('something-else');
    const regimen = [
      { dayPeriod: { code: 'morning' }, administratedQuantity: { quantity: 1, unit: 'comprimé' } },
      { dayPeriod: { code: 'beforebedtime' }, administratedQuantity: { quantity: 0.5, unit: 'comprimé' } },
    ];
    expect(regimenText(t, regimen)).toBe('1 comprimé matin, 0,5 comprimé coucher');
  });
});
