/**
 * Units, currencies and counted nouns that follow a number in a final answer
 * ("100 square units", "40 feet", "$6", "120元"): they are dropped before the
 * value is compared, as the MATH and Minerva normalisers do.
 */
const UNITS = (
  'm cm mm km nm um μm dm in ft yd mi mile miles inch inches foot feet yard yards meter meters metre metres ' +
  'centimeter centimeters centimetre centimetres millimeter millimeters kilometer kilometers kilometre kilometres ' +
  'g kg mg lb lbs pound pounds ounce ounces oz ton tons tonne tonnes gram grams kilogram kilograms ' +
  's sec secs second seconds min mins minute minutes h hr hrs hour hours day days week weeks month months year years ' +
  'ms mph kph kmh km/h m/s cm/s ft/s mi/h m/s^2 m/s2 l ml liter liters litre litres gal gallon gallons cup cups ' +
  'n kn j kj cal kcal w kw kwh pa kpa atm v hz khz mhz ghz ohm ohms mol k °c °f c f degree degrees deg rad radian radians ' +
  'dollar dollars cent cents usd eur euro euros yuan rmb rupee rupees rs yen pence pennies ' +
  'unit units square sq cubic cu acre acres hectare hectares percent ' +
  'bpm beats/min ml/kg/min mmol/l mg/dl g/kg kg/m'
).split(' ');
const UNIT_SET = new Set(UNITS);

/** Nouns that count things in word problems: never a value. */
const COUNT_NOUNS = new Set(
  (
    'way ways student students people person persons item items step steps point points integer integers digit digits ' +
    'number numbers time times apple apples marble marbles ball balls book books coin coins card cards tile tiles ' +
    'page pages box boxes car cars child children boy boys girl girls man men woman women team teams game games ' +
    'edge edges face faces vertex vertices side sides triangle triangles square squares solution solutions root roots ' +
    'pair pairs term terms meal meals ticket tickets clip clips cookie cookies candy candies egg eggs friend friends ' +
    'handshake handshakes arrangement arrangements outcome outcomes lap laps rep reps piece pieces slice slices ' +
    'more less total each per altogether in all'
  ).split(' '),
);

/** True when `words` (lower-case, spaces between) are a unit or a counted noun phrase. */
export function isUnitPhrase(words: string): boolean {
  const parts = words
    .toLowerCase()
    .replace(/\^\{?[23]\}?|[²³]/g, '')
    .split(/\s+/)
    .filter((part) => part !== '');
  if (parts.length === 0 || parts.length > 4) return false;
  return parts.every((part) => UNIT_SET.has(part) || COUNT_NOUNS.has(part) || UNIT_SET.has(part.replace(/\.$/, '')));
}

/** Single-letter units must stand apart from the number ("5 m", never "5m", which is 5·m). */
export function isSingleLetterUnit(word: string): boolean {
  return word.length === 1 && UNIT_SET.has(word.toLowerCase());
}
