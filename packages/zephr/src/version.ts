// The package version, sent in User-Agent; a test checks it matches package.json.
export const VERSION = '0.1.0';
