import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { displayName, nameSlug, spellingAtStart, splitByline } from '../../../src/ingest/parse/names.ts';

describe('splitByline', () => {
  it('splits on every separator the feed uses', () => {
    expect(splitByline('ALAN RAPPEPORT')).toEqual(['ALAN RAPPEPORT']);
    expect(splitByline('ALAN RAPPEPORT, ANA SWANSON，储百亮、王月眉 and KEITH BRADSHER')).toEqual([
      'ALAN RAPPEPORT',
      'ANA SWANSON',
      '储百亮',
      '王月眉',
      'KEITH BRADSHER',
    ]);
    expect(splitByline('ALAN RAPPEPORT AND ANA SWANSON')).toEqual(['ALAN RAPPEPORT', 'ANA SWANSON']);
    expect(splitByline('储百亮和王月眉与艾莎')).toEqual(['储百亮', '王月眉', '艾莎']);
  });

  it('drops a "By" prefix, extra whitespace and empty parts', () => {
    expect(splitByline('  By  ALAN   RAPPEPORT ,, ')).toEqual(['ALAN RAPPEPORT']);
    expect(splitByline('')).toEqual([]);
  });

  it('does not split inside names that contain "and"', () => {
    expect(splitByline('ANDREW HIGGINS')).toEqual(['ANDREW HIGGINS']);
    expect(splitByline('SANDRA E. GARCIA')).toEqual(['SANDRA E. GARCIA']);
  });
});

describe('displayName', () => {
  it.each([
    ['ALAN RAPPEPORT', 'Alan Rappeport'],
    ['JAVIER C. HERNÁNDEZ', 'Javier C. Hernández'],
    ["JEAN-PIERRE O'NEILL", "Jean-Pierre O'Neill"],
    ['J.R.R. TOLKIEN', 'J.R.R. Tolkien'],
    ['ÉLISE ØSTERGÅRD', 'Élise Østergård'],
  ])('title-cases the all-uppercase %s', (name, expected) => {
    expect(displayName(name)).toBe(expected);
  });

  it.each([['Alan Rappeport'], ['danah boyd'], ['储百亮'], ['MacKenzie Scott']])('keeps %s as written', (name) => {
    expect(displayName(name)).toBe(name);
  });
});

describe('nameSlug', () => {
  it('folds Latin names to ASCII dashes', () => {
    expect(nameSlug('Javier C. Hernández')).toBe('javier-c-hernandez');
    expect(nameSlug("Jean-Pierre O'Neill")).toBe('jean-pierre-o-neill');
    expect(nameSlug('Søren Łukasz Straße')).toBe('soren-lukasz-strasse');
    expect(nameSlug('  --Alan   Rappeport-- ')).toBe('alan-rappeport');
  });

  it('hashes names without Latin letters into a stable slug', () => {
    const digest = createHash('sha256').update('储百亮').digest('hex');
    expect(nameSlug('储百亮')).toBe(`author-${digest.slice(0, 12)}`);
    expect(nameSlug('储百亮')).toBe(nameSlug('储百亮'));
    expect(nameSlug('储百亮')).not.toBe(nameSlug('王月眉'));
  });

  it('hashes the NFC form, so composed and decomposed spellings share a slug', () => {
    expect(nameSlug('가나')).toBe(nameSlug('가나'.normalize('NFD')));
  });
});

describe('spellingAtStart', () => {
  it("returns the line's own spelling of the name", () => {
    expect(spellingAtStart('Alan Rappeport是时报驻华盛顿的经济政策记者。', 'ALAN RAPPEPORT')).toBe('Alan Rappeport');
    expect(spellingAtStart('Javier C. Hernández是时报记者。', 'JAVIER C. HERNANDEZ')).toBe('Javier C. Hernández');
    expect(spellingAtStart('Jean-Pierre O’Neill contributed.', "JEAN-PIERRE O'NEILL")).toBe('Jean-Pierre O’Neill');
    expect(spellingAtStart('储百亮(Chris Buckley)是时报首席中国记者。', '储百亮')).toBe('储百亮');
  });

  it('needs the name at the very start and as a whole word', () => {
    expect(spellingAtStart('翻译：Alan Rappeport', 'ALAN RAPPEPORT')).toBeNull();
    expect(spellingAtStart('Alana Rappeports wrote this.', 'ALAN')).toBeNull();
    expect(spellingAtStart('Alan', 'ALAN RAPPEPORT')).toBeNull();
    expect(spellingAtStart('Alan Rappeport', '')).toBeNull();
  });
});
