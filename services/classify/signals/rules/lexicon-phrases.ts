// Phrase patterns for the categories where a single word says little: credible threats, self-harm
// intent, dehumanising generalisations and explicit sexual requests. Each is a regular-expression
// source over the lexicon form (lower case, single spaces, ASCII apostrophes, leet decoded), wrapped in
// letter/digit boundaries by lexicons.ts.
//
// Precision over recall: threats need a speaker and a person as the object ("I will kill you", not
// "kill the process"); self-harm needs the first person ("kill myself", not "this bug is killing me").

import type { LexiconCategory } from './lexicon-data';

export interface PhraseEntry {
  id: string;
  category: LexiconCategory;
  weight: number;
  pattern: string;
}

const I_WILL = String.raw`(?:(?:i|we) ?(?:'?ll|will|shall|'?m (?:going to|gonna|about to)|am (?:going to|gonna|about to)|'?re (?:going to|gonna)|are (?:going to|gonna)|gonna|'?d|would|want to|wanna)|ill|imma|i'?mma|ima)`;
const INTENSIFIER = String.raw`(?: (?:fucking|fuckin|fkn|really|personally|actually|just|literally|seriously|definitely|gladly|absolutely|come and|come|go|hunt (?:you|u) down and|find (?:you|u) and))*`;
const VIOLENT = String.raw`(?:kill|murder|stab|strangle|choke|behead|decapitate|torture|rape|slaughter|execute|lynch|gut|bury|beat up|beat the (?:shit|crap|hell|life) out of|hurt|end|break)`;
const SHOOTING = String.raw`(?:shoot|hang)`;
const PERSON = String.raw`(?:you|u|ya|y'?all|him|her|them|your (?:whole )?(?:family|kids?|children|wife|husband|mom|mum|mother|dad|father|sister|brother|daughter|son|dog|boss|friends)|everyone|everybody|all of you|every (?:one|last one) of you)(?![\p{L}])`;
// "I'll shoot you an email", "I'll hang them up": the object is followed by what is being sent or done.
const NOT_AN_ERRAND = String.raw`(?! (?:an?|the|some|my|over|back|up|down|out|through|this|that|these|those|quick|off|your|a line|me)\b)`;

const GROUPS = String.raw`(?:jews|jewish people|muslims|moslems|christians|catholics|hindus|sikhs|blacks|black people|whites|white people|asians|mexicans|latinos|hispanics|arabs|africans|indians|pakistanis|chinese|gypsies|roma|immigrants|migrants|refugees|foreigners|gays|gay people|lesbians|homosexuals|queers|trans people|transgenders|trans women|trans men|women|men|females|feminists|disabled people|autistic people)`;
const GROUP_ADJECTIVE = String.raw`(?:jew|jewish|muslim|black|white|asian|mexican|arab|african|indian|chinese|gypsy|immigrant|migrant|refugee|gay|lesbian|trans|queer|feminist|christian|catholic|hindu|sikh)`;
const DEHUMANISING = String.raw`(?:animals|vermin|rats|cockroaches|parasites|subhuman|sub human|scum|filth|savages|a disease|a plague|a cancer|inferior|disgusting|evil|terrorists|criminals|rapists|trash|garbage|monkeys|apes|pigs|dogs|degenerates|pedophiles|paedophiles|groomers|mentally ill|not human)`;
const EXTERMINATE = String.raw`(?:kill|gas|exterminate|eradicate|deport|lynch|wipe out|slaughter|burn|shoot|hang)`;

export const PHRASES: readonly PhraseEntry[] = [
  // Threats
  { id: 'threat.kill_you', category: 'threat', weight: 0.95, pattern: String.raw`${I_WILL}${INTENSIFIER} ${VIOLENT} ${PERSON}` },
  { id: 'threat.shoot_you', category: 'threat', weight: 0.9, pattern: String.raw`${I_WILL}${INTENSIFIER} ${SHOOTING} ${PERSON}${NOT_AN_ERRAND}` },
  { id: 'threat.find_you', category: 'threat', weight: 0.85, pattern: String.raw`(?:find(?: out)?|know|found|track down|tracked down|figure out) where (?:you|u|he|she|they|your (?:family|kids|wife|husband|mom|mum|parents)) (?:live|lives|work|works|sleep|sleeps|go to school)` },
  { id: 'threat.attack_place', category: 'threat', weight: 0.85, pattern: String.raw`(?:bomb|blow up|shoot up|burn down|firebomb|set fire to|torch) (?:the |your |this |that |our |his |her |their |a |every )?(?:[a-z]+ )?(?:office|offices|school|building|church|mosque|synagogue|temple|hq|headquarters|station|airport|mall|store|shop|house|home|event|concert|stadium|embassy|clinic|hospital|campus|factory|parliament|court|courthouse|warehouse|place)s?` },
  { id: 'threat.you_will_die', category: 'threat', weight: 0.75, pattern: String.raw`(?:you|u)(?:'?re| are| will|'?ll| r)(?: (?:going to|gonna))? (?:die|be dead|get hurt|get what'?s coming|end up dead|regret being born)(?! (?:laughing|of laughter))` },
  { id: 'threat.you_will_pay', category: 'threat', weight: 0.45, pattern: String.raw`(?:you|u)(?:'?ll| will| are going to|'?re going to|'?re gonna| r gonna) (?:pay for (?:this|that|it)|regret (?:this|that|it))` },
  { id: 'threat.dead_man', category: 'threat', weight: 0.6, pattern: String.raw`(?:you|u)(?:'?re| are| r) (?:a )?dead(?: man| meat)?(?! (?:wrong|right|on|serious|set|tired|inside|end|weight|easy|simple|ringer|giveaway|heat|last|center|centre|even|certain|sure|funny|good|cute|quiet|link|code|pixel|battery))` },
  { id: 'threat.watch_your_back', category: 'threat', weight: 0.5, pattern: String.raw`watch your back|sleep with one eye open|you'?ve been warned` },
  { id: 'threat.wish_death', category: 'threat', weight: 0.85, pattern: String.raw`kill (?:your ?self|urself|yourselves)|go die|go (?:and )?(?:kill|hang) (?:your ?self|urself)|(?:hope|wish) (?:you|u) (?:die|get (?:cancer|raped|killed|shot|hit by a (?:bus|car|truck)))|drink bleach|(?:unalive|neck|rope) (?:your ?self|urself)|(?:you|u) should (?:die|be (?:killed|shot|hanged|hung)|kill (?:your ?self|urself))` },
  { id: 'threat.against_group', category: 'threat', weight: 0.9, pattern: String.raw`${EXTERMINATE} (?:all )?(?:the |those |these )?${GROUPS}` },

  // Self-harm (first person)
  { id: 'self_harm.kill_myself', category: 'self_harm', weight: 0.95, pattern: String.raw`(?:kill|killing|killed|hang|hanging|hanged|unalive|unaliving|off|offing|shoot|shooting|poison|poisoning|drown|drowning|end) my ?self(?! in the foot)` },
  { id: 'self_harm.intent', category: 'self_harm', weight: 0.95, pattern: String.raw`(?:want|wanna|going|gonna|need|urge|thinking about|thought about|feel like|tempted|planning)(?: to)? (?:hurt|hurting|cut|cutting|harm|harming|kill|killing|hang|starve|burn) my ?self` },
  { id: 'self_harm.cut_myself', category: 'self_harm', weight: 0.8, pattern: String.raw`(?:cut|cutting|harm|harming|starve|starving|scratch|scratching) my ?self` },
  { id: 'self_harm.hurt_myself', category: 'self_harm', weight: 0.5, pattern: String.raw`(?:hurt|hurting|burn|burning) my ?self` },
  { id: 'self_harm.end_life', category: 'self_harm', weight: 0.95, pattern: String.raw`end(?:ing)? (?:my (?:own )?life|it all)|take (?:my (?:own )?life)|took (?:my own life)|commit(?:ting)? suicide|suicide (?:note|attempt|plan)|attempted suicide|slit(?:ting)? my wrists?|(?:jump|jumping) (?:off|from) (?:a|the) (?:bridge|building|roof|cliff) (?:and end|to die)` },
  { id: 'self_harm.want_to_die', category: 'self_harm', weight: 0.85, pattern: String.raw`(?:want|wanna|wish|ready|deserve) to (?:die|be dead|not exist|not wake up)(?! (?:on|of|laughing))|wish i (?:was|were) (?:dead|never born)|better off (?:dead|without me)|(?:don'?t|do not|dont) want to (?:live|be alive|exist|wake up)(?! (?:in|with|like|there|here|near))|no (?:reason|point) (?:to|in) (?:live|living|go on|going on)` },
  // A bare mention still earns a look, unless it names a film, a car door or a workout.
  { id: 'self_harm.suicide_mention', category: 'self_harm', weight: 0.55, pattern: String.raw`suicides?(?! (?:squad|doors?|burpees?|sprints?|runs?|mission|king|silence|blonde|booth|lane|bombers?|bombings?|attacks?))` },
  { id: 'self_harm.cant_go_on', category: 'self_harm', weight: 0.45, pattern: String.raw`can'?t (?:go on|do this anymore|take it anymore)` },
  { id: 'self_harm.kms', category: 'self_harm', weight: 0.75, pattern: String.raw`(?<!(?:\d|aws|gcp|azure|windows|cloud) ?)kms(?! (?:key|keys|server|host|activation|encrypt|encryption|client|api|policy|alias))` },

  // Identity attack
  { id: 'identity_attack.dehumanising', category: 'identity_attack', weight: 0.9, pattern: String.raw`${GROUPS} (?:are|r) (?:all |just |nothing but |such |literally )?${DEHUMANISING}` },
  { id: 'identity_attack.eliminationist', category: 'identity_attack', weight: 0.95, pattern: String.raw`${GROUPS} (?:should|must|need to|deserve to) (?:all )?(?:die|be (?:killed|gassed|exterminated|deported|shot|hanged|burned|wiped out|eradicated|sterili[sz]ed|locked up))|${EXTERMINATE} (?:all )?(?:the |those |these )?${GROUPS}` },
  { id: 'identity_attack.slur_phrase', category: 'identity_attack', weight: 0.85, pattern: String.raw`${GROUP_ADJECTIVE} (?:scum|filth|vermin|cockroach(?:es)?|parasites?|savages?|trash|garbage|bastards?|bitch(?:es)?|cunts?)` },
  { id: 'identity_attack.go_back', category: 'identity_attack', weight: 0.75, pattern: String.raw`go back to (?:your (?:own )?country|africa|mexico|where (?:you|u) came from)` },

  // Insults that are phrases rather than words
  { id: 'insult.directed_profanity', category: 'insult', weight: 0.8, pattern: String.raw`(?:fuck|fck|fuk|screw) (?:you|u|ya|off|your ?self|urself)|piss off|go to hell|eat shit` },
  { id: 'insult.shut_up', category: 'insult', weight: 0.35, pattern: String.raw`shut (?:the fuck |the hell )?up` },

  // Sexual
  { id: 'sexual.request_nudes', category: 'sexual', weight: 0.9, pattern: String.raw`send (?:me )?(?:your |some )?(?:nudes|nude pics|naked pics|pics of your (?:body|tits|boobs|dick|cock|pussy|ass))` },
  { id: 'sexual.explicit_media', category: 'sexual', weight: 0.85, pattern: String.raw`(?:dick|cock|nude|naked|nsfw|boob|tit) (?:pic|pics|photo|photos|vid|vids|video|videos)` },
  { id: 'sexual.explicit_act', category: 'sexual', weight: 0.9, pattern: String.raw`suck (?:my|your|his) (?:dick|cock|balls|tits)|(?:wanna|want to|let'?s|i'?d|gonna) (?:fuck|bang|screw|have sex with|sleep with) (?:you|u|her|him|me)` },
  { id: 'sexual.sex_acts', category: 'sexual', weight: 0.55, pattern: String.raw`(?:have|having|had) sex|sex (?:chat|cam|tape|video|toys?|worker)` },
];
