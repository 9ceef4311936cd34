// `clojure.string/*` functions, allowed in the `:flow` body and in function code. Only the
// full `clojure.string/x` names are listed; `:require` aliases are resolved by the checker.

import type { CallableSpec } from './types';
import { callables, type Row } from './callable-builder';

const rows: Row[] = [
  ['join', '1|2', '(clojure.string/join coll) / (clojure.string/join sep coll)', 'Joins the items as strings, with an optional separator. `(clojure.string/join ", " names)`'],
  ['split', '2|3', '(clojure.string/split s re) / (clojure.string/split s re limit)', 'Splits a string on a regex. `(clojure.string/split "a,b" #",")` => `["a" "b"]`'],
  ['upper-case', '1', '(clojure.string/upper-case s)', 'The string in upper case. `(clojure.string/upper-case "ada")` => `"ADA"`'],
  ['lower-case', '1', '(clojure.string/lower-case s)', 'The string in lower case. `(clojure.string/lower-case "ADA")` => `"ada"`'],
  ['capitalize', '1', '(clojure.string/capitalize s)', 'First character upper case, the rest lower case. `(clojure.string/capitalize "hELLO")` => `"Hello"`'],
  ['trim', '1', '(clojure.string/trim s)', 'Removes whitespace at both ends. `(clojure.string/trim "  a ")` => `"a"`'],
  ['triml', '1', '(clojure.string/triml s)', 'Removes leading whitespace. `(clojure.string/triml "  a")` => `"a"`'],
  ['trimr', '1', '(clojure.string/trimr s)', 'Removes trailing whitespace. `(clojure.string/trimr "a  ")` => `"a"`'],
  ['trim-newline', '1', '(clojure.string/trim-newline s)', 'Removes trailing newlines. `(clojure.string/trim-newline "a\\n")` => `"a"`'],
  ['blank?', '1', '(clojure.string/blank? s)', 'Whether the string is `nil`, empty or only whitespace. `(clojure.string/blank? (:email input))`'],
  ['starts-with?', '2', '(clojure.string/starts-with? s prefix)', 'Whether `s` starts with `prefix`. `(clojure.string/starts-with? path "/api")`'],
  ['ends-with?', '2', '(clojure.string/ends-with? s suffix)', 'Whether `s` ends with `suffix`. `(clojure.string/ends-with? file ".pdf")`'],
  ['includes?', '2', '(clojure.string/includes? s sub)', 'Whether `s` contains `sub`. `(clojure.string/includes? subject "urgent")`'],
  ['replace', '3', '(clojure.string/replace s match replacement)', 'Replaces every match (string or regex). `(clojure.string/replace "a-b" "-" "_")` => `"a_b"`'],
  ['replace-first', '3', '(clojure.string/replace-first s match replacement)', 'Replaces the first match. `(clojure.string/replace-first "a-b-c" "-" "_")` => `"a_b-c"`'],
  ['split-lines', '1', '(clojure.string/split-lines s)', 'Splits on line breaks. `(clojure.string/split-lines "a\\nb")` => `["a" "b"]`'],
  ['index-of', '2|3', '(clojure.string/index-of s value) / (clojure.string/index-of s value from)', 'Index of the first occurrence, or `nil`. `(clojure.string/index-of "abc" "c")` => `2`'],
  ['last-index-of', '2|3', '(clojure.string/last-index-of s value) / (clojure.string/last-index-of s value from)', 'Index of the last occurrence, or `nil`. `(clojure.string/last-index-of "a.b.c" ".")` => `3`'],
  ['reverse', '1', '(clojure.string/reverse s)', 'The characters in reverse order. `(clojure.string/reverse "abc")` => `"cba"`'],
  ['escape', '2', '(clojure.string/escape s cmap)', 'Replaces characters through a map from char to replacement. `(clojure.string/escape "a&b" {\\& "&amp;"})`'],
];

export const stringFunctions: CallableSpec[] = callables(
  rows.map(([name, arity, signature, docs]) => [`clojure.string/${name}`, arity, signature, docs]),
  'both',
);
