// Trend plots (recharts): blood pressure systolic and diastolic together, weight, BMI,
// temperature, and heart rate and SpO₂ once measured. Each point carries its value and date
// (data-*), and a table under each plot gives the same values to screen readers.
import type { ReactNode } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DotItemDotProps } from 'recharts';
import type { MeasurePoint, Trends as TrendData } from '../../../shared/clinical/summary';
import { useT } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { dateText, shortDate } from './format';

type Series = { key: string; label: string; color: string };
type Row = { t: number; date: number } & Record<string, number>;

const SYSTOLIC = '#a32020';
const DIASTOLIC = '#1f5fa8';

function dot(series: string, color: string) {
  return function PointDot(props: DotItemDotProps): ReactNode {
    const { cx, cy, index, value } = props;
    const row = props.payload as Row | undefined;
    if (typeof cx !== 'number' || typeof cy !== 'number' || typeof value !== 'number') return null;
    return (
      <circle
        key={`${series}-${index}`}
        className="trend-point"
        cx={cx}
        cy={cy}
        r={3.5}
        fill={color}
        stroke="#fff"
        strokeWidth={1}
        data-series={series}
        data-value={String(value)}
        data-date={row ? dateText(row.date) : ''}
      />
    );
  };
}

function TrendPlot({
  id,
  title,
  unit,
  rows,
  series,
  digits,
  empty,
}: {
  id: string;
  title: string;
  unit: string;
  rows: Row[];
  series: Series[];
  digits: number;
  /** What to say when there is nothing to draw, if more than "no measurement yet". */
  empty?: string | undefined;
}) {
  const { t } = useT('chart');
  return (
    <figure className="trend" aria-labelledby={`${id}-title`} data-trend={id}>
      <figcaption id={`${id}-title`}>
        {title} <span className="muted">({unit})</span>
        {series.length > 1 &&
          series.map((s) => (
            <span key={s.key} className="trend-legend">
              <span className="swatch" style={{ background: s.color }} aria-hidden="true" /> {s.label}
            </span>
          ))}
      </figcaption>
      {rows.length === 0 ? (
        <p className="muted trend-empty">{empty ?? t('trends.none')}</p>
      ) : (
        <>
          <div className="trend-plot" aria-hidden="true">
            <ResponsiveContainer width="100%" height={140}>
              <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: -12 }} accessibilityLayer={false}>
                <CartesianGrid stroke="#e3e7ec" vertical={false} />
                <XAxis
                  dataKey="t"
                  type="number"
                  scale="time"
                  domain={['dataMin', 'dataMax']}
                  tickFormatter={shortDate}
                  tick={{ fontSize: 11 }}
                  padding={{ left: 12, right: 12 }}
                />
                <YAxis
                  domain={['auto', 'auto']}
                  tick={{ fontSize: 11 }}
                  width={48}
                  tickFormatter={(v: number) => formatNumber(v, digits)}
                />
                <Tooltip
                  labelFormatter={(v) => (typeof v === 'number' ? shortDate(v) : '')}
                  formatter={(v, name) => [
                    `${typeof v === 'number' ? formatNumber(v, digits) : String(v)} ${unit}`,
                    String(name),
                  ]}
                />
                {series.map((s) => (
                  <Line
                    key={s.key}
                    dataKey={s.key}
                    name={s.label}
                    stroke={s.color}
                    strokeWidth={2}
                    dot={dot(s.key, s.color)}
                    isAnimationActive={false}
                    connectNulls
                  />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </div>
          <table className="sr-only">
            <caption>{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('trends.date')}</th>
                {series.map((s) => (
                  <th key={s.key} scope="col">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.t}>
                  <td>{dateText(r.date)}</td>
                  {series.map((s) => (
                    <td key={s.key}>
                      {r[s.key] === undefined ? '—' : `${formatNumber(r[s.key] ?? 0, digits)} ${unit}`}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </figure>
  );
}

const rowsOf = (points: MeasurePoint[]): Row[] => points.map((p) => ({ t: p.t, date: p.date, value: p.value }) as Row);

export function Trends({ trends }: { trends: TrendData }) {
  const { t } = useT('chart');
  const single = (
    key: 'weight' | 'bmi' | 'temperature' | 'heartRate' | 'spo2',
    unit: string,
    color: string,
    digits: number,
  ) => (
    <TrendPlot
      key={key}
      id={`trend-${key}`}
      title={t(`vitals.${key}`)}
      unit={unit}
      rows={rowsOf(trends[key])}
      series={[{ key: 'value', label: t(`vitals.${key}`), color }]}
      digits={digits}
      empty={
        key === 'bmi' && trends.weight.length > 0 && trends.height.length === 0 ? t('trends.bmiNeedsHeight') : undefined
      }
    />
  );
  const bp: Row[] = trends.bloodPressure.map(
    (p) => ({ t: p.t, date: p.date, systolic: p.systolic, diastolic: p.diastolic }) as Row,
  );
  return (
    <section className="trends" aria-labelledby="trends-title">
      <h4 id="trends-title">{t('trends.title')}</h4>
      <div className="trend-grid">
        <TrendPlot
          id="trend-bloodPressure"
          title={t('vitals.bloodPressure')}
          unit="mmHg"
          rows={bp}
          digits={0}
          series={[
            { key: 'systolic', label: t('trends.systolic'), color: SYSTOLIC },
            { key: 'diastolic', label: t('trends.diastolic'), color: DIASTOLIC },
          ]}
        />
        {single('weight', 'kg', '#1c6b3a', 1)}
        {single('bmi', 'kg/m²', '#6a3d9a', 1)}
        {single('temperature', '°C', '#b35900', 1)}
        {trends.heartRate.length > 0 && single('heartRate', '/min', '#8a1c52', 0)}
        {trends.spo2.length > 0 && single('spo2', '%', '#0b6e75', 0)}
      </div>
    </section>
  );
}
