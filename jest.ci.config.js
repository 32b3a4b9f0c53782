/**
 * CI-only checks (`npm run test:ci`): strict schemas and `kubectl kustomize` over the committed dist/.
 * They read the CRDs from ../shared/crds, which is not part of the project, so `npm test` skips them.
 * Tests run through swc, like jest.config.js; `npm test` has already type-checked them.
 */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/__tests__/ci/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testPathIgnorePatterns: ['/node_modules/'],
};
