/**
 * Words in `text`, counted the way newsroom editors count them: runs of non-space characters.
 * A Vietnamese word is written as syllables separated by spaces, so each syllable counts.
 */
export function countWords(text: string): number {
  let n = 0;
  for (const part of text.split(/\s+/u)) if (part) n++;
  return n;
}
