// How the albums area writes dates and file names.

/** 'YYYY-MM-DD' as dd/mm/yyyy (a calendar day: no time zone involved). */
export function day(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : value;
}

/** A camera's local time ('YYYY-MM-DDTHH:MM[:SS]') as dd/mm/yyyy HH:mm, as the camera had it. */
export function cameraTime(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})/.exec(value);
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}` : value;
}

/** The last part of a path, whichever separator the system uses. */
export function fileName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts.at(-1) ?? path;
}
