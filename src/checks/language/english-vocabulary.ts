// English words whose presence inside Chinese prose means the writer slipped into
// English, as opposed to the English terms Chinese technical writing is full of
// ("dropout", "batch size", "pandas"). Function words, adverbs, adjectives, common
// verbs and general nouns are never terms; nouns that double as technical terms
// (set, key, value, rate, model, test, check, issue, case …) are left out on purpose.

export const GENERAL_ENGLISH = // function words
  (
    'the a an of and but so or nor yet because although though unless whereas while since until than that this these those ' +
    'is are was were be been being am do does did done have has had having will would shall should can could may might must ' +
    'it its it’s i me my mine we us our you your he him his she her they them their there here what which who whom whose ' +
    'when where why how whether if then also too very just only even still already again almost quite rather really ' +
    'not no yes about into onto upon over under after before between through during without within against among around ' +
    'to in on at by for with from up down out off each every either neither both all any some such same other another ' +
    'more most much many few less least own enough ' +
    // discourse markers and adverbs reasoning models slip into
    'wait hmm hmmm hm ok okay alright anyway anyways actually basically literally honestly seriously obviously clearly ' +
    'probably maybe perhaps possibly definitely certainly surely exactly precisely totally completely absolutely ' +
    'however therefore thus hence moreover furthermore meanwhile otherwise instead besides nevertheless nonetheless ' +
    'finally firstly secondly lastly eventually initially originally apparently essentially generally usually typically ' +
    'normally often sometimes always never ever rarely seldom frequently recently currently simply merely mostly ' +
    'nearly roughly approximately especially particularly specifically extremely super pretty fairly somewhat kinda sorta ' +
    'right wrong true indeed sure unsure well like unlike ' +
    // adjectives
    'good great nice bad worse worst better best fine cool awesome amazing awful terrible horrible weird strange odd ' +
    'funny interesting boring tricky troublesome annoying confusing confused surprising surprised important crucial ' +
    'essential necessary unnecessary possible impossible likely unlikely obvious subtle clear unclear simple easy ' +
    'difficult complicated complex straightforward reasonable unreasonable correct incorrect accurate inaccurate ' +
    'different similar same whole entire certain uncertain real actual genuine fake perfect ideal efficient inefficient ' +
    'elegant clumsy awkward useful useless helpful meaningful beautiful ugly sad angry tired worried ' +
    'careful careless serious casual formal informal polite rude calm nervous anxious excited proud sorry glad ' +
    'late young old new huge tiny little narrow ' +
    'heavy poor cheap expensive dangerous healthy rare usual unusual ' +
    'special typical general specific overall major minor tough crazy insane stupid smart clever total extra additional further ' +
    'wise silly bored lonely confident humble fancy fresh ' +
    // verbs
    'think thought thinks thinking know knew knows knowing mean means meant seem seems seemed guess guessed suppose ' +
    'supposed assume assumed assuming want wanted wants need needs needed needing let lets ' +
    'try tries tried trying figure figured realize realized understand understood remember forget forgot wonder ' +
    'wondering consider considering feel feels felt look looks looked looking see seen saw say says said tell told ' +
    'ask asked give gave given take took taken get got gets getting go goes went gone going come came comes coming ' +
    'keep kept seems became become becomes happen happens happened hope hoped believe believed agree disagree ' +
    'notice noticed recall recheck verify verified compute computed ' +
    'calculate calculated solve solved rethink reconsider reconsidered walked walk walking talk talked ' +
    // general nouns that are never terms
    'thing things stuff way ways idea ideas approach insight reason reasons example examples situation ' +
    'problem problems question questions answer answers part parts sense matter kind lot lots ' +
    'people someone something anything nothing everything everyone anyone somebody nobody moment ' +
    'day days week year years life mind heart tone voice feeling feelings'
  )
    .split(/\s+/)
    .filter((word) => word !== '');

/**
 * Lowercase words that open titles and names without breaking their title case
 * ("The Catcher in the Rye", "Los Angeles", "Ludwig van Beethoven").
 */
export const TITLE_SMALL_WORDS =
  'a an the of in on at to for by with from and or nor but as vs via de la le les du des del los las van von der den y e da di'.split(' ');

/**
 * Words that stand for code when alone inside Chinese prose ("for 循环", "return 语句",
 * "if 语句", "this 指针"): a keyword of a language is a term there.
 */
export const CODE_KEYWORDS = (
  'for if else elif while do return this self new let const var import export from with as in is not and or try catch ' +
  'finally throw throws case switch break continue def class null nil none true false void static public private protected ' +
  'async await yield lambda print then end function fn func type interface enum struct go select where join group order by ' +
  'having union distinct like between exists set get super extends implements package use using namespace template typename ' +
  'any never goto sizeof typeof instanceof delete default guard defer match when impl trait mut pub crate loop until unless begin rescue'
)
  .split(' ')
  .filter((word) => word !== '');

/** Function names of mathematics: `sin A`, `log x` and `max(a, b)` are formulas, not English. */
export const MATH_WORDS =
  'sin cos tan cot sec csc sinh cosh tanh arcsin arccos arctan log ln lg exp lim max min sup inf det mod gcd lcm arg argmax argmin sgn tr dim ker var cov'.split(
    ' ',
  );
