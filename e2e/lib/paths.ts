import * as path from 'node:path';

/** The e2e package folder and the repository around it. */
export const E2E_DIR = path.resolve(__dirname, '..');
export const REPO = path.resolve(E2E_DIR, '..');
export const EXAMPLE = path.join(REPO, 'examples', 'acme-support');
/** Built by `npm run package` at the repository root. */
export const VSIX = process.env.STELLAR_E2E_VSIX ?? path.join(REPO, 'stellar-kit.vsix');
/** Kept as CI artifacts: one picture per scenario step, `-FAILED` when the step failed. */
export const SCREENSHOTS = process.env.STELLAR_E2E_SCREENSHOTS ?? path.join(E2E_DIR, 'screenshots');
export const CODE_SERVER_ENTRY = path.join(E2E_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
/** Debian's Chromium (apt), which scripts/setup.sh installs. */
export const CHROMIUM = process.env.STELLAR_E2E_CHROMIUM ?? '/usr/bin/chromium';
