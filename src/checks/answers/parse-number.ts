/** A number read from an answer, with how precisely it was written. */
export interface ParsedNumber {
  value: number;
  /**
   * Half a unit in the last written place, in the value's own scale, when written
   * as a decimal with ≥ 3 significant digits (a rounded value); else null (exact).
   */
  tolerance: number | null;
}

const NUMBER =
  /^([-+−]?)\s*(\d[\d, ]*(?:\.\d+)?|\.\d+)(?:\s*(?:[eE]([-+]?\d+)|(?:\\times|\\cdot|×|\*)\s*10\s*\^\s*\{?\s*([-+−]?\d+)\s*\}?))?\s*(%)?\s*(.*)$/;
const FRACTION = /^([-+−]?)\s*(?:\\frac\s*\{\s*([-+−]?\d+)\s*\}\s*\{\s*(\d+)\s*\}|\\frac\s*(\d)\s*(\d)|(\d+)\s*\/\s*(\d+))\s*(%)?\s*(.*)$/;
const THOUSANDS = /^\d{1,3}(?:([, ])\d{3})(?:\1\d{3})*(?:\.\d+)?$/;

const LATIN_UNITS = new Set(
  (
    'm cm mm km nm um μm kg g mg s ms min mins h hr hrs hour hours minute minutes second seconds day days week weeks ' +
    'year years km/h m/s mph kph j kj kcal cal n w kw pa kpa l ml bpm unit units dollar dollars cent cents degree degrees ' +
    'meter meters metre metres kilometer kilometers kilometre kilometres mol k v a hz times people items ways steps laps reps ' +
    'beats/min ml/kg/min mmol/l mg/dl g/kg kg/m'
  ).split(' '),
);

/** Reads a plain number: sign, thousands separators, decimals, scientific notation, fractions, %, a trailing unit. */
export function parseNumber(text: string): ParsedNumber | null {
  const fraction = FRACTION.exec(text);
  if (fraction) {
    const [, sign, fracTop, fracBottom, shortTop, shortBottom, slashTop, slashBottom, percent, unit] = fraction;
    if (!isUnit(unit!)) return null;
    const top = Number(normalizeMinus((fracTop ?? shortTop ?? slashTop)!));
    const bottom = Number((fracBottom ?? shortBottom ?? slashBottom)!);
    if (bottom === 0) return null;
    const value = ((isNegative(sign!) ? -1 : 1) * top) / bottom;
    return { value: percent ? value / 100 : value, tolerance: null };
  }
  const match = NUMBER.exec(text);
  if (!match) return null;
  const [, sign, digits, exponent, powerOfTen, percent, unit] = match;
  if (!isUnit(unit!)) return null;
  let plain = digits!.trim();
  if (/[, ]/.test(plain)) {
    if (!THOUSANDS.test(plain)) return null;
    plain = plain.replace(/[, ]/g, '');
  }
  let value = Number(plain);
  const power = exponent ?? powerOfTen;
  if (power !== undefined) value *= 10 ** Number(normalizeMinus(power));
  if (isNegative(sign!)) value = -value;
  if (percent) value /= 100;
  if (!Number.isFinite(value)) return null;
  const decimals = power === undefined ? roundedDecimals(plain) : null;
  const tolerance = decimals === null ? null : (0.5 * 10 ** -decimals) / (percent ? 100 : 1);
  return { value, tolerance };
}

function roundedDecimals(plain: string): number | null {
  const dot = plain.indexOf('.');
  if (dot < 0) return null;
  const significant = plain.replace('.', '').replace(/^0+/, '').length;
  return significant >= 3 ? plain.length - dot - 1 : null;
}

function isUnit(rest: string): boolean {
  const unit = rest.trim().replace(/[.。]$/, '');
  if (unit === '') return true;
  if (/^[\u3400-\u9fff]+$/.test(unit)) return true; // 平方厘米, 秒, 个 …
  const core = unit.replace(/\^\s*\{?\s*-?\d\s*\}?|[²³]/g, '').toLowerCase();
  return LATIN_UNITS.has(core) || LATIN_UNITS.has(core.replace(/\s+/g, ''));
}

function isNegative(sign: string): boolean {
  return sign === '-' || sign === '−';
}

function normalizeMinus(text: string): string {
  return text.replace('−', '-');
}

/** Equal as numbers: exactly (relative 1e-9), or as a correct rounding of the other when written to ≥ 3 significant digits. */
export function numbersMatch(a: ParsedNumber, b: ParsedNumber): boolean {
  const scale = Math.max(1, Math.abs(a.value), Math.abs(b.value));
  const difference = Math.abs(a.value - b.value);
  if (difference <= 1e-9 * scale) return true;
  const tolerance = Math.max(a.tolerance ?? 0, b.tolerance ?? 0);
  return tolerance > 0 && difference <= tolerance * (1 + 1e-9);
}
