import { readTags } from '../lib/git/tags';
import { tagWarnings } from '../lib/synth/tag-warnings';
import { catalogueOf, smallEnvironment } from './helpers/catalogue';
import { createRepo, TestRepo } from './helpers/git-repo';

let repo: TestRepo;
beforeEach(() => {
  repo = createRepo();
});
afterEach(() => repo.cleanup());

test('warns when undotted prerelease counters make Flux prefer rc9 over rc10', () => {
  // GIVEN
  repo.commit('first', { date: '2026-01-01T10:00:00Z' });
  repo.tag('v1.0.1-rc9');
  repo.commit('second', { date: '2026-01-02T10:00:00Z' });
  repo.tag('v1.0.1-rc10', { annotated: true });
  const dev = { ...smallEnvironment('dev'), semver: '>=0.0.1-0' };

  // WHEN
  const warnings = tagWarnings(catalogueOf(dev), readTags(repo.dir));

  // THEN
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(/^tags: v1\.0\.1-rc9 ranks above v1\.0\.1-rc10: .*use dotted counters such as -rc\.9 and -rc\.10$/);
});

test('warns about an environment whose range matches no tag yet, with the Flux error text', () => {
  repo.commit('first', { date: '2026-01-01T10:00:00Z' });
  repo.tag('v1.1.0');
  const prod = { ...smallEnvironment('prod'), semver: '1.2.3' };

  expect(tagWarnings(catalogueOf(prod), readTags(repo.dir))).toStrictEqual([
    'environment "prod": no tag matches "1.2.3" yet; until one does, Flux reports "no match found for semver: 1.2.3"',
  ]);
});

test('warns when equal versions sit on one commit, so the revision name Flux reports can flip', () => {
  repo.commit('first', { date: '2026-01-01T10:00:00Z' });
  repo.tag('v1.2.3');
  repo.tag('1.2.3');
  const dev = smallEnvironment('dev');

  const warnings = tagWarnings(catalogueOf(dev), readTags(repo.dir));

  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(/^environment "dev": (v1\.2\.3 ties with 1\.2\.3|1\.2\.3 ties with v1\.2\.3): equal precedence and the same commit time, so Flux picks one of them at random/);
});

test('says nothing when every range resolves cleanly', () => {
  repo.commit('first', { date: '2026-01-01T10:00:00Z' });
  repo.tag('v1.2.3', { annotated: true });
  expect(tagWarnings(catalogueOf(smallEnvironment('dev')), readTags(repo.dir))).toStrictEqual([]);
});

test('says nothing about undotted counters that no range can select', () => {
  repo.commit('first', { date: '2026-01-01T10:00:00Z' });
  repo.tag('v1.2.3');
  repo.tag('v1.0.1-rc9');
  repo.commit('second', { date: '2026-01-02T10:00:00Z' });
  repo.tag('v1.0.1-rc10');
  expect(tagWarnings(catalogueOf(smallEnvironment('dev')), readTags(repo.dir))).toStrictEqual([]);
});
