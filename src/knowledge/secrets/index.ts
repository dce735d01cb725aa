/**
 * Secrets detection library: provider formats, generic name/value checks, free-text scanning, `.env`
 * parsing, masking. Pure functions over strings; nothing here reads files or touches the network.
 */
export {
  DETECTORS,
  detectorById,
  detectorRegexes,
  isContextFree,
  isPairedAwsSecretKey,
  isRealUrlPassword,
  looksLikeAwsSecretAccessKey,
  matchesByName,
  matchesWholeValue,
  type Confidence,
  type Detector,
  type DetectorContext,
} from './detectors.js';
export { classifyNamedValue, isSecretLikeName, looksLikeSecretValue, secretKindOfName, type SecretClassification } from './generic.js';
export { parseDotenv, scanText, type DotenvEntry, type ScanOptions, type SecretMatch } from './scan.js';
export { maskSecret, secretHash } from './mask.js';
export {
  awsCredentialPart,
  classifyManifestValue,
  hasAccessSecretKeyPair,
  isEnumLikeValue,
  isSecretSettingsName,
  isStaticAwsCredentialValue,
  looksLikePlainPassword,
  type AwsCredentialPart,
} from './manifest.js';
export { isNonSecretFiller, isPlaceholder, isTemplateLike } from './placeholder.js';
export { crc32, hasCrc32Base62Checksum, nameWords, normalizeName, shannonEntropy } from './checks.js';

import { CHECK_REGEXES } from './checks.js';
import { detectorRegexes } from './detectors.js';
import { GENERIC_REGEXES } from './generic.js';
import { MANIFEST_REGEXES } from './manifest.js';
import { MATCH_REGEXES } from './match.js';
import { PLACEHOLDER_REGEXES } from './placeholder.js';
import { SCAN_REGEXES } from './scan.js';

/** Every regular expression the library uses, labelled (for the ReDoS test and audits). */
export function allSecretRegexes(): { id: string; regex: RegExp }[] {
  const label = (prefix: string, list: readonly RegExp[]) => list.map((regex, i) => ({ id: `${prefix}/${i}`, regex }));
  return [
    ...detectorRegexes(),
    ...label('checks', CHECK_REGEXES),
    ...label('placeholder', PLACEHOLDER_REGEXES),
    ...label('generic', GENERIC_REGEXES),
    ...label('match', MATCH_REGEXES),
    ...label('scan', SCAN_REGEXES),
    ...label('manifest', MANIFEST_REGEXES),
  ];
}
