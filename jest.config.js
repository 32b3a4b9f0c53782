/** Tests run through swc (no type-check here); `npm test` runs `tsc --noEmit` first. */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  // CI-only checks read ../shared and live outside the default run.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/__tests__/ci/'],
};
