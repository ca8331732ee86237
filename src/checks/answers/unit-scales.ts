/**
 * Units of measure a final answer may carry, by dimension and size in that dimension's base
 * unit, so that "5 m" is not taken for "5 km" once the units are dropped, and "5000 m" is 5 km.
 * Only units whose size is fixed: a month, a year or a "unit" are not here (they compare as before).
 */
export interface UnitScale {
  dimension: 'length' | 'mass' | 'time' | 'volume';
  /** Size in the base unit (metre, gram, second, litre), as decimal text for an exact product. */
  factor: string;
  /** 2 for cm², 3 for m³. */
  power: number;
}

const SCALES: [string, UnitScale['dimension'], string][] = [
  ['mm millimeter millimeters millimetre millimetres 毫米 мм', 'length', '0.001'],
  ['cm centimeter centimeters centimetre centimetres 厘米 公分 см', 'length', '0.01'],
  ['dm decimeter decimeters 分米 дм', 'length', '0.1'],
  ['m meter meters metre metres 米 м', 'length', '1'],
  ['km kilometer kilometers kilometre kilometres 千米 公里 км', 'length', '1000'],
  ['in inch inches', 'length', '0.0254'],
  ['ft foot feet', 'length', '0.3048'],
  ['yd yard yards', 'length', '0.9144'],
  ['mi mile miles', 'length', '1609.344'],
  ['mg milligram milligrams 毫克 мг', 'mass', '0.001'],
  ['g gram grams 克 г', 'mass', '1'],
  ['kg kilogram kilograms 千克 公斤 кг', 'mass', '1000'],
  ['lb lbs pound pounds', 'mass', '453.59237'],
  ['oz ounce ounces', 'mass', '28.349523125'],
  ['s sec secs second seconds 秒 с сек', 'time', '1'],
  ['min mins minute minutes 分钟 мин', 'time', '60'],
  ['h hr hrs hour hours 小时 ч час часа часов', 'time', '3600'],
  ['day days 天', 'time', '86400'],
  ['week weeks 周', 'time', '604800'],
  ['ml milliliter milliliters millilitre millilitres 毫升 мл', 'volume', '0.001'],
  ['l liter liters litre litres 升 л', 'volume', '1'],
];
const BY_NAME = new Map<string, Omit<UnitScale, 'power'>>();
for (const [names, dimension, factor] of SCALES) for (const name of names.split(' ')) BY_NAME.set(name, { dimension, factor });

/** The scale of a unit as an answer writes it ("km", "cm^{2}", "cm²", "平方厘米", "square meters"), or null. */
export function readUnitScale(written: string): UnitScale | null {
  let unit = written.trim().replace(/\.$/, '');
  let power = 1;
  const powered = /^(.+?)\s*(?:\^\s*\{?\s*([23])\s*\}?|([²³]))$/.exec(unit);
  if (powered) [unit, power] = [powered[1]!, Number(powered[2] ?? (powered[3] === '²' ? 2 : 3))];
  const square = /^(?:square|sq\.?|平方)\s*(.+)$/i.exec(unit) ?? /^(.+?)\s+squared$/i.exec(unit);
  const cubic = /^(?:cubic|cu\.?|立方)\s*(.+)$/i.exec(unit) ?? /^(.+?)\s+cubed$/i.exec(unit);
  if (square) [unit, power] = [square[1]!, 2];
  else if (cubic) [unit, power] = [cubic[1]!, 3];
  // "m" and "M" may differ in meaning elsewhere, but not after a number in a final answer
  const scale = BY_NAME.get(unit) ?? BY_NAME.get(unit.toLowerCase());
  return scale ? { ...scale, power } : null;
}
