/** Organizations' ids, as AWS forms them: a prefix and random characters of [a-z0-9]. */
const ID_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function randomChars(n: number, random: (n: number) => Uint8Array): string {
  let s = '';
  // Rejection sampling keeps the 36 characters equally likely.
  while (s.length < n) {
    for (const b of random(n)) {
      if (b < 252 && s.length < n) s += ID_CHARS[b % 36];
    }
  }
  return s;
}

/** Organization ids: `o-` + 10..32 of [a-z0-9] (AWS's own are 10). */
export const newOrganizationId = (random: (n: number) => Uint8Array): string => `o-${randomChars(10, random)}`;
/** Root ids: `r-` + 4..32 of [0-9a-z]. */
export const newRootId = (random: (n: number) => Uint8Array): string => `r-${randomChars(4, random)}`;
/** Create-account request ids: `car-` + 8..32 of [a-z0-9] (AWS's are 32). */
export const newCreateAccountRequestId = (random: (n: number) => Uint8Array): string => `car-${randomChars(32, random)}`;
