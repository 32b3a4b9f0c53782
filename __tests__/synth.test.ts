import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CATALOGUE } from '../lib/environments';
import { isRenderedPath, render } from '../lib/synth/render';
import { writeOutput } from '../lib/synth/write-output';
import { readTree } from './helpers/project-copy';

const DIST = path.join(__dirname, '..', 'dist');

const rendered = render(CATALOGUE).files;

describe('the default catalogue', () => {
  test.each(['dev', 'staging', 'prod'])('%s: exact YAML text of every file', (env) => {
    const text = [...rendered].filter(([file]) => file.startsWith(`${env}/`)).map(([file, content]) => `# ${file}\n${content}`).join('');
    expect(text).toMatchSnapshot();
  });

  test('lays out a bootstrap and a payload folder per environment', () => {
    expect([...rendered.keys()].filter((f) => f.startsWith('prod/bootstrap/'))).toStrictEqual([
      'prod/bootstrap/gitrepository-infra-prod.yaml',
      'prod/bootstrap/kustomization-infra-prod.yaml',
      'prod/bootstrap/kustomization.yaml',
    ]);
    expect([...rendered.keys()].filter((f) => f.startsWith('dev/azure/'))).toContain('dev/azure/resourcegroup-dev-rg.yaml');
  });

  test('dev follows ~1.2.0 and prod is pinned to 1.2.3', () => {
    expect(rendered.get('dev/bootstrap/gitrepository-infra-dev.yaml')).toContain('semver: ~1.2.0\n');
    expect(rendered.get('prod/bootstrap/gitrepository-infra-prod.yaml')).toContain('semver: 1.2.3\n');
    expect(rendered.get('staging/bootstrap/gitrepository-infra-staging.yaml')).toContain('semver: ">=1.0.0 <2.0.0"\n');
  });

  test('points each Kustomization at its own payload folder', () => {
    for (const env of ['dev', 'staging', 'prod']) {
      expect(rendered.get(`${env}/bootstrap/kustomization-infra-${env}.yaml`)).toContain(`path: ./dist/${env}/azure\n`);
      expect(rendered.has(`${env}/azure/kustomization.yaml`)).toBe(true);
    }
  });

  test('renders byte-identical output twice', () => {
    expect(render(CATALOGUE).files).toStrictEqual(rendered);
  });

  test('the committed dist/ is what the catalogue synthesizes (run `npm run synth` and commit)', () => {
    expect(readTree(DIST)).toStrictEqual(rendered);
  });
});

describe('writeOutput', () => {
  let work: string;
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'write-output-'));
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  test('replaces the folder as a whole, so files of removed resources disappear', () => {
    // GIVEN
    const target = path.join(work, 'dist');
    writeOutput(new Map([['old/a.yaml', 'a: 1\n'], ['keep/b.yaml', 'b: 1\n']]), target);

    // WHEN
    writeOutput(new Map([['keep/b.yaml', 'b: 2\n']]), target);

    // THEN
    expect(readTree(target)).toStrictEqual(new Map([['keep/b.yaml', 'b: 2\n']]));
    expect(fs.readdirSync(work)).toStrictEqual(['dist']);
    expect(fs.statSync(target).mode & 0o777).toBe(0o755);
  });

  test('leaves the folder untouched when writing fails', () => {
    // GIVEN
    const target = path.join(work, 'dist');
    writeOutput(new Map([['x/a.yaml', 'a: 1\n']]), target);

    // WHEN: a path that cannot be a file (a file and a folder of the same name)
    expect(() => writeOutput(new Map([['y', 'file\n'], ['y/z.yaml', 'z\n']]), target)).toThrow();

    // THEN
    expect(readTree(target)).toStrictEqual(new Map([['x/a.yaml', 'a: 1\n']]));
    expect(fs.readdirSync(work)).toStrictEqual(['dist']);
  });
});

describe('writeOutput refuses to wipe a folder that is not synth output', () => {
  let work: string;
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'write-output-'));
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  test('fails when the target holds a file synth never writes, and leaves it untouched', () => {
    // GIVEN: a documentation folder mistaken for the output folder
    const docs = path.join(work, 'docs');
    fs.mkdirSync(path.join(docs, 'guides'), { recursive: true });
    fs.writeFileSync(path.join(docs, 'guides', 'promotion.md'), '# keep me\n');

    // WHEN / THEN
    expect(() => writeOutput(new Map([['dev/a.yaml', 'a: 1\n']]), docs)).toThrow(
      `refusing to replace "${docs}": it holds "guides/promotion.md", which synth never writes; ` +
        'the output folder must hold only what synth writes (check outputFolder in the catalogue)',
    );
    expect(readTree(docs)).toStrictEqual(new Map([['guides/promotion.md', '# keep me\n']]));
    expect(fs.readdirSync(work)).toStrictEqual(['docs']);
  });

  test('fails on YAML synth could not have written, such as Flux\'s own bootstrap files', () => {
    // GIVEN: the folder `flux bootstrap` writes to, mistaken for the output folder
    const clusters = path.join(work, 'clusters');
    fs.mkdirSync(path.join(clusters, 'prod', 'flux-system'), { recursive: true });
    fs.writeFileSync(path.join(clusters, 'prod', 'flux-system', 'gotk-sync.yaml'), 'kind: GitRepository\n');

    // WHEN / THEN
    expect(() => writeOutput(new Map([['prod/azure/a.yaml', 'a: 1\n']]), clusters, isRenderedPath)).toThrow(
      `refusing to replace "${clusters}": it holds "prod/flux-system/gotk-sync.yaml", which synth never writes`,
    );
    expect(readTree(clusters)).toStrictEqual(new Map([['prod/flux-system/gotk-sync.yaml', 'kind: GitRepository\n']]));
  });

  test('replaces a folder that holds only earlier output', () => {
    const dist = path.join(work, 'dist');
    writeOutput(new Map([['prod/azure/a.yaml', 'a: 1\n'], ['prod/bootstrap/kustomization.yaml', 'k: 1\n']]), dist, isRenderedPath);
    writeOutput(new Map([['prod/azure/b.yaml', 'b: 1\n']]), dist, isRenderedPath);
    expect(readTree(dist)).toStrictEqual(new Map([['prod/azure/b.yaml', 'b: 1\n']]));
  });
});
