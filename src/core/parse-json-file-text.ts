/** A JSON file's text parsed, less the byte order mark some editors (Windows Notepad) start UTF-8 with, which JSON.parse refuses. */
export function parseJsonFileText(text: string): unknown {
  return JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
}
