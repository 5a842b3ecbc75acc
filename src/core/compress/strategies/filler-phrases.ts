/**
 * Curated filler lists for the filler strategy: politeness, request wrappers, hedges and wordy
 * phrases, in English and Chinese. Each entry is `phrase` (removed) or `phrase => replacement`, with a
 * context: `any` (anywhere, on word boundaries for English), `start` (only at the start of a sentence
 * or clause) or `sentence` (only when the phrase is the whole sentence, e.g. "Thank you!").
 *
 * Deliberately left out because they change meaning too often: "kind of" / "sort of" ("what kind of"),
 * "clearly" ("explain clearly"), "with respect to" (maths), "I think", "note that", 特别 (特别行政区),
 * 十分 (十分钟), bare 帮我 (你能帮我吗), 进行 (进行分析 → 分析 is fine, 进行全面的批改 is not).
 */
export type FillerContext = 'any' | 'start' | 'sentence';

export interface FillerEntry {
  phrase: string;
  replacement: string;
  context: FillerContext;
  /** A regular-expression source used instead of the literal phrase (Chinese guards). */
  pattern?: string;
}

function entries(context: FillerContext, lines: string): FillerEntry[] {
  return lines
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [phrase = '', replacement = ''] = line.split('=>').map((part) => part.trim());
      return { phrase, replacement, context };
    });
}

export const ENGLISH_FILLERS: readonly FillerEntry[] = [
  ...entries('sentence', `
    thank you very much
    thank you so much
    thank you in advance
    thanks in advance
    thank you for your help
    thank you for your time
    thanks for your help
    thanks a lot
    thank you
    thanks
    many thanks
    much appreciated
    i appreciate your help
    i appreciate it
    hope this helps
  `),
  ...entries('start', `
    hello there
    hello
    hi there
    hi
    hey there
    hey
    greetings
    i would like you to
    i'd like you to
    i would like to ask you to
    i want you to
    i need you to
    i would appreciate it if you could
    i'd appreciate it if you could
    it would be great if you could
    it would be helpful if you could
    i was wondering if you could
    could you please
    would you please
    can you please
    would you kindly
    could you possibly
    do me a favor and
    if possible
    if you can
    if you don't mind
    it is important to note that
    it's important to note that
    it is worth noting that
    it's worth noting that
    it should be noted that
    please note that
    please keep in mind that
    keep in mind that
    bear in mind that
    it goes without saying that
    needless to say
    as you know
    as you may know
    as mentioned above
    as mentioned earlier
    as previously mentioned
    as stated above
    to be honest
    honestly
    frankly
    all in all
    as a matter of fact
    at the end of the day
    for what it's worth
  `),
  ...entries('any', `
    please
    kindly
    basically
    essentially
    actually
    literally
    really
    just
    simply
    very
    quite
    somewhat
    pretty much
    definitely
    certainly
    obviously
    of course
    in fact
    for all intents and purposes
    in my humble opinion
    first and foremost => first
    last but not least => finally
    each and every => every
    any and all => all
    in order to => to
    so as to => to
    due to the fact that => because
    owing to the fact that => because
    in spite of the fact that => although
    despite the fact that => although
    in the event that => if
    for the purpose of => for
    with regard to => about
    in regard to => about
    in relation to => about
    a large number of => many
    a great number of => many
    the majority of => most
    at the present time => now
    at this point in time => now
    in the near future => soon
    is able to => can
    are able to => can
    has the ability to => can
    have the ability to => can
    prior to => before
    subsequent to => after
    in close proximity to => near
    on a daily basis => daily
    on a regular basis => regularly
    until such time as => until
    take into consideration => consider
    take into account => consider
  `),
];

/** 请 is a politeness marker only at a clause start and not in 请求, 请教, 请假, 请客, 请示, 请愿 … */
const QING = '请(?![求教假客柬帖愿示辞问])';

export const CHINESE_FILLERS: readonly FillerEntry[] = [
  ...entries('sentence', `
    非常感谢
    十分感谢
    万分感谢
    提前感谢
    先谢谢了
    谢谢你
    谢谢您
    谢谢
    多谢
    感谢你
    感谢您
    辛苦了
    辛苦你了
  `),
  ...entries('start', `
    你好
    您好
    哈喽
    嗨
    不好意思
    打扰一下
    打扰了
    请问
    请你
    请您
    麻烦你
    麻烦您
    劳驾
    拜托你
    拜托您
    拜托
    烦请
    敬请
    恳请
    希望你能
    希望您能
    希望你可以
    我希望你
    我想让你
    我想请你
    我需要你
    能不能请你
    你能不能
    能否请你
    可不可以
    请你帮我
    请您帮我
    麻烦你帮我
    麻烦您帮我
    能不能帮我
    你能帮我
    请帮我
    可以帮我
    请帮忙
    如果可以的话
    如果可能的话
    如果方便的话
    需要注意的是
    值得注意的是
    值得一提的是
    要注意的是
    众所周知
    毫无疑问
    显而易见
    不言而喻
    总的来说
    总而言之
    换句话说
    也就是说
    说实话
    老实说
    坦白说
    坦白地说
    一般来说
    通常来说
    简单来说
    简单地说
    正如前面所说
    正如前文所述
    如前所述
    如上所述
    正如我们所知
    不得不说
    首先要说的是
  `),
  ...entries('any', `
    事实上
    实际上
    基本上
    在某种程度上
    某种程度上
    的时候 => 时
    能够 => 能
  `),
  { phrase: '请', replacement: '', context: 'start', pattern: QING },
  { phrase: '麻烦', replacement: '', context: 'start', pattern: '麻烦(?![的是事了])' },
  { phrase: '其实', replacement: '', context: 'any', pattern: '(?<!名副)其实' },
  { phrase: '非常', replacement: '', context: 'any', pattern: '非常(?![规态时])' },
  { phrase: '一下', replacement: '', context: 'any', pattern: '(?<=[\\p{Script=Han}])一下(?=[，。！？；：,.!?;:\\s这那吧]|$)' },
];
