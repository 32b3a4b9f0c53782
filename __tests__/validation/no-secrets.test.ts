import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const DIST = path.join(__dirname, '..', '..', 'dist');

/** What must never be committed to dist/, which every cluster (and anyone who can read the repository) reads. */
const FORBIDDEN: readonly [string, RegExp][] = [
  ['a Secret object', /^kind:\s*["']?Secret["']?\s*$/m],
  ['a data or stringData key', /^\s*(- )?["']?(data|stringData)["']?:/m],
  // ssh://git@host is an account name, not a credential; a password, or any user on http(s), is.
  ['a URL with credentials', /\b(https?:\/\/[^\s/@"']+@|[a-z][a-z0-9+.-]*:\/\/[^\s/@:"']*:[^\s/@"']*@)/i],
  ['the word password', /password/i],
  ['the word token', /token/i],
  ['a client secret', /client[-_]?secret/i],
  ['a PEM block', /-----BEGIN/],
  ['a GUID (an Azure subscription, tenant or client id)', /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i],
];
/** Base64 runs long enough to hold a key; letters-only runs are identifiers such as kind names. */
const BASE64_RUN = /[A-Za-z0-9+/]{40,}={0,2}/g;

/** Every finding in the files under `root`, as "<file>: <what>". */
function scan(root: string): string[] {
  const findings: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
        continue;
      }
      const file = path.relative(root, full).split(path.sep).join('/');
      const text = fs.readFileSync(full, 'utf8');
      for (const [what, pattern] of FORBIDDEN) {
        if (pattern.test(text)) findings.push(`${file}: ${what}`);
      }
      if ((text.match(BASE64_RUN) ?? []).some((run) => /[0-9]/.test(run) || run.endsWith('='))) findings.push(`${file}: a base64 blob`);
    }
  };
  walk(root);
  return findings.sort();
}

test('the committed dist/ holds no Secret and nothing that looks like a credential', () => {
  expect(fs.readdirSync(DIST).length).toBeGreaterThan(0);
  expect(scan(DIST)).toStrictEqual([]);
});

describe('the scanner', () => {
  let work: string;
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'no-secrets-'));
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  const plant = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
    fs.writeFileSync(path.join(work, file), text);
  };

  test('catches a planted Secret', () => {
    plant('prod/azure/secret-aso-credential.yaml', [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: aso-credential',
      '  namespace: azure-prod',
      'stringData:',
      '  AZURE_CLIENT_SECRET: not-a-real-one',
      '',
    ].join('\n'));

    expect(scan(work)).toStrictEqual([
      'prod/azure/secret-aso-credential.yaml: a Secret object',
      'prod/azure/secret-aso-credential.yaml: a client secret',
      'prod/azure/secret-aso-credential.yaml: a data or stringData key',
    ]);
  });

  test('catches a planted URL with a user and password', () => {
    plant('prod/bootstrap/gitrepository-infra-prod.yaml', 'spec:\n  url: https://user:pw@git.example.com/org/repo\n');
    expect(scan(work)).toStrictEqual(['prod/bootstrap/gitrepository-infra-prod.yaml: a URL with credentials']);
  });

  test.each([
    ['an https URL with a token as user', 'url: https://ghx_abcdef@github.com/org/repo\n', 'a URL with credentials'],
    ['a subscription id', 'armId: /subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/hub\n', 'a GUID (an Azure subscription, tenant or client id)'],
    // Assembled, so that secret scanners reading this repository do not flag the test itself.
    ['a private key', `key: |\n  -----BEGIN ${'OPENSSH PRIVATE'} KEY-----\n`, 'a PEM block'],
    ['a base64 value', 'value: c2VjcmV0LXZhbHVlLXRoYXQtc2hvdWxkLW5vdC1iZS1oZXJl\n', 'a base64 blob'],
    ['a data key', 'data:\n  identity: x\n', 'a data or stringData key'],
  ])('catches %s', (_what, text, finding) => {
    plant('x.yaml', text);
    expect(scan(work)).toStrictEqual([`x.yaml: ${finding}`]);
  });

  test('lets through what dist/ legitimately holds', () => {
    plant('ok.yaml', [
      'kind: NetworkSecurityGroupsSecurityRule',
      'metadata:',
      '  name: nsg-app-allow-https',
      'spec:',
      '  url: ssh://git@github.com/example-org/infrastructure',
      '  secretRef:',
      '    name: git-credentials',
      '',
    ].join('\n'));
    expect(scan(work)).toStrictEqual([]);
  });
});
