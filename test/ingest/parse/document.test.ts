import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ArticleRecord, ParseResult, Refusal } from '../../../src/archive/record.ts';
import { PARSER_VERSION, parseDocument } from '../../../src/ingest/parse/document.ts';

const seedBytes = readFileSync(new URL('../../../seeds/000_b1d6e061c60b1637.txt', import.meta.url));
const seedText = seedBytes.toString('utf8');

function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');
}

function article(result: ParseResult): ArticleRecord {
  if (!result.ok) throw new Error(`refused: ${result.refusal.message}`);
  return result.article;
}

function refusal(result: ParseResult): Refusal {
  if (result.ok) throw new Error(`parsed: ${result.article.url}`);
  return result.refusal;
}

const ARTICLE_URL = 'https://cn.nytimes.com/china/20240813/variant/';

/** A seed document around `html`, with the usual capture comment, title line and rule. */
function seedDocument(html: string, titleLine = `[变体](${ARTICLE_URL})`): string {
  return `<!--1723511221000-->\n${titleLine}\n------\n\n${html}`;
}

function parseHtml(html: string): ArticleRecord {
  return article(parseDocument(seedDocument(html)));
}

describe('parseDocument on the seed document', () => {
  const seed = article(parseDocument(seedText));

  it('reads the identity of the article from the title line', () => {
    expect(seed.title).toBe('美国高级官员将访华进行经贸谈判');
    expect(seed.url).toBe('https://cn.nytimes.com/world/20240813/us-china-working-group-trade/');
    expect(seed.slug).toBe('world/20240813/us-china-working-group-trade');
    expect(seed.section).toBe('world');
    expect(seed.language).toBe('zh-Hans');
  });

  it('stores the Beijing publish time and the capture time in UTC', () => {
    expect(seed.publishedAt.toISOString()).toBe('2024-08-13T00:51:28.000Z');
    expect(seed.capturedAt?.toISOString()).toBe('2024-08-13T01:07:01.000Z');
    expect((seed.capturedAt?.getTime() ?? 0) - seed.publishedAt.getTime()).toBe((15 * 60 + 33) * 1000);
  });

  it('reads the lead figure and the inline figure, unwrapping the image proxy', () => {
    expect(seed.figures).toEqual([
      {
        position: 0,
        isLead: true,
        src: 'https://static01.nyt.com/images/2024/08/12/multimedia/12dc-uschina-hmtq/12dc-uschina-hmtq-master1050.jpg',
        width: 1050,
        height: 700,
        caption: '美中之间的沟通在过去一年里有所改善，但由于在产业政策和绿色能源方面存在分歧，两国的经济关系仍然紧张。',
        credit: 'Gilles Sabrie for The New York Times',
      },
      {
        position: 1,
        isLead: false,
        src: 'https://static01.nyt.com/images/2024/08/12/multimedia/12dc-uschina5-lczk/12dc-uschina5-lczk-master1050.jpg',
        width: null,
        height: null,
        caption: '美国财长耶伦今年4月访问中国时，曾敦促中国官员停止向全球市场倾销廉价清洁能源产品。',
        credit: null,
      },
    ]);
  });

  it('lays the body out as five paragraphs, the inline figure, five paragraphs', () => {
    expect(seed.blocks.map((block) => block.type)).toEqual([
      ...Array<string>(5).fill('paragraph'),
      'figure',
      ...Array<string>(5).fill('paragraph'),
    ]);
    expect(seed.blocks[5]).toEqual({ type: 'figure', position: 1 });
    expect(seed.blocks[1]).toEqual({
      type: 'paragraph',
      html: '由<a href="https://www.nytimes.com/2023/09/22/us/politics/us-china-economic-dialogue.html">去年成立的</a>美中金融工作组召集的这轮会议将于周四和周五举行。预计官员们讨论的问题将包括保持经济和金融稳定的办法、资本市场，以及遏制芬太尼流入美国的努力。',
      text: '由去年成立的美中金融工作组召集的这轮会议将于周四和周五举行。预计官员们讨论的问题将包括保持经济和金融稳定的办法、资本市场，以及遏制芬太尼流入美国的努力。',
    });
    expect(seed.blocks[10]).toEqual({
      type: 'paragraph',
      html: '本周这轮会谈是金融工作组的第五次，也是官员们第二次在中国召开会议。',
      text: '本周这轮会谈是金融工作组的第五次，也是官员们第二次在中国召开会议。',
    });
  });

  it('takes the summary from the first paragraph', () => {
    expect(seed.summary).toBe(
      '本周，拜登政府的一批高级官员将前往上海参加高级别会议，希望在两国贸易紧张局势日益加剧的情况下，保持双方经济关系的稳定。',
    );
  });

  it('joins the prose of the body as bodyText, without captions or footer', () => {
    const paragraphs = seed.bodyText.split('\n\n');
    expect(paragraphs).toHaveLength(10);
    expect(paragraphs[0]).toBe(seed.summary);
    expect(paragraphs[9]).toBe('本周这轮会谈是金融工作组的第五次，也是官员们第二次在中国召开会议。');
    expect(seed.bodyText).not.toContain('美国财长耶伦今年4月访问中国时');
    expect(seed.bodyText).not.toContain('翻译');
    expect(seed.bodyText).not.toMatch(/[<>]/);
  });

  it('renders sanitized bodyHtml with the inline figure in place', () => {
    const blocks = seed.bodyHtml.split('\n');
    expect(blocks).toHaveLength(11);
    expect(blocks[5]).toBe(
      '<figure><img src="https://static01.nyt.com/images/2024/08/12/multimedia/12dc-uschina5-lczk/12dc-uschina5-lczk-master1050.jpg"><figcaption>美国财长耶伦今年4月访问中国时，曾敦促中国官员停止向全球市场倾销廉价清洁能源产品。</figcaption></figure>',
    );
    expect(blocks[7]).toBe(
      '<p>拜登政府一直在<a href="https://cn.nytimes.com/usa/20231116/biden-xi-fentanyl/" title="Link: https://cn.nytimes.com/usa/20231116/biden-xi-fentanyl/">敦促中国采取行动</a>，防止用于生产芬太尼的化学品出口到其他国家和走私到美国。本月有迹象表明在这方面取得了进展，中国宣布将对其中三种化学品采取新的限制措施，美国称此举是“向前迈出的宝贵一步”。</p>',
    );
    expect(seed.bodyHtml).not.toMatch(/style=|<small|<section|weserv|点击查看/);
  });

  it('reads the author from the byline and the footer bio', () => {
    expect(seed.authors).toEqual([
      {
        slug: 'alan-rappeport',
        name: 'Alan Rappeport',
        bio: 'Alan Rappeport是时报驻华盛顿的经济政策记者。 他负责报道财政部并撰写有关税收、贸易和财政事务的文章。',
        profileUrl: 'https://www.nytimes.com/by/alan-rappeport',
      },
    ]);
  });

  it('reads credits and the English original from the footer', () => {
    expect(seed.credits).toEqual(['翻译：纽约时报中文网']);
    expect(seed.originalUrl).toBe('https://www.nytimes.com/2024/08/12/us/politics/us-china-working-group-trade.html');
  });

  it('lists every link in document order, classified', () => {
    expect(seed.links).toEqual([
      {
        position: 0,
        href: 'https://www.nytimes.com/2023/09/22/us/politics/us-china-economic-dialogue.html',
        text: '去年成立的',
        title: null,
        kind: 'EXTERNAL',
        targetUrl: null,
      },
      {
        position: 1,
        href: 'https://cn.nytimes.com/world/20240408/yellen-china-green-energy-exports/',
        text: '产业政策',
        title: null,
        kind: 'ARTICLE',
        targetUrl: 'https://cn.nytimes.com/world/20240408/yellen-china-green-energy-exports/',
      },
      {
        position: 2,
        href: 'https://cn.nytimes.com/usa/20231116/biden-xi-fentanyl/',
        text: '敦促中国采取行动',
        title: 'Link: https://cn.nytimes.com/usa/20231116/biden-xi-fentanyl/',
        kind: 'ARTICLE',
        targetUrl: 'https://cn.nytimes.com/usa/20231116/biden-xi-fentanyl/',
      },
      {
        position: 3,
        href: 'https://cn.nytimes.com/china/20240722/china-economy-third-plenum-decision/',
        text: '增强国内消费',
        title: null,
        kind: 'ARTICLE',
        targetUrl: 'https://cn.nytimes.com/china/20240722/china-economy-third-plenum-decision/',
      },
      {
        position: 4,
        href: 'https://www.nytimes.com/by/alan-rappeport',
        text: '点击查看更多关于他的信息。',
        title: null,
        kind: 'AUTHOR',
        targetUrl: null,
      },
      {
        position: 5,
        href: 'https://www.nytimes.com/2024/08/12/us/politics/us-china-working-group-trade.html',
        text: '点击查看本文英文版。',
        title: null,
        kind: 'ORIGINAL',
        targetUrl: null,
      },
    ]);
  });

  it('hashes the parser version with the source text', () => {
    const expected = createHash('sha256').update(`${PARSER_VERSION}\n${seedText}`).digest('hex');
    expect(seed.contentHash).toBe(expected);
    expect(seed.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same record for the bytes as for the decoded text', () => {
    expect(article(parseDocument(seedBytes))).toEqual(seed);
  });

  it('ignores fallbackDate when the document dates itself', () => {
    expect(article(parseDocument(seedText, { fallbackDate: new Date(0) })).publishedAt).toEqual(seed.publishedAt);
  });
});

describe('parseDocument on variant documents', () => {
  it('parses an article without a figure', () => {
    const parsed = parseHtml(
      '<address>ALAN RAPPEPORT</address><time datetime="2024-08-13 08:51:28">2024年8月13日</time><section><p>只有一段。</p></section>',
    );
    expect(parsed.figures).toEqual([]);
    expect(parsed.blocks).toEqual([{ type: 'paragraph', html: '只有一段。', text: '只有一段。' }]);
    expect(parsed.summary).toBe('只有一段。');
    expect(parsed.authors).toEqual([{ slug: 'alan-rappeport', name: 'Alan Rappeport', bio: null, profileUrl: null }]);
    expect(parsed.credits).toEqual([]);
    expect(parsed.originalUrl).toBeNull();
    expect(parsed.links).toEqual([]);
  });

  describe('with several authors', () => {
    const parsed = article(parseDocument(fixture('parse-several-authors.txt')));

    it('reads authors in byline order with footer spellings, bios and profiles', () => {
      expect(parsed.authors).toEqual([
        {
          slug: 'javier-c-hernandez',
          name: 'Javier C. Hernández',
          bio: 'Javier C. Hernández是时报驻北京记者。',
          profileUrl: 'https://www.nytimes.com/by/javier-c-hernandez',
        },
        {
          slug: `author-${createHash('sha256').update('储百亮').digest('hex').slice(0, 12)}`,
          name: '储百亮',
          bio: '储百亮(Chris Buckley)是时报首席中国记者。',
          profileUrl: null,
        },
        {
          slug: 'jean-pierre-o-neill',
          name: 'Jean-Pierre O’Neill',
          bio: 'Jean-Pierre O’Neill自巴黎对本文有报道贡献。',
          profileUrl: null,
        },
        {
          slug: 'keith-bradsher',
          name: 'Keith Bradsher',
          bio: 'Keith Bradsher是时报上海分社社长。',
          profileUrl: 'https://www.nytimes.com/by/keith-bradsher',
        },
      ]);
    });

    it('keeps the other footer lines as credits and finds the labelled original', () => {
      expect(parsed.credits).toEqual(['Berry Wang自香港对本文有报道贡献。', '翻译：纽约时报中文网']);
      expect(parsed.originalUrl).toBe('https://www.nytimes.com/2023/11/13/business/china-economy.html');
    });

    it('normalizes the title line: markdown escapes, entities, scheme, host, query, language', () => {
      expect(parsed.title).toBe('中国经济[分析]：消费&投资');
      expect(parsed.url).toBe('https://cn.nytimes.com/business/20231114/china-economy/zh-hant/');
      expect(parsed.slug).toBe('business/20231114/china-economy/zh-hant');
      expect(parsed.language).toBe('zh-Hant');
    });

    it('reads a date-only time as Beijing midnight', () => {
      expect(parsed.publishedAt.toISOString()).toBe('2023-11-13T16:00:00.000Z');
    });

    it('resolves a relative link to an absolute ARTICLE link', () => {
      expect(parsed.links[0]).toEqual({
        position: 0,
        href: 'https://cn.nytimes.com/china/20231101/related-story',
        text: '相关报道',
        title: null,
        kind: 'ARTICLE',
        targetUrl: 'https://cn.nytimes.com/china/20231101/related-story/',
      });
      expect(parsed.links.map((link) => link.kind)).toEqual(['ARTICLE', 'AUTHOR', 'AUTHOR', 'ORIGINAL']);
    });
  });

  it('deduplicates authors by slug and prefers a profile line over a mention', () => {
    const parsed = parseHtml(
      '<address>AMY QIN, Amy Qin</address><footer><p>Amy Qin自台北对本文有报道贡献。</p><p>Amy Qin是时报记者。<a href="https://www.nytimes.com/by/amy-qin">点击查看</a></p></footer>',
    );
    expect(parsed.authors).toEqual([
      {
        slug: 'amy-qin',
        name: 'Amy Qin',
        bio: 'Amy Qin是时报记者。',
        profileUrl: 'https://www.nytimes.com/by/amy-qin',
      },
    ]);
    expect(parsed.credits).toEqual(['Amy Qin自台北对本文有报道贡献。']);
  });

  it('matches a footer line to an author by profile slug when the line starts with another spelling', () => {
    const parsed = parseHtml(
      '<address>CHRIS BUCKLEY</address><footer><p>储百亮(Chris Buckley)是时报首席中国记者。<a href="https://www.nytimes.com/by/chris-buckley">点击查看</a></p></footer>',
    );
    expect(parsed.authors).toEqual([
      {
        slug: 'chris-buckley',
        name: 'Chris Buckley',
        bio: '储百亮(Chris Buckley)是时报首席中国记者。',
        profileUrl: 'https://www.nytimes.com/by/chris-buckley',
      },
    ]);
    expect(parsed.credits).toEqual([]);
  });

  it('falls back to the first English-site footer link as the original', () => {
    const parsed = parseHtml(
      '<footer><p>原文：<a href="https://www.nytimes.com/by/someone">作者</a></p><p>原文：<a href="https://www.nytimes.com/2024/01/01/world/x.html">https://www.nytimes.com/2024/01/01/world/x.html</a></p><p>翻译：纽约时报中文网</p></footer>',
    );
    expect(parsed.originalUrl).toBe('https://www.nytimes.com/2024/01/01/world/x.html');
    expect(parsed.credits).toEqual(['原文：作者', '翻译：纽约时报中文网']);
    expect(parsed.links.map((link) => link.kind)).toEqual(['AUTHOR', 'ORIGINAL']);
  });

  it('reads images: protocol-relative, direct, proxied through wsrv.nl, and without usable src', () => {
    const parsed = parseHtml(
      [
        '<figure><img src="//static01.nyt.com/lead.jpg" width="600" height="abc"><figcaption><cite>Credit Only</cite></figcaption></figure>',
        '<section>',
        '<p><img src="https://wsrv.nl/?url=ssl:static01.nyt.com/a.jpg" width="0" height="400"><small>图一</small></p>',
        '<p><img src="/images/b.jpg">没有small的图说</p>',
        '<p><img src="javascript:alert(1)"><small>坏图的图说</small></p>',
        '<figure><figcaption>没有图片</figcaption></figure>',
        '</section>',
      ].join(''),
    );
    expect(parsed.figures).toEqual([
      {
        position: 0,
        isLead: true,
        src: 'https://static01.nyt.com/lead.jpg',
        width: 600,
        height: null,
        caption: null,
        credit: 'Credit Only',
      },
      {
        position: 1,
        isLead: false,
        src: 'https://static01.nyt.com/a.jpg',
        width: null,
        height: 400,
        caption: '图一',
        credit: null,
      },
      {
        position: 2,
        isLead: false,
        src: 'https://cn.nytimes.com/images/b.jpg',
        width: null,
        height: null,
        caption: '没有small的图说',
        credit: null,
      },
    ]);
    expect(parsed.blocks).toEqual([
      { type: 'figure', position: 1 },
      { type: 'figure', position: 2 },
    ]);
    expect(parsed.bodyText).toBe('');
  });

  it('emits the prose of an image paragraph as a paragraph too, in reading order', () => {
    const parsed = parseHtml(
      '<section><p>前文。<img src="https://static01.nyt.com/a.jpg"><small>图说 <cite>摄影：某人</cite></small></p><p><img src="https://static01.nyt.com/b.jpg"><small>图说二</small>后文。</p></section>',
    );
    expect(parsed.blocks).toEqual([
      { type: 'paragraph', html: '前文。', text: '前文。' },
      { type: 'figure', position: 0 },
      { type: 'figure', position: 1 },
      { type: 'paragraph', html: '后文。', text: '后文。' },
    ]);
    expect(parsed.figures[0]).toMatchObject({ caption: '图说', credit: '摄影：某人' });
    expect(parsed.bodyHtml).toBe(
      [
        '<p>前文。</p>',
        '<figure><img src="https://static01.nyt.com/a.jpg"><figcaption>图说 <cite>摄影：某人</cite></figcaption></figure>',
        '<figure><img src="https://static01.nyt.com/b.jpg"><figcaption>图说二</figcaption></figure>',
        '<p>后文。</p>',
      ].join('\n'),
    );
  });

  it('records links inside the lead figure caption first', () => {
    const parsed = parseHtml(
      '<figure><img src="https://static01.nyt.com/a.jpg"><figcaption>图说<a href="https://example.com/photo">来源</a> <cite>Credit</cite></figcaption></figure><section><p><a href="https://example.com/body">正文</a></p></section>',
    );
    expect(parsed.figures[0]).toMatchObject({ isLead: true, caption: '图说来源', credit: 'Credit' });
    expect(parsed.links.map((link) => link.href)).toEqual(['https://example.com/photo', 'https://example.com/body']);
  });

  describe('with hostile markup', () => {
    const parsed = article(parseDocument(fixture('parse-hostile.txt')));

    it('keeps only safe markup and attributes in bodyHtml', () => {
      expect(parsed.bodyHtml).toBe(
        [
          '<p>开头伪链接，大小写，数据，vb，邮件，锚点，<a href="https://example.com/ok?a=1&amp;b=2" title="say &quot;hi&quot; &lt;now&gt;">正常</a>红字<em>强调</em> 5 &lt; 6 &amp; 7 &gt; 3</p>',
          '<figure><img src="https://static01.nyt.com/a.jpg"><figcaption>图说</figcaption></figure>',
          '<p>结尾</p>',
        ].join('\n'),
      );
    });

    it('lets no script, handler, style or dropped content through anywhere', () => {
      const output = JSON.stringify(parsed);
      for (const forbidden of [
        'alert',
        'steal',
        'cookie',
        'onclick',
        'onerror',
        'style=',
        'javascript',
        'vbscript',
        'data:',
        'display: none',
        '框架文字',
        '无脚本',
        '表单内文字',
        '按钮',
        'svg链接',
        '对象',
        '模板',
        '选项',
        '文本区',
        'evil.example',
      ]) {
        expect(output).not.toContain(forbidden);
      }
    });

    it('keeps plain text escaped in html and literal in text', () => {
      expect(parsed.bodyText).toBe('开头伪链接，大小写，数据，vb，邮件，锚点，正常红字强调 5 < 6 & 7 > 3\n\n结尾');
    });

    it('keeps only the http(s) link', () => {
      expect(parsed.links).toEqual([
        {
          position: 0,
          href: 'https://example.com/ok?a=1&b=2',
          text: '正常',
          title: 'say "hi" <now>',
          kind: 'EXTERNAL',
          targetUrl: null,
        },
      ]);
    });
  });

  describe('with unclosed tags and a footer without <p>', () => {
    const parsed = article(parseDocument(fixture('parse-loose-footer.txt')));

    it('closes paragraphs and inline markup sensibly', () => {
      expect(parsed.blocks).toEqual([
        { type: 'paragraph', html: '第一段', text: '第一段' },
        { type: 'paragraph', html: '第二段，<b>加粗<i>斜体</i></b>', text: '第二段，加粗斜体' },
        { type: 'paragraph', html: '第三段。', text: '第三段。' },
      ]);
    });

    it('still reads the footer left inside the unclosed section', () => {
      expect(parsed.authors).toEqual([
        {
          slug: 'alan-rappeport',
          name: 'Alan Rappeport',
          bio: 'Alan Rappeport是时报驻华盛顿的经济政策记者。 他负责报道财政部。',
          profileUrl: 'https://www.nytimes.com/by/alan-rappeport',
        },
      ]);
      expect(parsed.credits).toEqual(['翻译：纽约时报中文网']);
      expect(parsed.originalUrl).toBe('https://www.nytimes.com/2024/08/12/us/politics/loose-footer.html');
      expect(parsed.bodyText).not.toContain('翻译');
    });

    it('uses pudate when datetime is absent, and accepts a title line without a rule', () => {
      expect(parsed.publishedAt.toISOString()).toBe('2024-08-13T00:51:28.000Z');
      expect(parsed.title).toBe('松散的页脚');
      expect(parsed.section).toBe('asia-pacific');
    });
  });

  it('splits a loose footer at <br>', () => {
    const parsed = parseHtml('<footer>翻译：纽约时报中文网<br>Berry Wang自香港对本文有报道贡献。<br><br></footer>');
    expect(parsed.credits).toEqual(['翻译：纽约时报中文网', 'Berry Wang自香港对本文有报道贡献。']);
  });

  it.each([
    ['datetime only', '<time datetime="2024-08-13 08:51:28">x</time>', '2024-08-13T00:51:28.000Z'],
    ['a T separator', '<time datetime="2024-08-13T08:51:28">x</time>', '2024-08-13T00:51:28.000Z'],
    [
      'an unusable datetime and a pudate',
      '<time datetime="8月13日" pudate="2024-08-13 09:00:00">x</time>',
      '2024-08-13T01:00:00.000Z',
    ],
    ['no <time>: the capture time', '', '2024-08-13T01:07:01.000Z'],
  ])('dates the article from %s', (_, time, expected) => {
    expect(parseHtml(`<address>A</address>${time}<section><p>x</p></section>`).publishedAt.toISOString()).toBe(
      expected,
    );
  });

  it('uses the URL date, at Beijing midnight, when there is neither a time nor a capture line', () => {
    const parsed = article(parseDocument(`[无日期](${ARTICLE_URL})\n<p>x</p>`, { fallbackDate: new Date(0) }));
    expect(parsed.capturedAt).toBeNull();
    expect(parsed.publishedAt.toISOString()).toBe('2024-08-12T16:00:00.000Z');
  });

  it('uses fallbackDate when nothing in the document dates it', () => {
    const fallbackDate = new Date('2020-01-02T03:04:05Z');
    const parsed = article(parseDocument('[无日期](https://example.com/story)\n<p>x</p>', { fallbackDate }));
    expect(parsed.publishedAt).toEqual(fallbackDate);
  });

  it('defaults to the current time only when nothing dates the document', () => {
    const before = Date.now();
    const parsed = article(parseDocument('[无日期](https://example.com/story)\n<p>x</p>'));
    expect(parsed.publishedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(parsed.publishedAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('reads CRLF line endings and a BOM, from text and from bytes', () => {
    const lf = seedText;
    const crlf = `\uFEFF${lf.replaceAll('\n', '\r\n')}`;
    const fromText = article(parseDocument(crlf));
    const fromBytes = article(parseDocument(new TextEncoder().encode(crlf)));
    const { contentHash: lfHash, ...lfFields } = article(parseDocument(lf));
    const { contentHash: crlfHash, ...crlfFields } = fromText;
    expect(crlfFields).toEqual(lfFields);
    expect(crlfHash).not.toBe(lfHash);
    expect(fromBytes).toEqual(fromText);
    expect(fromText.contentHash).toBe(
      createHash('sha256')
        .update(`${PARSER_VERSION}\n${crlf.slice(1)}`)
        .digest('hex'),
    );
  });

  it('tolerates extra blank lines and comments around the header', () => {
    const parsed = article(
      parseDocument(
        `\n\n<!--1723511221000-->\n\n<!-- feed v2 -->\n[标题](${ARTICLE_URL})\n\n\n------\n\n\n<p>x</p>\n\n`,
      ),
    );
    expect(parsed.capturedAt?.toISOString()).toBe('2024-08-13T01:07:01.000Z');
    expect(parsed.blocks).toEqual([{ type: 'paragraph', html: 'x', text: 'x' }]);
  });

  it('maps headings to levels 2-4 and keeps blockquotes', () => {
    const parsed = parseHtml(
      '<section><h1>一</h1><h2>二</h2><h3>三 <a href="https://example.com/h">链</a></h3><h4>四</h4><h5>五</h5><h6>六</h6><h2> </h2><blockquote><p>引语一</p><p>引语<strong>二</strong></p></blockquote></section>',
    );
    expect(parsed.blocks).toEqual([
      { type: 'heading', level: 2, text: '一' },
      { type: 'heading', level: 2, text: '二' },
      { type: 'heading', level: 3, text: '三 链' },
      { type: 'heading', level: 4, text: '四' },
      { type: 'heading', level: 4, text: '五' },
      { type: 'heading', level: 4, text: '六' },
      { type: 'quote', html: '引语一<br>引语<strong>二</strong>', text: '引语一 引语二' },
    ]);
    expect(parsed.bodyHtml).toBe(
      '<h2>一</h2>\n<h2>二</h2>\n<h3>三 链</h3>\n<h4>四</h4>\n<h4>五</h4>\n<h4>六</h4>\n<blockquote>引语一<br>引语<strong>二</strong></blockquote>',
    );
    expect(parsed.bodyText).toBe('一\n\n二\n\n三 链\n\n四\n\n五\n\n六\n\n引语一 引语二');
    expect(parsed.summary).toBe('');
    expect(parsed.links.map((link) => link.href)).toEqual(['https://example.com/h']);
  });

  it('turns loose content, wrapper divs and list items into paragraphs', () => {
    const parsed = parseHtml(
      '<section>松散的 <b>文字</b><br>第二行<div><div><p>包裹的段落</p>尾随文字</div></div><ul><li>甲</li><li>乙<ul><li>丙</li></ul></li></ul><p>  </p><p><span> </span></p></section>',
    );
    expect(parsed.blocks).toEqual([
      { type: 'paragraph', html: '松散的 <b>文字</b><br>第二行', text: '松散的 文字 第二行' },
      { type: 'paragraph', html: '包裹的段落', text: '包裹的段落' },
      { type: 'paragraph', html: '尾随文字', text: '尾随文字' },
      { type: 'paragraph', html: '甲', text: '甲' },
      { type: 'paragraph', html: '乙', text: '乙' },
      { type: 'paragraph', html: '丙', text: '丙' },
    ]);
  });

  it('collapses whitespace across inline elements and drops empty inline markup', () => {
    const parsed = parseHtml(
      '<section><p>\n  一  <b> 二 </b>  三<i></i> <a href="https://example.com/"> 四 </a>\n</p></section>',
    );
    expect(parsed.blocks).toEqual([
      { type: 'paragraph', html: '一 <b>二</b> 三 <a href="https://example.com/">四</a>', text: '一 二 三 四' },
    ]);
    expect(parsed.links[0]?.text).toBe('四');
  });

  it('reads a document without a <section> as body content', () => {
    const parsed = parseHtml(
      '<address>A</address><figure><img src="https://static01.nyt.com/a.jpg"></figure><p>正文。</p><figure><img src="https://static01.nyt.com/b.jpg"></figure>',
    );
    expect(parsed.figures.map((figure) => figure.isLead)).toEqual([true, false]);
    expect(parsed.blocks).toEqual([
      { type: 'paragraph', html: '正文。', text: '正文。' },
      { type: 'figure', position: 1 },
    ]);
  });

  it('keeps the address of another site, upgraded to https', () => {
    const parsed = article(
      parseDocument(seedDocument('<p>x</p>', '[外站](http://WWW.Example.com/news/story.php?id=7#comments)')),
    );
    expect(parsed.url).toBe('https://www.example.com/news/story.php?id=7');
    expect(parsed.slug).toBe('news/story.php');
    expect(parsed.section).toBe('news');
  });

  it('reads a title that contains brackets and parentheses', () => {
    const parsed = article(parseDocument(seedDocument('<p>x</p>', `[[视频] 北京(中国)的“秋天”](${ARTICLE_URL})`)));
    expect(parsed.title).toBe('[视频] 北京(中国)的“秋天”');
    expect(parsed.url).toBe(ARTICLE_URL);
  });
});

describe('parseDocument refusals', () => {
  it.each([
    ['an empty string', ''],
    ['whitespace only', ' \n\r\n\t \n'],
    ['empty bytes', new Uint8Array()],
  ])('refuses %s as empty', (_, input) => {
    expect(refusal(parseDocument(input))).toEqual({ reason: 'empty', message: 'empty document' });
  });

  it('refuses bytes with NUL as binary', () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    expect(refusal(parseDocument(bytes)).reason).toBe('binary');
    expect(refusal(parseDocument(new TextEncoder().encode(`${seedText}\0`)))).toEqual({
      reason: 'binary',
      message: 'binary content: contains NUL bytes',
    });
  });

  it('refuses bytes that are not UTF-8 as binary', () => {
    expect(refusal(parseDocument(new Uint8Array([0x5b, 0xc3, 0x28, 0x5d])))).toEqual({
      reason: 'binary',
      message: 'binary content: not valid UTF-8',
    });
  });

  it('refuses text with NUL characters as binary', () => {
    expect(refusal(parseDocument('abc\0def')).reason).toBe('binary');
  });

  it.each([
    ['HTML only', '<p>没有标题行</p>'],
    ['a capture line only', '<!--1723511221000-->\n'],
    ['a plain-text title', '<!--1723511221000-->\n美国高级官员将访华\n<p>x</p>'],
    ['a title without a URL', '<!--1723511221000-->\n[美国高级官员将访华]\n<p>x</p>'],
    ['an empty title', `[](${ARTICLE_URL})\n<p>x</p>`],
  ])('refuses %s as having no title line', (_, text) => {
    const refused = refusal(parseDocument(text));
    expect(refused.reason).toBe('no-title-line');
    expect(refused.message).toMatch(/^no title line: [^\n]+$/);
  });

  it.each([['ftp://cn.nytimes.com/world/20240813/x/'], ['/world/20240813/x/'], ['javascript:alert(1)'], ['']])(
    'refuses the title URL %j as a bad URL',
    (href) => {
      expect(refusal(parseDocument(seedDocument('<p>x</p>', `[标题](${href})`)))).toEqual({
        reason: 'bad-url',
        message: `bad url: ${JSON.stringify(href)} is not an absolute http(s) URL`,
      });
    },
  );
});

describe('hostile nesting', () => {
  const nested = (depth: number) =>
    `[深](https://cn.nytimes.com/world/20240101/deep/)\n<section>${'<div>'.repeat(depth)}<p>深<script>evil()</script><b>层</b></p>${'</div>'.repeat(depth)}<p>后</p></section>`;

  it('reads deep but plausible nesting, keeping the text and dropping scripts', () => {
    const result = parseDocument(nested(900));
    expect(result.ok && result.article.blocks).toEqual([
      { type: 'paragraph', html: '深层', text: '深层' },
      { type: 'paragraph', html: '后', text: '后' },
    ]);
  });

  it('refuses nesting deep enough to stall an HTML parser', () => {
    expect(parseDocument(nested(100_000))).toEqual({
      ok: false,
      refusal: { reason: 'too-deeply-nested', message: 'markup nested more than 1000 elements deep' },
    });
  });
});
