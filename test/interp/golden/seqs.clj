;; Sequence functions and the transforms of function code.

(map inc [1 2 3])
;=> (2 3 4)

(map + [1 2] [10 20 30])
;=> (11 22)

(map inc nil)
;=> ()

(mapv inc [1 2])
;=> [2 3]

(filter odd? [1 2 3 4 5])
;=> (1 3 5)

(filterv even? [1 2 3 4])
;=> [2 4]

(remove nil? [1 nil 2])
;=> (1 2)

(reduce + [1 2 3])
;=> 6

(reduce + 10 [1 2 3])
;=> 16

(reduce + [])
;=> 0

(reduce + [5])
;=> 5

(reduce (fn [acc [k v]] (assoc acc v k)) {} {:a 1 :b 2})
;=> {1 :a 2 :b}

(reduce-kv (fn [acc k v] (+ acc v)) 0 {:a 1 :b 2})
;=> 3

(reduce-kv (fn [acc i v] (conj acc [i v])) [] [:x :y])
;=> [[0 :x] [1 :y]]

(mapcat :items [{:items [1 2]} {:items [3]}])
;=> (1 2 3)

(keep :email [{:email "a"} {} {:email "b"}])
;=> ("a" "b")

(keep-indexed (fn [i x] (when (odd? i) x)) [:a :b :c :d])
;=> (:b :d)

(map-indexed vector [:a :b])
;=> ([0 :a] [1 :b])

(sort [3 1 2])
;=> (1 2 3)

(sort > [3 1 2])
;=> (3 2 1)

(sort ["b" "a" "C"])
;=> ("C" "a" "b")

(sort-by :at [{:at 3} {:at 1}])
;=> ({:at 1} {:at 3})

(sort-by count > ["a" "ccc" "bb"])
;=> ("ccc" "bb" "a")

(sort-by :n [{:n 1 :id :a} {:n 0} {:n 1 :id :b}])
;=> ({:n 0} {:n 1 :id :a} {:n 1 :id :b})

(sort [1 "a"])
;=> error: Cannot compare

(group-by :status [{:status :a :id 1} {:status :b :id 2} {:status :a :id 3}])
;=> {:a [{:status :a :id 1} {:status :a :id 3}] :b [{:status :b :id 2}]}

(group-by odd? [1 2 3])
;=> {true [1 3] false [2]}

(frequencies [:a :b :a])
;=> {:a 2 :b 1}

(distinct [1 1 2 1 3])
;=> (1 2 3)

(distinct [[1] '(1) [2]])
;=> ([1] [2])

(partition 2 [1 2 3 4 5])
;=> ((1 2) (3 4))

(partition 2 1 [1 2 3])
;=> ((1 2) (2 3))

(partition 3 3 [:pad] [1 2 3 4])
;=> ((1 2 3) (4 :pad))

(partition-all 2 [1 2 3])
;=> ((1 2) (3))

(partition-all 2 1 [1 2 3])
;=> ((1 2) (2 3) (3))

(partition-by odd? [1 3 2 4 5])
;=> ((1 3) (2 4) (5))

(range 3)
;=> (0 1 2)

(range 1 4)
;=> (1 2 3)

(range 0 10 3)
;=> (0 3 6 9)

(range 5 0 -2)
;=> (5 3 1)

(range 0)
;=> ()

(range)
;=> compile error: (range) without bounds

(take 2 [1 2 3])
;=> (1 2)

(take 5 [1 2])
;=> (1 2)

(take-while pos? [1 2 -1 3])
;=> (1 2)

(take-last 2 [1 2 3])
;=> (2 3)

(take-last 2 [])
;=> nil

(drop 1 [1 2 3])
;=> (2 3)

(drop-while neg? [-1 2 -3])
;=> (2 -3)

(drop-last [1 2 3])
;=> (1 2)

(drop-last 2 [1 2 3])
;=> (1)

(split-at 1 [1 2 3])
;=> [(1) (2 3)]

(split-with odd? [1 3 2 5])
;=> [(1 3) (2 5)]

(interpose ", " ["a" "b"])
;=> ("a" ", " "b")

(interleave [1 2] [:a :b :c])
;=> (1 :a 2 :b)

(flatten [1 [2 [3]] '(4)])
;=> (1 2 3 4)

(flatten nil)
;=> ()

(repeat 3 0)
;=> (0 0 0)

(repeat 0)
;=> error: (repeat x) never ends

(doall (map inc [1]))
;=> (2)

(some even? [1 3 4])
;=> true

(some #{:admin} [:user :admin])
;=> :admin

(some even? [1 3])
;=> nil

(every? :id [{:id 1} {:id 2}])
;=> true

(every? odd? [])
;=> true

(not-any? nil? [1 2])
;=> true

(not-every? odd? [1 2])
;=> true

(max-key :score {:score 1 :id :a} {:score 5 :id :b})
;=> {:score 5 :id :b}

(apply min-key :price [{:price 3} {:price 1} {:price 2}])
;=> {:price 1}

(reverse nil)
;=> ()

(map inc 5)
;=> error: Don't know how to create a sequence from 5

(interleave)
;=> ()

(update-vals 5 inc)
;=> error: update-vals expects a map
