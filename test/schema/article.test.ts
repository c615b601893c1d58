import { beforeAll, describe, expect, it } from 'vitest';
import { renderDocument } from '../../src/corpus/render.ts';
import { ArticlePageDocument } from '../generated/graphql.ts';
import { articleSpec, seedText, store } from '../support/archive.ts';
import { execute, executeOk } from '../support/execute.ts';

const seedSlug = 'world/20240813/us-china-working-group-trade';
const lookupQuery = 'query ($url: String, $slug: String) { article(url: $url, slug: $slug) { slug } }';

beforeAll(async () => {
  await store(seedText);
  // The seed links to this article; a second article links back to the seed.
  await store(
    renderDocument(
      articleSpec({
        title: '耶伦访华',
        url: 'https://cn.nytimes.com/world/20240408/yellen-china-green-energy-exports/',
        published: '2024-04-08 10:00:00',
        authors: [{ byline: 'KEITH BRADSHER' }],
        body: [
          { paragraph: '<a href="https://cn.nytimes.com/world/20240813/us-china-working-group-trade">后续报道</a>' },
        ],
      }),
    ),
  );
});

describe('article', () => {
  it('serves every field of the seed article', async () => {
    const data = await executeOk(ArticlePageDocument, { slug: seedSlug });
    const article = data.article;
    if (!article) throw new Error('seed article missing');
    const { id, ...fields } = article;
    expect(Buffer.from(id, 'base64').toString()).toMatch(/^Article:\d+$/);
    expect(fields).toMatchInlineSnapshot(`
      {
        "authors": [
          {
            "articles": {
              "edges": [
                {
                  "node": {
                    "slug": "world/20240813/us-china-working-group-trade",
                    "title": "美国高级官员将访华进行经贸谈判",
                  },
                },
              ],
            },
            "bio": "Alan Rappeport是时报驻华盛顿的经济政策记者。 他负责报道财政部并撰写有关税收、贸易和财政事务的文章。",
            "name": "Alan Rappeport",
            "profileUrl": "https://www.nytimes.com/by/alan-rappeport",
            "slug": "alan-rappeport",
          },
        ],
        "backlinks": {
          "edges": [
            {
              "node": {
                "slug": "world/20240408/yellen-china-green-energy-exports",
                "title": "耶伦访华",
              },
            },
          ],
          "totalCount": 1,
        },
        "blocks": [
          {
            "__typename": "ParagraphBlock",
            "html": "本周，拜登政府的一批高级官员将前往上海参加高级别会议，希望在两国贸易紧张局势日益加剧的情况下，保持双方经济关系的稳定。",
            "text": "本周，拜登政府的一批高级官员将前往上海参加高级别会议，希望在两国贸易紧张局势日益加剧的情况下，保持双方经济关系的稳定。",
          },
          {
            "__typename": "ParagraphBlock",
            "html": "由<a href="https://www.nytimes.com/2023/09/22/us/politics/us-china-economic-dialogue.html">去年成立的</a>美中金融工作组召集的这轮会议将于周四和周五举行。预计官员们讨论的问题将包括保持经济和金融稳定的办法、资本市场，以及遏制芬太尼流入美国的努力。",
            "text": "由去年成立的美中金融工作组召集的这轮会议将于周四和周五举行。预计官员们讨论的问题将包括保持经济和金融稳定的办法、资本市场，以及遏制芬太尼流入美国的努力。",
          },
          {
            "__typename": "ParagraphBlock",
            "html": "尽管美中之间的沟通在过去一年中有所改善，但由于在<a href="https://cn.nytimes.com/world/20240408/yellen-china-green-energy-exports/">产业政策</a>和中国主导绿色能源技术领域方面的分歧，两国经济关系仍然紧张。拜登政府已于今年5月开始对一系列中国进口产品征收新关税，包括电动汽车、太阳能电池、半导体和先进电池。美国也在限制本国对中国某些行业的投资，因为美国的政策制定者认为这可能威胁到国家安全。",
            "text": "尽管美中之间的沟通在过去一年中有所改善，但由于在产业政策和中国主导绿色能源技术领域方面的分歧，两国经济关系仍然紧张。拜登政府已于今年5月开始对一系列中国进口产品征收新关税，包括电动汽车、太阳能电池、半导体和先进电池。美国也在限制本国对中国某些行业的投资，因为美国的政策制定者认为这可能威胁到国家安全。",
          },
          {
            "__typename": "ParagraphBlock",
            "html": "美国代表团由财政部负责国际金融事务的助理财长布伦特·奈曼率领，将于周一启程。代表团成员包括美联储和美国证券交易委员会的官员。预计他们将与中国人民银行副行长宣昌能和其他中国高级官员会晤。",
            "text": "美国代表团由财政部负责国际金融事务的助理财长布伦特·奈曼率领，将于周一启程。代表团成员包括美联储和美国证券交易委员会的官员。预计他们将与中国人民银行副行长宣昌能和其他中国高级官员会晤。",
          },
          {
            "__typename": "ParagraphBlock",
            "html": "“我们打算在这轮金融工作组会议上讨论金融稳定，与跨境数据、贷款和支付有关的事宜，私营部门推进低碳转型融资的努力，以及出现金融压力时我们可以采取哪些改善沟通的具体措施，”奈曼在启程前说。",
            "text": "“我们打算在这轮金融工作组会议上讨论金融稳定，与跨境数据、贷款和支付有关的事宜，私营部门推进低碳转型融资的努力，以及出现金融压力时我们可以采取哪些改善沟通的具体措施，”奈曼在启程前说。",
          },
          {
            "__typename": "FigureBlock",
            "figure": {
              "caption": "美国财长耶伦今年4月访问中国时，曾敦促中国官员停止向全球市场倾销廉价清洁能源产品。",
              "credit": null,
              "height": null,
              "isLead": false,
              "position": 1,
              "src": "https://static01.nyt.com/images/2024/08/12/multimedia/12dc-uschina5-lczk/12dc-uschina5-lczk-master1050.jpg",
              "width": null,
            },
          },
          {
            "__typename": "ParagraphBlock",
            "html": "双方的金融监管者们今年一直在进行金融冲击演习，以便在发生可能影响国际银行或保险系统稳定的危机，比如网络攻击或气候灾难等时协调应对措施。",
            "text": "双方的金融监管者们今年一直在进行金融冲击演习，以便在发生可能影响国际银行或保险系统稳定的危机，比如网络攻击或气候灾难等时协调应对措施。",
          },
          {
            "__typename": "ParagraphBlock",
            "html": "拜登政府一直在<a href="https://cn.nytimes.com/usa/20231116/biden-xi-fentanyl/" title="Link: https://cn.nytimes.com/usa/20231116/biden-xi-fentanyl/">敦促中国采取行动</a>，防止用于生产芬太尼的化学品出口到其他国家和走私到美国。本月有迹象表明在这方面取得了进展，中国宣布将对其中三种化学品采取新的限制措施，美国称此举是“向前迈出的宝贵一步”。",
            "text": "拜登政府一直在敦促中国采取行动，防止用于生产芬太尼的化学品出口到其他国家和走私到美国。本月有迹象表明在这方面取得了进展，中国宣布将对其中三种化学品采取新的限制措施，美国称此举是“向前迈出的宝贵一步”。",
          },
          {
            "__typename": "ParagraphBlock",
            "html": "双方继续在其他经济问题上存在争议。财长耶伦在今年4月访华期间曾敦促中国官员停止向全球市场倾销廉价清洁能源产品，并警告，中国的过剩工业产能将扭曲全球供应链。",
            "text": "双方继续在其他经济问题上存在争议。财长耶伦在今年4月访华期间曾敦促中国官员停止向全球市场倾销廉价清洁能源产品，并警告，中国的过剩工业产能将扭曲全球供应链。",
          },
          {
            "__typename": "ParagraphBlock",
            "html": "但在中共领导人上个月举行会议之后，没有多少迹象表明中国政府会减少对高科技制造业的投资，或在通过<a href="https://cn.nytimes.com/china/20240722/china-economy-third-plenum-decision/">增强国内消费</a>重新平衡经济方面采取重大措施。",
            "text": "但在中共领导人上个月举行会议之后，没有多少迹象表明中国政府会减少对高科技制造业的投资，或在通过增强国内消费重新平衡经济方面采取重大措施。",
          },
          {
            "__typename": "ParagraphBlock",
            "html": "本周这轮会谈是金融工作组的第五次，也是官员们第二次在中国召开会议。",
            "text": "本周这轮会谈是金融工作组的第五次，也是官员们第二次在中国召开会议。",
          },
        ],
        "bodyHtml": "<p>本周，拜登政府的一批高级官员将前往上海参加高级别会议，希望在两国贸易紧张局势日益加剧的情况下，保持双方经济关系的稳定。</p>
      <p>由<a href="https://www.nytimes.com/2023/09/22/us/politics/us-china-economic-dialogue.html">去年成立的</a>美中金融工作组召集的这轮会议将于周四和周五举行。预计官员们讨论的问题将包括保持经济和金融稳定的办法、资本市场，以及遏制芬太尼流入美国的努力。</p>
      <p>尽管美中之间的沟通在过去一年中有所改善，但由于在<a href="https://cn.nytimes.com/world/20240408/yellen-china-green-energy-exports/">产业政策</a>和中国主导绿色能源技术领域方面的分歧，两国经济关系仍然紧张。拜登政府已于今年5月开始对一系列中国进口产品征收新关税，包括电动汽车、太阳能电池、半导体和先进电池。美国也在限制本国对中国某些行业的投资，因为美国的政策制定者认为这可能威胁到国家安全。</p>
      <p>美国代表团由财政部负责国际金融事务的助理财长布伦特·奈曼率领，将于周一启程。代表团成员包括美联储和美国证券交易委员会的官员。预计他们将与中国人民银行副行长宣昌能和其他中国高级官员会晤。</p>
      <p>“我们打算在这轮金融工作组会议上讨论金融稳定，与跨境数据、贷款和支付有关的事宜，私营部门推进低碳转型融资的努力，以及出现金融压力时我们可以采取哪些改善沟通的具体措施，”奈曼在启程前说。</p>
      <figure><img src="https://static01.nyt.com/images/2024/08/12/multimedia/12dc-uschina5-lczk/12dc-uschina5-lczk-master1050.jpg"><figcaption>美国财长耶伦今年4月访问中国时，曾敦促中国官员停止向全球市场倾销廉价清洁能源产品。</figcaption></figure>
      <p>双方的金融监管者们今年一直在进行金融冲击演习，以便在发生可能影响国际银行或保险系统稳定的危机，比如网络攻击或气候灾难等时协调应对措施。</p>
      <p>拜登政府一直在<a href="https://cn.nytimes.com/usa/20231116/biden-xi-fentanyl/" title="Link: https://cn.nytimes.com/usa/20231116/biden-xi-fentanyl/">敦促中国采取行动</a>，防止用于生产芬太尼的化学品出口到其他国家和走私到美国。本月有迹象表明在这方面取得了进展，中国宣布将对其中三种化学品采取新的限制措施，美国称此举是“向前迈出的宝贵一步”。</p>
      <p>双方继续在其他经济问题上存在争议。财长耶伦在今年4月访华期间曾敦促中国官员停止向全球市场倾销廉价清洁能源产品，并警告，中国的过剩工业产能将扭曲全球供应链。</p>
      <p>但在中共领导人上个月举行会议之后，没有多少迹象表明中国政府会减少对高科技制造业的投资，或在通过<a href="https://cn.nytimes.com/china/20240722/china-economy-third-plenum-decision/">增强国内消费</a>重新平衡经济方面采取重大措施。</p>
      <p>本周这轮会谈是金融工作组的第五次，也是官员们第二次在中国召开会议。</p>",
        "bodyText": "本周，拜登政府的一批高级官员将前往上海参加高级别会议，希望在两国贸易紧张局势日益加剧的情况下，保持双方经济关系的稳定。

      由去年成立的美中金融工作组召集的这轮会议将于周四和周五举行。预计官员们讨论的问题将包括保持经济和金融稳定的办法、资本市场，以及遏制芬太尼流入美国的努力。

      尽管美中之间的沟通在过去一年中有所改善，但由于在产业政策和中国主导绿色能源技术领域方面的分歧，两国经济关系仍然紧张。拜登政府已于今年5月开始对一系列中国进口产品征收新关税，包括电动汽车、太阳能电池、半导体和先进电池。美国也在限制本国对中国某些行业的投资，因为美国的政策制定者认为这可能威胁到国家安全。

      美国代表团由财政部负责国际金融事务的助理财长布伦特·奈曼率领，将于周一启程。代表团成员包括美联储和美国证券交易委员会的官员。预计他们将与中国人民银行副行长宣昌能和其他中国高级官员会晤。

      “我们打算在这轮金融工作组会议上讨论金融稳定，与跨境数据、贷款和支付有关的事宜，私营部门推进低碳转型融资的努力，以及出现金融压力时我们可以采取哪些改善沟通的具体措施，”奈曼在启程前说。

      双方的金融监管者们今年一直在进行金融冲击演习，以便在发生可能影响国际银行或保险系统稳定的危机，比如网络攻击或气候灾难等时协调应对措施。

      拜登政府一直在敦促中国采取行动，防止用于生产芬太尼的化学品出口到其他国家和走私到美国。本月有迹象表明在这方面取得了进展，中国宣布将对其中三种化学品采取新的限制措施，美国称此举是“向前迈出的宝贵一步”。

      双方继续在其他经济问题上存在争议。财长耶伦在今年4月访华期间曾敦促中国官员停止向全球市场倾销廉价清洁能源产品，并警告，中国的过剩工业产能将扭曲全球供应链。

      但在中共领导人上个月举行会议之后，没有多少迹象表明中国政府会减少对高科技制造业的投资，或在通过增强国内消费重新平衡经济方面采取重大措施。

      本周这轮会谈是金融工作组的第五次，也是官员们第二次在中国召开会议。",
        "capturedAt": "2024-08-13T01:07:01.000Z",
        "credits": [
          "翻译：纽约时报中文网",
        ],
        "figures": [
          {
            "caption": "美中之间的沟通在过去一年里有所改善，但由于在产业政策和绿色能源方面存在分歧，两国的经济关系仍然紧张。",
            "credit": "Gilles Sabrie for The New York Times",
            "height": 700,
            "isLead": true,
            "position": 0,
            "src": "https://static01.nyt.com/images/2024/08/12/multimedia/12dc-uschina-hmtq/12dc-uschina-hmtq-master1050.jpg",
            "width": 1050,
          },
          {
            "caption": "美国财长耶伦今年4月访问中国时，曾敦促中国官员停止向全球市场倾销廉价清洁能源产品。",
            "credit": null,
            "height": null,
            "isLead": false,
            "position": 1,
            "src": "https://static01.nyt.com/images/2024/08/12/multimedia/12dc-uschina5-lczk/12dc-uschina5-lczk-master1050.jpg",
            "width": null,
          },
        ],
        "language": "zh-Hans",
        "leadFigure": {
          "caption": "美中之间的沟通在过去一年里有所改善，但由于在产业政策和绿色能源方面存在分歧，两国的经济关系仍然紧张。",
          "credit": "Gilles Sabrie for The New York Times",
          "height": 700,
          "isLead": true,
          "position": 0,
          "src": "https://static01.nyt.com/images/2024/08/12/multimedia/12dc-uschina-hmtq/12dc-uschina-hmtq-master1050.jpg",
          "width": 1050,
        },
        "links": [
          {
            "href": "https://www.nytimes.com/2023/09/22/us/politics/us-china-economic-dialogue.html",
            "kind": "EXTERNAL",
            "target": null,
            "text": "去年成立的",
            "title": null,
          },
          {
            "href": "https://cn.nytimes.com/world/20240408/yellen-china-green-energy-exports/",
            "kind": "ARTICLE",
            "target": {
              "slug": "world/20240408/yellen-china-green-energy-exports",
              "title": "耶伦访华",
            },
            "text": "产业政策",
            "title": null,
          },
          {
            "href": "https://cn.nytimes.com/usa/20231116/biden-xi-fentanyl/",
            "kind": "ARTICLE",
            "target": null,
            "text": "敦促中国采取行动",
            "title": "Link: https://cn.nytimes.com/usa/20231116/biden-xi-fentanyl/",
          },
          {
            "href": "https://cn.nytimes.com/china/20240722/china-economy-third-plenum-decision/",
            "kind": "ARTICLE",
            "target": null,
            "text": "增强国内消费",
            "title": null,
          },
          {
            "href": "https://www.nytimes.com/by/alan-rappeport",
            "kind": "AUTHOR",
            "target": null,
            "text": "点击查看更多关于他的信息。",
            "title": null,
          },
          {
            "href": "https://www.nytimes.com/2024/08/12/us/politics/us-china-working-group-trade.html",
            "kind": "ORIGINAL",
            "target": null,
            "text": "点击查看本文英文版。",
            "title": null,
          },
        ],
        "originalUrl": "https://www.nytimes.com/2024/08/12/us/politics/us-china-working-group-trade.html",
        "publishedAt": "2024-08-13T00:51:28.000Z",
        "section": {
          "name": "国际",
          "slug": "world",
        },
        "slug": "world/20240813/us-china-working-group-trade",
        "summary": "本周，拜登政府的一批高级官员将前往上海参加高级别会议，希望在两国贸易紧张局势日益加剧的情况下，保持双方经济关系的稳定。",
        "title": "美国高级官员将访华进行经贸谈判",
        "url": "https://cn.nytimes.com/world/20240813/us-china-working-group-trade/",
      }
    `);
  });

  it('finds an article by URL in any equivalent spelling', async () => {
    const query = 'query ($url: String!) { article(url: $url) { slug } }';
    for (const url of [
      'https://cn.nytimes.com/world/20240813/us-china-working-group-trade/',
      'http://cn.nytimes.com/world/20240813/us-china-working-group-trade',
      'https://CN.nytimes.com/world/20240813/us-china-working-group-trade/?utm=x#top',
    ]) {
      expect(await executeOk(query, { url })).toEqual({ article: { slug: seedSlug } });
    }
  });

  it('answers null for an unknown article', async () => {
    expect(await executeOk(ArticlePageDocument, { slug: 'world/20990101/nothing' })).toEqual({ article: null });
  });

  it('filters links by kind', async () => {
    const data = await executeOk(
      'query ($slug: String!) { article(slug: $slug) { links(kind: ARTICLE) { href } original: links(kind: ORIGINAL) { href } } }',
      { slug: seedSlug },
    );
    expect(data).toEqual({
      article: {
        links: [
          { href: 'https://cn.nytimes.com/world/20240408/yellen-china-green-energy-exports/' },
          { href: 'https://cn.nytimes.com/usa/20231116/biden-xi-fentanyl/' },
          { href: 'https://cn.nytimes.com/china/20240722/china-economy-third-plenum-decision/' },
        ],
        original: [{ href: 'https://www.nytimes.com/2024/08/12/us/politics/us-china-working-group-trade.html' }],
      },
    });
  });

  it('finds an article by URL and slug together when both name it', async () => {
    const data = await executeOk(lookupQuery, {
      url: 'http://cn.nytimes.com/world/20240813/us-china-working-group-trade',
      slug: `/${seedSlug}/`,
    });
    expect(data).toEqual({ article: { slug: seedSlug } });
  });

  it('refuses a URL and a slug that name different articles, naming both, before reading anything', async () => {
    const response = await execute(lookupQuery, {
      url: 'https://cn.nytimes.com/world/20240813/us-china-working-group-trade/',
      slug: 'world/20240408/yellen-china-green-energy-exports',
    });
    expect(response).toMatchInlineSnapshot(`
      {
        "data": {
          "article": null,
        },
        "errors": [
          {
            "extensions": {
              "code": "BAD_USER_INPUT",
            },
            "locations": [
              {
                "column": 39,
                "line": 1,
              },
            ],
            "message": ""url" and "slug" name different articles: the slug of "url" is "world/20240813/us-china-working-group-trade", "slug" is "world/20240408/yellen-china-green-energy-exports"",
            "path": [
              "article",
            ],
          },
        ],
        "extensions": {
          "sqlStatements": 0,
        },
      }
    `);
  });

  it('refuses a slug given with a URL that is not one', async () => {
    const response = await execute(lookupQuery, { url: 'not a url', slug: seedSlug });
    expect(response.errors?.map(({ message, extensions }) => ({ message, code: extensions?.code }))).toEqual([
      {
        message: '"url" and "slug" do not name the same article: "url" is not an http(s) URL',
        code: 'BAD_USER_INPUT',
      },
    ]);
  });

  it('refuses an invalid DateTime literal, naming its argument and locating it', async () => {
    const response = await execute('{ articles(where: { publishedAfter: "yesterday" }) { totalCount } }');
    expect(response).toMatchInlineSnapshot(`
      {
        "errors": [
          {
            "extensions": {
              "code": "BAD_USER_INPUT",
            },
            "locations": [
              {
                "column": 37,
                "line": 1,
              },
            ],
            "message": "Argument "where" of "articles" has an invalid value at "where.publishedAfter": DateTime must be an ISO-8601 string such as "2024-08-13" or "2024-08-13T00:51:28Z", got "yesterday"",
          },
        ],
        "extensions": {
          "sqlStatements": 0,
        },
      }
    `);
  });

  it('refuses an invalid DateTime variable, naming it and locating its definition', async () => {
    const response = await execute(
      'query ($after: DateTime) { articles(where: { publishedAfter: $after }) { totalCount } }',
      { after: '2024-13-45' },
    );
    expect(response).toMatchInlineSnapshot(`
      {
        "errors": [
          {
            "extensions": {
              "code": "BAD_USER_INPUT",
            },
            "locations": [
              {
                "column": 8,
                "line": 1,
              },
            ],
            "message": "Variable "$after" got invalid value "2024-13-45"; DateTime "2024-13-45" is not a valid date",
          },
        ],
        "extensions": {
          "sqlStatements": 0,
        },
      }
    `);
  });
});
