// Expands a VS Code snippet body as accepting every default would: `${1:text}` -> text,
// `${1|a,b|}` -> a, `$1` / `${1}` / `$0` -> nothing. Enough for the catalog's snippets.

export function expandSnippet(body: readonly string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\}|\$\d+/g, '');
}
