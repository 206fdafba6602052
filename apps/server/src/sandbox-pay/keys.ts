import { generateKeyPair, type KeyObject, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const generate = promisify(generateKeyPair);

export interface SandboxKeys {
  /** the sandbox platform's key pair: it signs answers and notifications */
  platform: { serialNo: string; privateKey: KeyObject; publicKey: KeyObject };
  /** our merchant key pair in sandbox mode: we sign requests, the sandbox verifies them */
  merchant: { serialNo: string; privateKey: KeyObject; publicKey: KeyObject };
  apiV3Key: string;
  mchid: string;
  appid: string;
}

let keys: Promise<SandboxKeys> | undefined;

const pair = async (serialNo: string) => {
  const { privateKey, publicKey } = await generate('rsa', { modulusLength: 2048 });
  return { serialNo, privateKey, publicKey };
};

/**
 * Keys made once per process, on first use, and never written anywhere: the sandbox and our side of it
 * live in the same process, so nothing needs to be shared or kept.
 */
export function sandboxKeys(): Promise<SandboxKeys> {
  keys ??= (async () => {
    const [platform, merchant] = await Promise.all([
      pair(`SANDBOXPLATFORM${randomBytes(8).toString('hex').toUpperCase()}`),
      pair(`SANDBOXMERCHANT${randomBytes(8).toString('hex').toUpperCase()}`),
    ]);
    return {
      platform,
      merchant,
      apiV3Key: randomBytes(16).toString('hex'),
      mchid: '1900000109',
      appid: 'wxsandbox0000001',
    };
  })();
  return keys;
}
