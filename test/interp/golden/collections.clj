;; Maps, vectors, sets and lists.

(get {:a 1} :a)
;=> 1

(get {:a 1} :b 100)
;=> 100

(get [10 20] 1)
;=> 20

(get [10 20] 5 :none)
;=> :none

(get #{:a} :a)
;=> :a

(get "abc" 1)
;=> \b

(get nil :a)
;=> nil

(get 42 :a)
;=> nil

(get-in {:a {:b {:c 1}}} [:a :b :c])
;=> 1

(get-in {:a {:b nil}} [:a :b] :default)
;=> nil

(get-in {:a {}} [:a :b] :default)
;=> :default

(get-in {:a [1 {:x 2}]} [:a 1 :x])
;=> 2

(get-in {:a 1} [])
;=> {:a 1}

(assoc {:a 1} :b 2)
;=> {:a 1 :b 2}

(assoc {} :a 1 :b 2)
;=> {:a 1 :b 2}

(assoc nil :a 1)
;=> {:a 1}

(assoc [1 2] 0 :x)
;=> [:x 2]

(assoc [1 2] 2 3)
;=> [1 2 3]

(assoc [1 2] 5 3)
;=> error: Index 5 out of bounds

(assoc {} :a)
;=> compile error: Wrong number of args (2) passed to: assoc

(assoc-in {} [:user :name] "Ada")
;=> {:user {:name "Ada"}}

(assoc-in {:a [{:b 1}]} [:a 0 :b] 2)
;=> {:a [{:b 2}]}

(update {:count 1} :count inc)
;=> {:count 2}

(update {:a 1} :a + 10 20)
;=> {:a 31}

(update {} :n (fnil inc 0))
;=> {:n 1}

(update-in {:stats {:count 1}} [:stats :count] inc)
;=> {:stats {:count 2}}

(update-in {} [:a :b] (fnil conj []) 1)
;=> {:a {:b [1]}}

(dissoc {:a 1 :b 2 :c 3} :a :c)
;=> {:b 2}

(dissoc nil :a)
;=> nil

(merge {:a 1} {:b 2} {:a 3})
;=> {:a 3 :b 2}

(merge)
;=> nil

(merge nil {:a 1})
;=> {:a 1}

(merge {:a 1} nil)
;=> {:a 1}

(merge-with + {:a 1 :b 2} {:a 10})
;=> {:a 11 :b 2}

(select-keys {:a 1 :b 2 :c 3} [:a :c :z])
;=> {:a 1 :c 3}

(keys {:a 1 :b 2})
;=> (:a :b)

(vals {:a 1 :b 2})
;=> (1 2)

(keys {})
;=> nil

(contains? {:a nil} :a)
;=> true

(contains? #{1} 1)
;=> true

(contains? [5 6] 1)
;=> true

(contains? [5 6] 2)
;=> false

(contains? nil :a)
;=> false

(contains? '(1) 0)
;=> error: contains? not supported

(find {:a 1} :a)
;=> [:a 1]

(find {:a 1} :b)
;=> nil

(key (first {:a 1}))
;=> :a

(val (first {:a 1}))
;=> 1

(zipmap [:a :b] [1 2 3])
;=> {:a 1 :b 2}

(update-vals {:a 1 :b 2} inc)
;=> {:a 2 :b 3}

(update-keys {:a 1} name)
;=> {"a" 1}

(count [1 2 3])
;=> 3

(count {:a 1})
;=> 1

(count nil)
;=> 0

(count 5)
;=> error: count not supported

(seq [1 2])
;=> (1 2)

(seq [])
;=> nil

(seq {:a 1})
;=> ([:a 1])

(first [1 2])
;=> 1

(first nil)
;=> nil

(first [])
;=> nil

(second [1 2 3])
;=> 2

(rest [1 2 3])
;=> (2 3)

(rest [])
;=> ()

(rest nil)
;=> ()

(next [1])
;=> nil

(next [1 2])
;=> (2)

(last [1 2 3])
;=> 3

(last [])
;=> nil

(butlast [1 2 3])
;=> (1 2)

(butlast [1])
;=> nil

(nth [1 2 3] 0)
;=> 1

(nth [1 2 3] 5 :nf)
;=> :nf

(nth [1 2 3] 5)
;=> error: Index 5 out of bounds for length 3

(nth '(1 2 3) 2)
;=> 3

(nth {:a 1} 0)
;=> error: nth not supported

(peek [1 2 3])
;=> 3

(peek '(1 2 3))
;=> 1

(pop [1 2 3])
;=> [1 2]

(pop '(1 2 3))
;=> (2 3)

(pop [])
;=> error: Can't pop an empty

(conj [1 2] 3 4)
;=> [1 2 3 4]

(conj '(1 2) 0)
;=> (0 1 2)

(conj #{1} 2)
;=> #{1 2}

(conj {:a 1} [:b 2])
;=> {:a 1 :b 2}

(conj {:a 1} {:b 2})
;=> {:a 1 :b 2}

(conj nil 1)
;=> (1)

(conj)
;=> []

(conj {} [1 2 3])
;=> error: Vector arg to map conj must be a pair

(cons 0 [1 2])
;=> (0 1 2)

(cons 0 nil)
;=> (0)

(into [] '(1 2))
;=> [1 2]

(into {} [[:a 1] [:b 2]])
;=> {:a 1 :b 2}

(into #{} [1 1 2])
;=> #{1 2}

(into '(1) [2 3])
;=> (3 2 1)

(into [1] nil)
;=> [1]

(into [] (comp (map inc) (filter even?)) [1 2 3 4])
;=> [2 4]

(into [] (take 2) [1 2 3 4])
;=> [1 2]

(into [] (partition-all 2) [1 2 3])
;=> [[1 2] [3]]

(vec '(1 2))
;=> [1 2]

(vec nil)
;=> []

(vec {:a 1})
;=> [[:a 1]]

(vector 1 2)
;=> [1 2]

(hash-map :a 1 :b 2)
;=> {:a 1 :b 2}

(hash-map :a)
;=> error: No value supplied for key

(hash-set 1 2 2)
;=> #{1 2}

(set [:a :a :b])
;=> #{:a :b}

(list 1 2)
;=> (1 2)

(list* 1 [2 3])
;=> (1 2 3)

(concat [1] [2 3] nil '(4))
;=> (1 2 3 4)

(empty [1 2])
;=> []

(empty {:a 1})
;=> {}

(not-empty [])
;=> nil

(not-empty [1])
;=> [1]

(empty? [])
;=> true

(empty? nil)
;=> true

(empty? "")
;=> true

(empty? [1])
;=> false

(reverse [1 2 3])
;=> (3 2 1)

(subvec [1 2 3 4] 1 3)
;=> [2 3]

(subvec [1 2 3] 1)
;=> [2 3]

(subvec [1 2 3] 2 1)
;=> error: out of bounds

{:a 1 :a 2}
;=> compile error: Duplicate key

#{1 1}
;=> compile error: Duplicate key

(let [k :a] {k 1 :a 2})
;=> error: Duplicate key

#:user{:id 1 :name "x"}
;=> {:user/id 1 :user/name "x"}

(map? {})
;=> true

(vector? [])
;=> true

(vector? '())
;=> false

(list? '(1))
;=> true

(set? #{})
;=> true

(coll? {})
;=> true

(coll? "s")
;=> false

(sequential? [1])
;=> true

(sequential? #{1})
;=> false

(seq? '(1))
;=> true

(seq? [1])
;=> false

(keyword? :a)
;=> true

(symbol? 'a)
;=> true

(nil? nil)
;=> true

(some? false)
;=> true

(boolean nil)
;=> false

(boolean 0)
;=> true

(boolean? false)
;=> true

(true? 1)
;=> false

(false? false)
;=> true

(not nil)
;=> true

(not 0)
;=> false
