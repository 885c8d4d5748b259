/**
 * Word banks of the synthetic archive: sentence fragments per language, profile fields, clients,
 * domains and name parts. Fragments never contain '#', '@' or links: the composer adds those so the
 * hashtags, urls and user_mentions columns always match the text. Quotes, commas, `&amp;` and every
 * script are here on purpose, so loaders meet RFC 4180 quoting and UTF-8 as in the real releases.
 */

export interface LanguageLexicon {
  /** Twitter's language code as `tweet_language` writes it. */
  code: string;
  openers: readonly string[];
  subjects: readonly string[];
  verbs: readonly string[];
  objects: readonly string[];
  tails: readonly string[];
  /** Popular hashtags (without '#'), most popular first: organic accounts share them by chance. */
  hashtags: readonly string[];
  /** Capitalised words that campaign hashtags are built from (rare by construction). */
  tagWords: readonly string[];
  /** Small insertions used to make near-identical copies of a text. */
  fillers: readonly string[];
}

const en: LanguageLexicon = {
  code: "en",
  openers: ["BREAKING:", "Just in:", "Wow.", "Unbelievable!", "Read this:", "So,", "Again,", "Today", "Reminder:", "Look,", "Honestly,", "Folks,", "Meanwhile,", "", "", "", ""],
  subjects: [
    "the mainstream media", "Congress", "the governor", "our veterans", "the city council", "Washington insiders", "the senator",
    "the mayor", "local police", "big pharma", "the school board", "our neighbors", "the new administration", "Hollywood",
    "the fake news networks", "college professors", "the state legislature", "Wall Street", "the FBI", "every American",
  ],
  verbs: [
    "just admitted", "refuses to explain", "is hiding", "finally revealed", "wants to ban", "voted against", "is lying about",
    "quietly approved", "can't stop talking about", "ignored", "doubled down on", "is scared of", "paid millions for", "won't tell you about",
  ],
  objects: [
    "the truth about taxes", "the new pipeline deal", "our Second Amendment rights", "the school lunch program", "rising rents in our cities",
    "the border budget", "police reform", "the healthcare vote", "gas prices", "the refugee program", "the election results",
    "what happened last night", "the jobs report", "free speech on campus", "the veterans' hospital scandal", "the opioid crisis",
    "food stamps &amp; welfare", "the \"independent\" investigation", "the trade deal with China", "the minimum wage",
  ],
  tails: [
    "Share if you agree!", "Wake up, America.", "This is insane.", "Why is nobody talking about this?", "Thoughts?", "Unreal.",
    "We deserve better.", "😡", "🇺🇸🇺🇸", "Pathetic.", "Let that sink in.", "Spread the word!", "Not a joke.", "Stay woke, people.",
    "They think we're stupid.", "\"Trust us,\" they said.", "Sad but true.", "👇👇👇", "Enough is enough!", "", "",
  ],
  hashtags: [
    "news", "politics", "MAGA", "BlackLivesMatter", "tcot", "USA", "PJNET", "WakeUpAmerica", "2A", "Election2016", "TopNews", "ccot",
    "Obamacare", "StopTheWar", "sports", "breaking", "NowPlaying", "music", "IStandWith", "health", "love", "art", "local", "crime",
  ],
  tagWords: [
    "Stop", "Truth", "Liberty", "Patriot", "Farms", "Chemical", "Columbia", "Bridge", "Voice", "Justice", "River", "Blackout",
    "Freedom", "Rally", "Water", "Fire", "Valley", "Guard", "Shield", "Storm", "Harbor", "Prairie", "Union", "Signal",
  ],
  fillers: ["really", "just", "actually", "literally", "now"],
};

const ru: LanguageLexicon = {
  code: "ru",
  openers: ["Срочно:", "Вот это да!", "Кто бы сомневался,", "Внимание!", "Итак,", "Смотрите,", "Друзья,", "Опять", "Как всегда,", "Новости:", "Кстати,", "", "", "", ""],
  subjects: [
    "Госдеп", "киевские власти", "западные СМИ", "наши пенсионеры", "чиновники", "депутаты Рады", "Евросоюз", "американские сенаторы",
    "губернатор", "соседи по подъезду", "блогеры", "либералы", "эксперты из Вашингтона", "министр финансов", "НАТО", "британские учёные",
    "жители Донецка", "московские таксисты", "школьные учителя", "оппозиция",
  ],
  verbs: [
    "снова врут про", "обсуждают", "признали", "боятся правды о", "не заметили", "решили запретить", "испугались", "молчат про",
    "опять пишут про", "потребовали отменить", "устали от", "радуются за", "ничего не знают про", "спорят о",
  ],
  objects: [
    "санкции", "цены на бензин", "погоду в Москве", "курс рубля", "выборы", "футбол", "новые законы", "рост тарифов ЖКХ",
    "импортозамещение", "пенсионную реформу", "пробки на МКАДе", "\"демократию\" по-американски", "события на Донбассе",
    "сыр &amp; хамон", "Олимпиаду", "гуманитарный конвой", "новый мост", "зарплаты врачей", "прививки", "отпуск в Крыму",
  ],
  tails: [
    "Позор!", "Ну-ну.", "Как вам такое?", "Делитесь!", "Вот и всё.", "Без комментариев.", "😂😂😂", "Мда...", "Кто бы мог подумать.",
    "Просыпайтесь, люди!", "Это надо видеть.", "Ждём продолжения.", "\"Свобода слова\", говорите?", "Смешно, правда?", "🔥", "👍", "", "",
  ],
  hashtags: [
    "новости", "Россия", "Украина", "Крым", "политика", "Москва", "санкции", "спорт", "ДНР", "Донбасс", "СМИ", "экономика", "юмор",
    "погода", "музыка", "рубль", "ЖКХ", "футбол", "кино", "история",
  ],
  tagWords: ["Правда", "Мир", "Родина", "Голос", "Наш", "Вместе", "Память", "Сила", "Народ", "Север", "Победа", "Весна", "Дом", "Сибирь", "Волга", "Звезда"],
  fillers: ["очень", "просто", "уже", "опять", "вообще"],
};

const uk: LanguageLexicon = {
  code: "uk",
  openers: ["Терміново:", "Увага!", "Друзі,", "Знову", "", ""],
  subjects: ["Верховна Рада", "уряд", "київські чиновники", "наші сусіди", "журналісти", "міністр", "волонтери"],
  verbs: ["знову обговорюють", "приховують правду про", "вимагають скасувати", "мовчать про", "нарешті визнали"],
  objects: ["тарифи", "ціни на газ", "вибори", "нові закони", "реформу освіти", "курс гривні", "пенсії"],
  tails: ["Ганьба!", "Поширюйте!", "Без коментарів.", "Як вам таке?", "😡", ""],
  hashtags: ["Україна", "новини", "Київ", "політика"],
  tagWords: ["Правда", "Воля", "Голос", "Разом", "Світ", "Сила"],
  fillers: ["дуже", "вже", "знову"],
};

const de: LanguageLexicon = {
  code: "de",
  openers: ["Achtung:", "Unglaublich!", "Heute", "Also,", "Wieder einmal", "", ""],
  subjects: ["die Bundesregierung", "die Medien", "Brüssel", "unsere Nachbarn", "die Kanzlerin", "die Politiker", "die Experten"],
  verbs: ["schweigen über", "lügen über", "verbieten", "diskutieren über", "verstecken die Wahrheit über"],
  objects: ["die Flüchtlingskrise", "die Strompreise", "die Wahlen", "die Sanktionen", "die Renten", "die Mieten in Berlin"],
  tails: ["Schande!", "Teilen!", "Unfassbar.", "Was denkt ihr?", "🇩🇪", ""],
  hashtags: ["Deutschland", "news", "Merkel", "Berlin", "AfD"],
  tagWords: ["Wahrheit", "Freiheit", "Stimme", "Heimat", "Zukunft", "Brücke"],
  fillers: ["wirklich", "schon", "wieder"],
};

const ar: LanguageLexicon = {
  code: "ar",
  openers: ["عاجل:", "شاهد:", "مرة أخرى،", "", ""],
  subjects: ["الحكومة", "وسائل الإعلام الغربية", "الشعب", "الوزير", "المعارضة", "الخبراء"],
  verbs: ["تكذب بشأن", "تتحدث عن", "تخفي الحقيقة عن", "ترفض", "تطالب بـ"],
  objects: ["الانتخابات", "أسعار النفط", "الحرب في سوريا", "العقوبات", "الاقتصاد", "حقوق الإنسان"],
  tails: ["شاركوا!", "لا تعليق.", "ما رأيكم؟", "😢", ""],
  hashtags: ["سوريا", "عاجل", "أخبار", "مصر"],
  tagWords: ["الحقيقة", "الوطن", "الحرية", "صوت", "النصر", "الشعب"],
  fillers: ["جدا", "فقط", "الآن"],
};

const es: LanguageLexicon = {
  code: "es",
  openers: ["Última hora:", "Increíble,", "Otra vez", "", ""],
  subjects: ["el gobierno", "los medios", "los políticos", "nuestros vecinos", "el alcalde"],
  verbs: ["mienten sobre", "ocultan la verdad sobre", "hablan de", "prohíben", "ignoran"],
  objects: ["las elecciones", "los precios", "la crisis", "las sanciones", "la reforma", "el fútbol"],
  tails: ["¡Compartan!", "Sin comentarios.", "¿Qué opinan?", "😡", ""],
  hashtags: ["noticias", "España", "Venezuela", "política"],
  tagWords: ["Verdad", "Libertad", "Voz", "Pueblo", "Futuro"],
  fillers: ["muy", "ya", "otra vez"],
};

const fr: LanguageLexicon = {
  code: "fr",
  openers: ["Incroyable :", "Encore une fois,", "Aujourd'hui", "", ""],
  subjects: ["le gouvernement", "les médias", "Bruxelles", "les élus", "nos voisins"],
  verbs: ["mentent sur", "cachent la vérité sur", "parlent de", "interdisent", "ignorent"],
  objects: ["les élections", "les impôts", "la crise", "les sanctions", "les retraites"],
  tails: ["Partagez !", "Sans commentaire.", "Qu'en pensez-vous ?", "😡", ""],
  hashtags: ["France", "actualité", "politique", "Paris"],
  tagWords: ["Vérité", "Liberté", "Voix", "Patrie", "Avenir"],
  fillers: ["vraiment", "déjà", "encore"],
};

const it: LanguageLexicon = {
  code: "it",
  openers: ["Incredibile:", "Ancora una volta,", "Oggi", "", ""],
  subjects: ["il governo", "i media", "Bruxelles", "i politici"],
  verbs: ["mentono su", "nascondono la verità su", "parlano di", "ignorano"],
  objects: ["le elezioni", "le tasse", "la crisi", "le sanzioni", "i migranti"],
  tails: ["Condividete!", "Senza parole.", "Che ne pensate?", ""],
  hashtags: ["Italia", "notizie", "politica"],
  tagWords: ["Verità", "Libertà", "Voce", "Patria"],
  fillers: ["davvero", "già", "ancora"],
};

const bg: LanguageLexicon = {
  code: "bg",
  openers: ["Внимание!", "Отново", "", ""],
  subjects: ["правителството", "медиите", "Брюксел", "политиците"],
  verbs: ["лъжат за", "крият истината за", "говорят за", "забраняват"],
  objects: ["изборите", "цените", "кризата", "санкциите", "пенсиите"],
  tails: ["Споделете!", "Без коментар.", "Срамота!", ""],
  hashtags: ["България", "новини", "политика"],
  tagWords: ["Истина", "Свобода", "Глас", "Родина"],
  fillers: ["много", "вече", "отново"],
};

const fa: LanguageLexicon = {
  code: "fa",
  openers: ["فوری:", "ببینید،", "دوباره", "", ""],
  subjects: ["دولت", "رسانه‌های غربی", "مردم", "وزیر", "کارشناسان"],
  verbs: ["دروغ می‌گویند درباره", "حرف می‌زنند درباره", "پنهان می‌کنند", "مخالفت می‌کنند با"],
  objects: ["انتخابات", "تحریم‌ها", "قیمت نفت", "اقتصاد", "برجام"],
  tails: ["منتشر کنید!", "بدون شرح.", "نظر شما چیست؟", ""],
  hashtags: ["ایران", "خبر", "تحریم"],
  tagWords: ["حقیقت", "آزادی", "صدا", "وطن"],
  fillers: ["واقعا", "باز", "هم"],
};

/** Tweet languages with their share of organic accounts (roughly the IRA release's mix). */
export const LANGUAGES: readonly { lexicon: LanguageLexicon; weight: number }[] = [
  { lexicon: ru, weight: 0.45 },
  { lexicon: en, weight: 0.37 },
  { lexicon: uk, weight: 0.035 },
  { lexicon: de, weight: 0.035 },
  { lexicon: ar, weight: 0.035 },
  { lexicon: es, weight: 0.02 },
  { lexicon: fr, weight: 0.02 },
  { lexicon: it, weight: 0.01 },
  { lexicon: bg, weight: 0.01 },
  { lexicon: fa, weight: 0.015 },
];

export const EMOJI = ["😂", "🔥", "👍", "😡", "🙏", "💪", "❤️", "⚡️", "👉", "😱", "🤔", "✅"] as const;

/** Locations as profiles report them, per language; the empty string is the most common answer. */
export const LOCATIONS: Readonly<Record<string, readonly string[]>> = {
  en: ["USA", "United States", "New York, NY", "Atlanta, GA", "Texas", "Los Angeles, CA", "Chicago, IL", "Nashville, TN", "Florida, USA", "Ohio", "", "", ""],
  ru: ["Москва, Россия", "Россия", "Санкт-Петербург", "Раша", "Екатеринбург", "Новосибирск", "Москва", "Донецк", "", "", ""],
  uk: ["Київ, Україна", "Україна", "Харків", "Одеса", ""],
  de: ["Berlin, Deutschland", "Deutschland", "München", "Hamburg", ""],
  ar: ["سوريا", "دمشق", "القاهرة", "Beirut", ""],
  es: ["Madrid, España", "Caracas", "México", ""],
  fr: ["Paris, France", "Lyon", "France", ""],
  it: ["Roma, Italia", "Milano", ""],
  bg: ["София, България", "България", ""],
  fa: ["تهران", "ایران", "Tehran, Iran", ""],
};

/** Profile descriptions, per language, with the commas, quotes and hashtags-in-bio of real profiles. */
export const DESCRIPTIONS: Readonly<Record<string, readonly string[]>> = {
  en: [
    "Conservative. Politics. Pro-Life. Writer.  #GodBlessAmerica #WakeUpAmerica",
    "Mom of 3, wife, patriot. \"Faith, family, freedom.\"",
    "News from your city, 24/7. Tips: DM us",
    "Just a guy who loves football, BBQ &amp; his country 🇺🇸",
    "Black, proud and unapologetic. Views are my own.",
    "Retired vet. Texas born and raised.",
    "Music lover | Coffee addict | Dreamer",
    "Truth seeker. Not a bot, lol",
    "", "", "",
  ],
  ru: [
    "Я примерный семьянин!",
    "Телефонист .Изучение истории   Игра в любительском театре  -  Воздушные змеи ,",
    "На воре и шапка горит",
    "Люблю Родину, кофе и котиков 🐱",
    "Новости, аналитика, \"мнения\" — без цензуры",
    "Пишу о политике, спорте и жизни, как она есть.",
    "Журналист. Москва. Мнение автора может не совпадать с мнением автора.",
    "", "", "",
  ],
  uk: ["Журналіст, Київ", "Люблю Україну", ""],
  de: ["Politik, Fußball &amp; mehr", "Nachrichten aus Berlin", ""],
  ar: ["أخبار سوريا والعالم", "صحفي مستقل", ""],
  es: ["Periodista. Opiniones propias.", ""],
  fr: ["Journaliste indépendant, Paris", ""],
  it: ["Notizie dall'Italia", ""],
  bg: ["Новини от България", ""],
  fa: ["خبرنگار مستقل", ""],
};

/** Clients (`tweet_client_name`) with weights; `generationπ` is a custom IRA client seen in the release. */
export const CLIENTS: readonly { name: string; weight: number }[] = [
  { name: "Twitter Web Client", weight: 0.3 },
  { name: "TweetDeck", weight: 0.15 },
  { name: "Twitter for iPhone", weight: 0.12 },
  { name: "Twitter for Android", weight: 0.12 },
  { name: "twitterfeed", weight: 0.06 },
  { name: "IFTTT", weight: 0.05 },
  { name: "generationπ", weight: 0.05 },
  { name: "Buffer", weight: 0.04 },
  { name: "dlvr.it", weight: 0.04 },
  { name: "Twitter Lite", weight: 0.03 },
  { name: "Mobile Web (M2)", weight: 0.02 },
  { name: "vk.com", weight: 0.02 },
];

/** Scheduling tools, used by lockstep (`sync`) campaigns. */
export const SCHEDULER_CLIENTS = ["Buffer", "IFTTT", "dlvr.it", "twitterfeed", "Hootsuite"] as const;

/** News and platform domains organic accounts link to; several are shorteners, as in the release. */
export const NEWS_DOMAINS = [
  "ria.ru", "www.rt.com", "lenta.ru", "tass.ru", "www.youtube.com", "www.facebook.com", "www.foxnews.com", "www.cnn.com",
  "www.breitbart.com", "www.nytimes.com", "www.washingtonpost.com", "www.instagram.com", "vk.com", "www.bbc.com", "www.spiegel.de",
  "www.aljazeera.net", "bit.ly", "ow.ly", "goo.gl", "dlvr.it", "ru-open.livejournal.com", "politics.livejournal.com",
] as const;

/** Words for invented campaign domains (never real sites). */
export const DOMAIN_WORDS = ["daily", "truth", "news", "today", "patriot", "voice", "novosti", "mir", "report", "front", "world", "media", "info", "post", "citizen"] as const;
export const DOMAIN_TLDS = [".com", ".ru", ".org", ".net", ".info"] as const;

/** Slug words for article paths. */
export const SLUG_WORDS = [
  "police", "election", "vote", "scandal", "video", "breaking", "city", "protest", "report", "tax", "school", "war", "sanctions",
  "ruble", "crimea", "oil", "price", "court", "judge", "attack", "fire", "storm", "rally", "senate", "poll", "veterans", "border",
] as const;

/** Name parts for accounts that keep their numeric id and real-looking names (5,000+ followers). */
export const FIRST_NAMES = ["Olga", "Anna", "Ivan", "Dmitry", "Jenna", "Michael", "Crystal", "Tyler", "Maria", "Sergey", "Kate", "Jason", "Amelie", "Pamela", "Nikita", "Alexander"] as const;
export const LAST_NAMES = ["Ivanova", "Petrov", "Johnson", "Williams", "Smirnova", "Brown", "Kuznetsov", "Miller", "Davis", "Sokolova", "Moore", "Parker", "Volkov", "Taylor"] as const;
export const OUTLET_PARTS_A = ["Midwest", "Southern", "Capital", "Daily", "Nation", "Metro", "Coastal", "Today", "Lone Star", "Moscow", "Neva", "Ural", "Free"] as const;
export const OUTLET_PARTS_B = ["News", "Post", "Voice", "Patriot", "Report", "Herald", "Times", "Online", "Digest", "Wire", "Novosti", "Daily"] as const;
/** Handle parts for accounts outside the archive (retweeted, mentioned, replied to). */
export const HANDLE_PARTS_A = ["ru", "real", "the", "daily", "news", "info", "true", "mir", "novosti", "us", "my", "official", "just", "team", "best"] as const;
export const HANDLE_PARTS_B = ["open", "press", "today", "world", "voice", "post", "times", "life", "sport", "music", "mama", "politics", "guy", "girl", "tv", "radio"] as const;

/**
 * Texts that unrelated people post word for word without retweeting: slogans, greetings, proverbs,
 * chain messages and song lines (invented here, never real lyrics). Organic copy-paste comes from these.
 */
export const COPY_PASTE_TEXTS: Readonly<Record<string, readonly string[]>> = {
  en: [
    "Good morning everyone! Have a blessed day 🙏", "Happy Friday! We made it!", "Happy New Year to all my followers!",
    "Thoughts and prayers with everyone affected tonight.", "RIP to a legend. Gone too soon.", "Never forget. 🇺🇸",
    "I can't believe what I just watched.", "This is the best day of my life!!!", "Monday again... need coffee ☕",
    "Thank you to all our veterans for your service.", "And the Oscar goes to... 😂", "Stay safe out there, folks.",
    "Copy and paste if you love your mom ❤️", "Retweet if you're still awake at 3am",
    "We are the storm and the storm is coming", "Hold my hand through the neon rain, we'll be fine again",
    "Dancing on the ceiling of a summer night", "Oh-oh-oh, I'm never coming home tonight",
    "Every little thing gonna light up the sky", "Keep calm and carry on.", "Where were you when the lights went out?",
    "GAME DAY!!! Let's go!!!", "Snow day! No school tomorrow ❄️", "Vote. It matters.",
  ],
  ru: [
    "Доброе утро, друзья! Хорошего дня!", "С Новым годом! Счастья, здоровья, любви!", "С праздником, дорогие женщины! 🌷",
    "Помним. Скорбим.", "Вечная память героям!", "Пятница! Наконец-то!", "Всем спокойной ночи 🌙",
    "Понедельник — день тяжёлый...", "С Днём Победы! Спасибо деду за Победу!", "Крымнаш 🇷🇺",
    "Я тебя никогда не забуду, я тебя никогда не увижу", "Мы выходим в ночь, и город светит нам вслед",
    "Белые ночи, тёплые руки, и музыка до утра", "Ветер перемен над тихой рекой",
    "Без труда не выловишь и рыбку из пруда.", "Кто рано встаёт, тому Бог подаёт.",
    "Россия, вперёд! ⚽", "Снег! Зима пришла ❄️", "Ну и погодка сегодня...", "Всем добра и мира!",
  ],
};

/**
 * Hashtags of passing events (debates, matches, storms, holidays): many accounts use one within
 * minutes while it trends, then it fades. Never used as campaign hashtags.
 */
export const TREND_HASHTAGS: Readonly<Record<string, readonly string[]>> = {
  en: [
    "DebateNight", "SuperBowl", "BreakingNews", "StormWatch", "GameOfThrones", "Oscars", "ElectionNight", "SOTU",
    "MarchMadness", "WorldCup", "Hurricane", "Grammys", "BlackFriday", "ThanksgivingDay", "NewYearsEve", "MondayMotivation",
    "ThrowbackThursday", "FridayFeeling", "Eclipse2017", "Brexit", "NBAFinals", "Olympics", "Earthquake", "Snowmageddon",
  ],
  ru: [
    "ПрямаяЛиния", "ЧМ2018", "Олимпиада", "Евровидение", "НовыйГод", "ДеньПобеды", "БессмертныйПолк", "Сочи2014",
    "КХЛ", "ЧтоГдеКогда", "Путин", "Навальный", "ДеньРоссии", "Масленица", "Сбербанк", "ЕГЭ",
  ],
};
