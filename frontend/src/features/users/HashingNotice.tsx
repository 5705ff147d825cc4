import { Alert } from 'antd';
import type { HashingEstimate } from './api';

const algorithmNames: Record<string, string> = {
  argon2: 'Argon2id',
  'pbkdf2-sha512': 'PBKDF2-SHA512',
  'pbkdf2-sha256': 'PBKDF2-SHA256',
  pbkdf2: 'PBKDF2-SHA1',
};

/** "about 12 s", "about 2 min 35 s", "about 1 h 5 min". */
export function roughDuration(seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  if (s < 60) return `about ${s} s`;
  if (s < 3600) return `about ${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const min = Math.round((s % 3600) / 60);
  return `about ${Math.floor(s / 3600)} h${min ? ` ${min} min` : ''}`;
}

/**
 * What hashing the file's passwords will cost: Keycloak hashes each one once, on one core, whatever
 * the importer does, so this is the import's floor. A warning when the realm's hashing is expensive.
 */
export function HashingNotice({ hashing }: { hashing: HashingEstimate }) {
  const name = algorithmNames[hashing.algorithm] ?? hashing.algorithm;
  const how = `${name}${hashing.fromPolicy ? '' : ' (Keycloak’s default)'}, ${hashing.iterations.toLocaleString('en')} iterations`;
  const rows = `${hashing.passwords.toLocaleString('en')} password${hashing.passwords === 1 ? '' : 's'}`;
  if (hashing.perPasswordMs <= 0) {
    return (
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={`This realm hashes passwords with ${how}; Tandem cannot estimate what hashing the ${rows} will cost.`}
      />
    );
  }
  const estimate = `Rough estimate: ${Math.round(hashing.perPasswordMs)} ms × ${hashing.passwords.toLocaleString('en')} rows ÷ 2 cores.`;
  if (hashing.expensive) {
    return (
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={`Expensive password hashing: this import will take ${roughDuration(hashing.seconds)}.`}
        description={
          <>
            This realm hashes passwords with {how}: about {Math.round(hashing.perPasswordMs)} ms of Keycloak’s CPU per
            password, and Keycloak is busy for other users meanwhile. {estimate} Importing without passwords (users set
            theirs through a reset email) avoids it.
          </>
        }
      />
    );
  }
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      title={`Hashing the ${rows} will take ${roughDuration(hashing.seconds)} (${how}, about ${Math.round(hashing.perPasswordMs)} ms each). ${estimate}`}
    />
  );
}
