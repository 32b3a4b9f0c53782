import * as fs from 'node:fs';
import * as path from 'node:path';
import regions from '../../lib/azure/azure-regions.json';

// The project carries copies of two fact tables so that `npm test` never reads ../shared; these
// CI-only checks keep the copies equal to their sources.
const SHARED = path.join(__dirname, '..', '..', '..', 'shared');

test('the semver test fixture is a verbatim copy of shared/semver/cases.json', () => {
  const fixture = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'semver-cases.json'), 'utf8');
  const source = fs.readFileSync(path.join(SHARED, 'semver', 'cases.json'), 'utf8');
  expect(JSON.parse(fixture)).toStrictEqual(JSON.parse(source));
});

test('the region list synth checks against carries every region of shared/crds/aso/azure-regions.json', () => {
  const source = JSON.parse(fs.readFileSync(path.join(SHARED, 'crds', 'aso', 'azure-regions.json'), 'utf8'));
  const pick = (r: { name: string; displayName: string; status: string }) => ({ name: r.name, displayName: r.displayName, status: r.status });
  expect(regions.regions.map(pick)).toStrictEqual(source.regions.map(pick));
});
