import './reader.css';
import { articlePage } from './article.ts';
import { authorPage } from './author.ts';
import { notFound, type Page } from './common.ts';
import { h } from './dom.ts';
import { homePage } from './home.ts';
import { parseRoute, type Route } from './routes.ts';
import { sectionPage } from './section.ts';

function render(route: Route): Promise<Page> {
  switch (route.page) {
    case 'home':
      return homePage(route.position);
    case 'article':
      return articlePage(route.slug);
    case 'author':
      return authorPage(route.slug, route.position);
    case 'section':
      return sectionPage(route.slug, route.position);
  }
}

const main = document.getElementById('page') as HTMLElement;
/** Counts navigations, so that a slow page never replaces one asked for after it. */
let navigation = 0;

async function show(): Promise<void> {
  const current = ++navigation;
  main.setAttribute('aria-busy', 'true');
  const route = parseRoute(location.hash);
  let page: Page;
  try {
    page = route === undefined ? notFound('The reader has no such page.') : await render(route);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    page = {
      title: 'Error',
      content: h('section', { class: 'message' }, h('h1', {}, 'Could not load this page'), h('p', {}, message)),
    };
  }
  if (current !== navigation) return;
  document.title = `${page.title} · News archive`;
  main.replaceChildren(page.content);
  // Which navigation is on screen: a test (or a script) that clicked waits for it to change.
  main.dataset.navigation = String(current);
  main.removeAttribute('aria-busy');
  window.scrollTo(0, 0);
}

window.addEventListener('hashchange', () => void show());
void show();
