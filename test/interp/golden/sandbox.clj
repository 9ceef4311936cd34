;; breyta.sandbox helpers (function code only): encodings, digests, UUIDs, UTC instants.

(breyta.sandbox/base64-encode "hi")
;=> "aGk="

(breyta.sandbox/base64-decode "aGk=")
;=> "hi"

(breyta.sandbox/base64-decode "!!")
;=> error: Illegal base64

(count (breyta.sandbox/base64-decode-bytes "aGk="))
;=> 2

(breyta.sandbox/hex-encode "hi")
;=> "6869"

(breyta.sandbox/hex-decode "6869")
;=> "hi"

(breyta.sandbox/hex-decode "6")
;=> error: Illegal hex

(vec (breyta.sandbox/hex-decode-bytes "ff01"))
;=> [-1 1]

(breyta.sandbox/base64-encode (breyta.sandbox/hex-decode-bytes "ff"))
;=> "/w=="

(breyta.sandbox/hex-encode (breyta.sandbox/base64-decode-bytes "aGk="))
;=> "6869"

(breyta.sandbox/sha256-hex "abc")
;=> "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

(breyta.sandbox/sha256-hex "")
;=> "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

(breyta.sandbox/hmac-sha256-hex "key" "The quick brown fox jumps over the lazy dog")
;=> "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"

(breyta.sandbox/uuid-from "hello")
;=> "5d41402a-bc4b-3a76-b971-9d911017c592"

(= (breyta.sandbox/uuid-from "order:1") (breyta.sandbox/uuid-from "order:1"))
;=> true

(breyta.sandbox/uuid-from-bytes (breyta.sandbox/hex-decode-bytes "68656c6c6f"))
;=> "5d41402a-bc4b-3a76-b971-9d911017c592"

(breyta.sandbox/uuid-from 5)
;=> error: expects a string

(breyta.sandbox/url-encode "a b&c=d/é*~")
;=> "a+b%26c%3Dd%2F%C3%A9*%7E"

(breyta.sandbox/url-decode "a+b%26c%3Dd%2F%C3%A9")
;=> "a b&c=d/é"

(breyta.sandbox/url-decode "%zz")
;=> error: Illegal hex characters

(breyta.sandbox/parse-instant "2026-01-02T03:04:05Z")
;=> #inst "2026-01-02T03:04:05Z"

(breyta.sandbox/parse-instant "2026-01-02T03:04:05.123+01:00")
;=> #inst "2026-01-02T02:04:05.123Z"

(breyta.sandbox/parse-instant "2026-02-30T00:00:00Z")
;=> error: could not be parsed

(breyta.sandbox/parse-instant "yesterday")
;=> error: could not be parsed

(breyta.sandbox/format-instant (breyta.sandbox/parse-instant "2026-01-02T03:04:05.500Z"))
;=> "2026-01-02T03:04:05.500Z"

(breyta.sandbox/format-instant-pattern (breyta.sandbox/parse-instant "2026-01-02T03:04:05Z") "yyyy-MM-dd HH:mm:ss EEE MMM")
;=> "2026-01-02 03:04:05 Fri Jan"

(breyta.sandbox/format-instant-pattern (breyta.sandbox/epoch-ms->instant 0) "EEEE d MMMM yy, h:mm a 'UTC'")
;=> "Thursday 1 January 70, 12:00 AM UTC"

(breyta.sandbox/format-instant-pattern (breyta.sandbox/epoch-ms->instant 0) "yyyy-MM-dd'T'HH:mm:ss.SSSX")
;=> "1970-01-01T00:00:00.000Z"

(breyta.sandbox/format-instant-pattern (breyta.sandbox/epoch-ms->instant 0) "yyyy q")
;=> error: Unknown pattern letter: q

(breyta.sandbox/instant->epoch-ms (breyta.sandbox/parse-instant "1970-01-01T00:00:01Z"))
;=> 1000

(breyta.sandbox/epoch-ms->instant 86400000)
;=> #inst "1970-01-02T00:00:00Z"

(str (breyta.sandbox/duration-between (breyta.sandbox/parse-instant "2026-01-01T00:00:00Z") (breyta.sandbox/parse-instant "2026-01-01T02:30:00Z")))
;=> "PT2H30M"

(breyta.sandbox/truncate-instant (breyta.sandbox/parse-instant "2026-01-02T03:04:05Z") :days)
;=> #inst "2026-01-02T00:00:00Z"

(breyta.sandbox/truncate-instant (breyta.sandbox/parse-instant "2026-01-02T03:04:05Z") :hours)
;=> #inst "2026-01-02T03:00:00Z"

(breyta.sandbox/truncate-instant (breyta.sandbox/parse-instant "2026-01-02T03:04:05Z") :weeks)
;=> error: takes a unit among :seconds :minutes :hours :days

(breyta.sandbox/instant-plus (breyta.sandbox/parse-instant "2026-01-02T03:04:05Z") 2 :hours)
;=> #inst "2026-01-02T05:04:05Z"

(breyta.sandbox/instant-minus (breyta.sandbox/parse-instant "2026-01-02T03:04:05Z") 1 :days)
;=> #inst "2026-01-01T03:04:05Z"

(breyta.sandbox/instant-plus (breyta.sandbox/parse-instant "2026-01-02T03:04:05Z") 500 :millis)
;=> #inst "2026-01-02T03:04:05.500Z"

(breyta.sandbox/instant-plus "2026-01-02T03:04:05Z" 1 :days)
;=> error: expects an instant

(breyta.sandbox/instant-plus #inst "2026-01-02T03:04:05Z" 1 :days)
;=> #inst "2026-01-03T03:04:05Z"

(< (breyta.sandbox/instant->epoch-ms #inst "2020-01-01T00:00:00Z") (breyta.sandbox/instant->epoch-ms #inst "2021-01-01T00:00:00Z"))
;=> true

(compare #inst "2020-01-01T00:00:00Z" #inst "2021-01-01T00:00:00Z")
;=> -1

(pr-str (breyta.sandbox/epoch-ms->instant 0))
;=> "#inst \"1970-01-01T00:00:00Z\""

(str (breyta.sandbox/epoch-ms->instant 0))
;=> "1970-01-01T00:00:00Z"

#inst "nonsense"
;=> compile error: Invalid #inst literal
