// Curated word lists. They are the only signal for `sexual` and `self_harm` (no labelled data) and a
// floor under the models elsewhere, so entries are chosen for precision: a word that is innocent in
// common use ("cock" = rooster, "chink in the armour", "Moby Dick") gets a weight below 0.5 so it
// cannot flag a post on its own (aimed at the reader, "you …", it can). Phrases (threats, self-harm intent) live in lexicon-phrases.ts.
//
// Term grammar, matched on the lexicon form (lower case, leet decoded, separators collapsed, no
// diacritics) between letter/digit boundaries, so "class", "assess", "Scunthorpe" and "cocktail" are safe:
//   - letters and single spaces ("blow job" also matches "blowjob" and "blow-job");
//   - a trailing `*` allows any word ending ("fuck*" = fucking, fucker, fuckwit);
//   - without `*` only an optional plural "s" is allowed, so "shit" does not match "shitake";
//   - doubled letters also match longer runs ("fuuuuck"), and an inner letter may be masked with `*` or `#` ("f*ck").

export const LEXICON_CATEGORIES = ['sexual', 'self_harm', 'threat', 'profanity', 'identity_attack', 'insult'] as const;
export type LexiconCategory = (typeof LEXICON_CATEGORIES)[number];

/** A term and the weight one occurrence contributes to its category. */
export type WordEntry = readonly [term: string, weight: number];

const PROFANITY: readonly WordEntry[] = [
  ['fuck*', 0.9], ['motherfuck*', 0.95], ['fck*', 0.75], ['fuk*', 0.75], ['fuq', 0.7], ['fvck*', 0.8],
  ['wtf', 0.5], ['stfu', 0.7], ['gtfo', 0.7],
  ['shit', 0.75], ['shitty', 0.7], ['shitting', 0.75], ['shithead', 0.85], ['shithole', 0.8], ['shitshow', 0.7],
  ['bullshit', 0.75], ['horseshit', 0.75], ['shite', 0.7], ['dipshit', 0.85],
  ['cunt*', 0.95], ['bitch', 0.8], ['bitches', 0.8], ['bitchy', 0.6], ['bitching', 0.6],
  ['asshole', 0.85], ['arsehole', 0.85], ['ass', 0.45], ['arse', 0.45], ['dumbass', 0.75], ['jackass', 0.7],
  ['bastard', 0.65], ['dick', 0.45], ['dickhead', 0.8], ['cock', 0.4], ['cocksucker', 0.9], ['prick', 0.45],
  ['twat', 0.8], ['wanker', 0.8], ['bollocks', 0.5], ['piss', 0.5], ['pissed', 0.35],
  ['damn', 0.3], ['goddamn', 0.45], ['crap', 0.35], ['crappy', 0.35],
  // German, French, Spanish: the commonest, so a translation does not slip past.
  ['scheiße', 0.7], ['scheisse', 0.7], ['scheiss*', 0.65], ['arschloch', 0.85], ['ficken', 0.8],
  ['merde', 0.6], ['putain', 0.75], ['mierda', 0.65], ['joder', 0.65],
];

const INSULT: readonly WordEntry[] = [
  ['idiot', 0.6], ['idiotic', 0.5], ['moron*', 0.65], ['imbecile', 0.65], ['cretin', 0.65], ['dimwit', 0.6],
  ['halfwit', 0.6], ['nitwit', 0.55], ['numpty', 0.5], ['buffoon', 0.5], ['braindead', 0.55], ['brain dead', 0.55],
  ['dumbass', 0.75], ['jackass', 0.7], ['dipshit', 0.8], ['dickhead', 0.8], ['asshole', 0.8], ['arsehole', 0.8],
  ['douchebag', 0.75], ['douche', 0.6], ['scum', 0.65], ['scumbag', 0.75], ['retard', 0.85], ['retarded', 0.8],
  ['twat', 0.75], ['wanker', 0.75], ['bitch', 0.7], ['cunt', 0.9], ['fatass', 0.75], ['shithead', 0.8],
  // Mild on their own ("stupid bug"); lexicons.ts raises them when aimed at "you".
  ['loser', 0.45], ['stupid', 0.35], ['dumb', 0.3], ['pathetic', 0.4], ['worthless', 0.45], ['useless', 0.3],
  ['clown', 0.3], ['ugly', 0.3], ['ignorant', 0.3], ['incompetent', 0.35], ['prick', 0.4], ['dick', 0.4],
  ['vollidiot', 0.8], ['trottel', 0.6], ['wichser', 0.85], ['hurensohn', 0.9], ['connard', 0.8], ['salaud', 0.75],
  ['encule', 0.9], ['abruti', 0.6], ['pendejo', 0.8], ['gilipollas', 0.8], ['idiota', 0.6],
];

const IDENTITY_ATTACK: readonly WordEntry[] = [
  ['nigger', 1], ['nigga', 0.75], ['faggot', 1], ['fag', 0.45], ['kike', 0.95], ['spic', 0.85], ['wetback', 0.95],
  ['gook', 0.9], ['raghead', 0.95], ['towelhead', 0.95], ['zipperhead', 0.95], ['jigaboo', 1], ['porch monkey', 1],
  ['camel jockey', 0.9], ['paki', 0.85], ['beaner', 0.9], ['wog', 0.85], ['gyppo', 0.8], ['pikey', 0.8],
  ['golliwog', 0.8], ['tranny', 0.7], ['shemale', 0.7], ['dyke', 0.6], ['lesbo', 0.6], ['untermensch', 0.9],
  ['chink', 0.45], ['kraut', 0.4],
  ['schwuchtel', 0.95], ['kanake', 0.9], ['neger', 0.9], ['bougnoule', 0.95], ['youpin', 0.9], ['sudaca', 0.85],
  ['maricon', 0.9],
];

const SEXUAL: readonly WordEntry[] = [
  ['porn*', 0.8], ['nudes', 0.8], ['nude', 0.45], ['naked', 0.4], ['blow job', 0.95], ['hand job', 0.95],
  ['cum', 0.7], ['cumming', 0.8], ['cumshot', 0.95], ['horny', 0.75], ['pussy', 0.65], ['tits', 0.7],
  ['titties', 0.75], ['boobs', 0.6], ['boobies', 0.6], ['dildo', 0.85], ['masturbat*', 0.85], ['orgasm*', 0.8],
  ['erotic*', 0.6], ['hentai', 0.85], ['milf', 0.85], ['nsfw', 0.5], ['onlyfans', 0.6], ['sexting', 0.8],
  ['sext', 0.7], ['sexy', 0.45], ['sex', 0.45], ['anal', 0.7], ['penis', 0.5], ['vagina', 0.5], ['clitoris', 0.7],
  ['boner', 0.6], ['camgirl', 0.8], ['fetish', 0.5], ['bdsm', 0.75], ['threesome', 0.7], ['gangbang', 0.95],
  ['deepthroat', 0.9], ['creampie', 0.8], ['jerk off', 0.85], ['jerking off', 0.85], ['wank', 0.7],
  ['wanking', 0.75], ['slut*', 0.75], ['whore', 0.7], ['hooker', 0.5], ['stripper', 0.4], ['escort', 0.35],
];

// Single words rarely carry a threat or self-harm on their own; those categories are mostly phrases.
const SELF_HARM: readonly WordEntry[] = [
  ['suicidal', 0.85], ['selfharm', 0.8], ['self harm', 0.8], ['self harming', 0.85],
];

const THREAT: readonly WordEntry[] = [['kys', 0.85]];

export const WORDS: Readonly<Record<LexiconCategory, readonly WordEntry[]>> = {
  profanity: PROFANITY,
  insult: INSULT,
  identity_attack: IDENTITY_ATTACK,
  sexual: SEXUAL,
  self_harm: SELF_HARM,
  threat: THREAT,
};
