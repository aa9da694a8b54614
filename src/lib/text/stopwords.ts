/**
 * Word lists shared by topics, key phrases and related papers.
 * All entries are lower case surface words (not stems).
 */

const ENGLISH = `a about above across after afterwards again against all almost alone along already also although always am among amongst an and another any anyhow anyone anything anyway anywhere are around as at be became because become becomes becoming been before beforehand behind being below beside besides between beyond both but by can cannot could did do does doing done down due during each eg either else elsewhere enough especially etc even ever every everyone everything everywhere except few first for former formerly from further furthermore had has have having he hence her here hereafter hereby herein hers herself him himself his how however i ie if in indeed instead into is it its itself just last latter latterly least less many may me meanwhile might mine more moreover most mostly much must my myself namely neither never nevertheless next no nobody none noone nor not nothing now nowhere of off often on once one only onto or other others otherwise our ours ourselves out over own per perhaps please rather re same several she should since so some somehow someone something sometime sometimes somewhere still such than that the their theirs them themselves then thence there thereafter thereby therefore therein thereupon these they this those though through throughout thus to together too toward towards under until up upon us very via was we well were what whatever when whence whenever where whereafter whereas whereby wherein whereupon wherever whether which while whither who whoever whole whom whose why will with within without would yet you your yours yourself yourselves`;

/**
 * Words that say nothing about a paper's subject in an abstract ("we propose a novel
 * method that achieves state-of-the-art results"). Used to trim key phrases and to
 * keep boilerplate out of related-paper vectors.
 */
const RESEARCH_FILLER = `ability able abstract accordingly achieve achieved achieves achieving allowing applying building capturing combining considering ensuring introducing maintaining proposing reducing requiring resulting yielding across additionally address addressed addresses addressing advance advanced advances allow allows approach approaches arbitrary aspect aspects available based baseline baselines benefit benefits best better beyond broad broadly called capability capable case cases challenge challenges challenging circumstances claim clear code comprehensive consider considered consistent consistently contribution contributions current currently demonstrate demonstrated demonstrates demonstrating design designed despite detailed different difficult directly discuss effective effectively efficacy empirical empirically enable enabled enables enabling end ensure essential establish evaluate evaluated existing experiment experimental experimentally experiments explore extensive extensively fail fails far finally find findings focus following framework frameworks fully fundamental furthermore gain gains general generally given greatly help high highly however idea illustrate impact important improve improved improvement improvements improves improving include includes including increase increasingly introduce introduced introduces key kind large largely lead leading leads leverage leverages leveraging like likely limited limitation limitations low main mainly make makes making manner method methods moreover new notable notably novel numerous observe obtain offer offers open outperform outperforming outperforms overall paper particular particularly perform performance performs possible potential practical present presented presents previous primarily prior problem problems promising propose proposed proposes prove provide provided provides providing rather recent recently reduce related remain remains remarkable require required requires respectively result results reveal reveals robust robustly set sets setting settings show showing shown shows significant significantly simple simultaneously small specific specifically state strong study studies substantial substantially successfully suggest superior support surprisingly task tasks technique techniques therefore thereby type types typically underlying unified use used uses using usually validate variety various versus way ways widely work works yield yields`;

/** Common English function words. */
export const STOPWORDS: ReadonlySet<string> = new Set(ENGLISH.split(/\s+/));

/** Function words plus research boilerplate ("propose", "novel", "results"). */
export const FILLER_WORDS: ReadonlySet<string> = new Set([...STOPWORDS, ...RESEARCH_FILLER.split(/\s+/)]);

/** True for a common English function word (lower case). */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** True for a function word or research boilerplate word (lower case). */
export function isFiller(word: string): boolean {
  return FILLER_WORDS.has(word);
}
