;; Arithmetic. Numbers are doubles: ratios become doubles, 1 equals 1.0.

(+ 1 2 3)
;=> 6

(+)
;=> 0

(*)
;=> 1

(- 10 3)
;=> 7

(- 5)
;=> -5

(/ 10 4)
;=> 2.5

(/ 10 2)
;=> 5

(/ 2)
;=> 0.5

(/ 1 0)
;=> error: Divide by zero

(quot 7 2)
;=> 3

(quot -7 2)
;=> -3

(rem -7 2)
;=> -1

(mod -7 2)
;=> 1

(mod 7 -2)
;=> -1

(mod 7 0)
;=> error: Divide by zero

(inc 1)
;=> 2

(dec 1)
;=> 0

(min 3 1 2)
;=> 1

(max 1 5 3)
;=> 5

(abs -3)
;=> 3

(< 1 2 3)
;=> true

(< 1 3 2)
;=> false

(>= 3 3 1)
;=> true

(<= 1 1 2)
;=> true

(> 3 2 2)
;=> false

(< 1)
;=> true

(+ 1 nil)
;=> error: Cannot use nil as a number in (+ ...)

(+ 1 "2")
;=> error: Cannot cast "2" (string) to a number

(< 1 :a)
;=> error: Cannot cast :a (keyword) to a number

(inc nil)
;=> error: Cannot use nil as a number in (inc ...)

(zero? 0)
;=> true

(pos? 1)
;=> true

(neg? -1)
;=> true

(even? 4)
;=> true

(odd? 3)
;=> true

(even? 1.5)
;=> error: Argument must be an integer

(long 3.7)
;=> 3

(int -2.9)
;=> -2

(long \a)
;=> 97

(double 1)
;=> 1.0

(parse-long "42")
;=> 42

(parse-long "4.2")
;=> nil

(parse-long "-7")
;=> -7

(parse-long 5)
;=> error: parse-long expects a string

(parse-double "1.5")
;=> 1.5

(parse-double "1e3")
;=> 1000.0

(parse-double "x")
;=> nil

(parse-boolean "true")
;=> true

(parse-boolean "yes")
;=> nil

(number? 1)
;=> true

(number? "1")
;=> false

(integer? 3)
;=> true

(integer? 3.5)
;=> false

(int? 3)
;=> true

(double? 1.5)
;=> true

(pos-int? 5)
;=> true

(pos-int? 0)
;=> false

(nat-int? 0)
;=> true

(neg-int? -1)
;=> true

(* 5 (or nil 1))
;=> 5

1/2
;=> 0.5

10N
;=> 10

99999999999999999999N
;=> 99999999999999999999N

##Inf
;=> ##Inf

(str 0.1)
;=> "0.1"
