import { render } from '../lib/synth/render';
import { catalogueOf, smallEnvironment } from './helpers/catalogue';

const dev = smallEnvironment('dev', 10);
const prod = smallEnvironment('prod', 20);

test('warns when production follows a range instead of a pin', () => {
  const { warnings } = render(catalogueOf(dev, { ...prod, semver: '~1.2.0' }));
  expect(warnings).toStrictEqual([
    'environment "prod" (prod/flux): production follows the range "~1.2.0" instead of a pin; any matching tag goes live without a promotion',
  ]);
});

test('warns when a later environment names a prerelease in its range', () => {
  const { warnings } = render(catalogueOf({ ...dev, semver: '>=1.0.0-0 <2.0.0' }, { ...prod, semver: '>=1.2.3-rc.1 <1.3.0' }));
  expect(warnings).toStrictEqual([
    'environment "prod" (prod/flux): production follows the range ">=1.2.3-rc.1 <1.3.0" instead of a pin; any matching tag goes live without a promotion',
    'environment "prod" (prod/flux): the range ">=1.2.3-rc.1 <1.3.0" names a prerelease, so Flux also selects prerelease tags of any version it covers (not only that version\'s)',
  ]);
});

test('stays quiet for a pinned production and a plain dev range', () => {
  expect(render(catalogueOf(dev, { ...prod, semver: '1.2.3' })).warnings).toStrictEqual([]);
});

test('does not call a prerelease pin a range', () => {
  expect(render(catalogueOf(dev, { ...prod, semver: '1.3.0-rc.1' })).warnings).toStrictEqual([]);
});
