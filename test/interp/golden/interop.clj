;; The Java interop allowlist of function code.

(java.time.Instant/parse "2026-01-02T03:04:05Z")
;=> #inst "2026-01-02T03:04:05Z"

(Instant/ofEpochMilli 0)
;=> #inst "1970-01-01T00:00:00Z"

(.toEpochMilli (Instant/ofEpochSecond 2))
;=> 2000

(.toString (Instant/ofEpochMilli 1500))
;=> "1970-01-01T00:00:01.500Z"

(.getEpochSecond (java.time.Instant/parse "1970-01-01T00:01:00Z"))
;=> 60

(.plusSeconds (Instant/ofEpochMilli 0) 60)
;=> #inst "1970-01-01T00:01:00Z"

(.isBefore (Instant/ofEpochMilli 0) (Instant/ofEpochMilli 1))
;=> true

(.isAfter (Instant/ofEpochMilli 0) (Instant/ofEpochMilli 1))
;=> false

(.truncatedTo (Instant/parse "2026-01-02T03:04:05Z") ChronoUnit/HOURS)
;=> #inst "2026-01-02T03:00:00Z"

(.plus (Instant/ofEpochMilli 0) 2 java.time.temporal.ChronoUnit/DAYS)
;=> #inst "1970-01-03T00:00:00Z"

(.minus (Instant/ofEpochMilli 0) (Duration/ofMinutes 1))
;=> #inst "1969-12-31T23:59:00Z"

(.toMinutes (Duration/ofHours 2))
;=> 120

(.toMillis (Duration/between (Instant/ofEpochMilli 0) (Instant/ofEpochMilli 1500)))
;=> 1500

Instant/EPOCH
;=> #inst "1970-01-01T00:00:00Z"

(str (java.util.UUID/fromString "5D41402A-BC4B-3A76-B971-9D911017C592"))
;=> "5d41402a-bc4b-3a76-b971-9d911017c592"

(pr-str (UUID/fromString "5d41402a-bc4b-3a76-b971-9d911017c592"))
;=> "#uuid \"5d41402a-bc4b-3a76-b971-9d911017c592\""

(UUID/fromString "nope")
;=> error: Invalid UUID string

(.toString :a)
;=> ":a"

(.toString 42)
;=> "42"

(.toString nil)
;=> error: Cannot invoke .toString on nil

(.toUpperCase "abc")
;=> "ABC"

(.length "abc")
;=> 3

(. "abc" substring 1)
;=> "bc"

(. "abc" (substring 1 2))
;=> "b"

(.startsWith "abc" "ab")
;=> true

(.equals "a" "a")
;=> true

(.toEpochMilli "x")
;=> error: No method .toEpochMilli on "x"

(.foo "x")
;=> compile error: Java method .foo is not available

(Long/parseLong "1")
;=> compile error: use (parse-long s)

(java.time.Instant/now)
;=> compile error: no clock

(java.util.UUID/randomUUID)
;=> compile error: uuid-from

(java.time.LocalDate/parse "2020-01-01")
;=> compile error: is not available in the sandbox

(System/exit 0)
;=> compile error: is not available in the sandbox

(java.util.Date.)
;=> compile error: Constructing Java objects

(new java.util.Date)
;=> compile error: Constructing Java objects

(Math/abs -1)
;=> compile error: use (abs x)
