; optimod replay: no exact tree of depth <= 3 with expected calls below 6/5 for modulus 9, generator sizes 6, 10.
; 2 case(s) below, each must be unsatisfiable (run incrementally: push/pop).
(set-logic QF_LIA)
; case: root 6, encoding multiset-flow/per-output-leaves/v1
(push 1)
(declare-fun N_ () Int)
(declare-fun N_6 () Int)
(declare-fun N_10 () Int)
(declare-fun N_6_6 () Int)
(declare-fun N_6_10 () Int)
(declare-fun N_10_10 () Int)
(declare-fun N_6_6_6 () Int)
(declare-fun N_6_6_10 () Int)
(declare-fun N_6_10_10 () Int)
(declare-fun N_10_10_10 () Int)
(declare-fun c__6 () Int)
(declare-fun c__10 () Int)
(declare-fun c_6_6 () Int)
(declare-fun c_6_10 () Int)
(declare-fun c_10_6 () Int)
(declare-fun c_10_10 () Int)
(declare-fun c_6_6_6 () Int)
(declare-fun c_6_6_10 () Int)
(declare-fun c_6_10_6 () Int)
(declare-fun c_6_10_10 () Int)
(declare-fun c_10_10_6 () Int)
(declare-fun c_10_10_10 () Int)
(declare-fun x_10_o0 () Int)
(declare-fun x_10_o1 () Int)
(declare-fun x_10_o2 () Int)
(declare-fun x_10_o3 () Int)
(declare-fun x_10_o4 () Int)
(declare-fun x_10_o5 () Int)
(declare-fun x_10_o6 () Int)
(declare-fun x_10_o7 () Int)
(declare-fun x_10_o8 () Int)
(declare-fun x_6_6_o0 () Int)
(declare-fun x_6_6_o1 () Int)
(declare-fun x_6_6_o2 () Int)
(declare-fun x_6_6_o3 () Int)
(declare-fun x_6_6_o4 () Int)
(declare-fun x_6_6_o5 () Int)
(declare-fun x_6_6_o6 () Int)
(declare-fun x_6_6_o7 () Int)
(declare-fun x_6_6_o8 () Int)
(declare-fun x_6_10_o0 () Int)
(declare-fun x_6_10_o1 () Int)
(declare-fun x_6_10_o2 () Int)
(declare-fun x_6_10_o3 () Int)
(declare-fun x_6_10_o4 () Int)
(declare-fun x_6_10_o5 () Int)
(declare-fun x_6_10_o6 () Int)
(declare-fun x_6_10_o7 () Int)
(declare-fun x_6_10_o8 () Int)
(declare-fun x_10_10_o0 () Int)
(declare-fun x_10_10_o1 () Int)
(declare-fun x_10_10_o2 () Int)
(declare-fun x_10_10_o3 () Int)
(declare-fun x_10_10_o4 () Int)
(declare-fun x_10_10_o5 () Int)
(declare-fun x_10_10_o6 () Int)
(declare-fun x_10_10_o7 () Int)
(declare-fun x_10_10_o8 () Int)
(declare-fun x_6_6_6_o0 () Int)
(declare-fun x_6_6_6_o1 () Int)
(declare-fun x_6_6_6_o2 () Int)
(declare-fun x_6_6_6_o3 () Int)
(declare-fun x_6_6_6_o4 () Int)
(declare-fun x_6_6_6_o5 () Int)
(declare-fun x_6_6_6_o6 () Int)
(declare-fun x_6_6_6_o7 () Int)
(declare-fun x_6_6_6_o8 () Int)
(declare-fun x_6_6_10_o0 () Int)
(declare-fun x_6_6_10_o1 () Int)
(declare-fun x_6_6_10_o2 () Int)
(declare-fun x_6_6_10_o3 () Int)
(declare-fun x_6_6_10_o4 () Int)
(declare-fun x_6_6_10_o5 () Int)
(declare-fun x_6_6_10_o6 () Int)
(declare-fun x_6_6_10_o7 () Int)
(declare-fun x_6_6_10_o8 () Int)
(declare-fun x_6_10_10_o0 () Int)
(declare-fun x_6_10_10_o1 () Int)
(declare-fun x_6_10_10_o2 () Int)
(declare-fun x_6_10_10_o3 () Int)
(declare-fun x_6_10_10_o4 () Int)
(declare-fun x_6_10_10_o5 () Int)
(declare-fun x_6_10_10_o6 () Int)
(declare-fun x_6_10_10_o7 () Int)
(declare-fun x_6_10_10_o8 () Int)
(declare-fun x_10_10_10_o0 () Int)
(declare-fun x_10_10_10_o1 () Int)
(declare-fun x_10_10_10_o2 () Int)
(declare-fun x_10_10_10_o3 () Int)
(declare-fun x_10_10_10_o4 () Int)
(declare-fun x_10_10_10_o5 () Int)
(declare-fun x_10_10_10_o6 () Int)
(declare-fun x_10_10_10_o7 () Int)
(declare-fun x_10_10_10_o8 () Int)
(assert
 (>= N_ 0))
(assert
 (>= N_6 0))
(assert
 (>= N_10 0))
(assert
 (>= N_6_6 0))
(assert
 (>= N_6_10 0))
(assert
 (>= N_10_10 0))
(assert
 (>= N_6_6_6 0))
(assert
 (>= N_6_6_10 0))
(assert
 (>= N_6_10_10 0))
(assert
 (>= N_10_10_10 0))
(assert
 (>= c__6 0))
(assert
 (>= c__10 0))
(assert
 (>= c_6_6 0))
(assert
 (>= c_6_10 0))
(assert
 (>= c_10_6 0))
(assert
 (>= c_10_10 0))
(assert
 (>= c_6_6_6 0))
(assert
 (>= c_6_6_10 0))
(assert
 (>= c_6_10_6 0))
(assert
 (>= c_6_10_10 0))
(assert
 (>= c_10_10_6 0))
(assert
 (>= c_10_10_10 0))
(assert
 (= c__6 1))
(assert
 (= c__10 0))
(assert
 (= N_ 1))
(assert
 (= N_6 (* c__6 6)))
(assert
 (= N_10 (* c__10 10)))
(assert
 (= N_6_6 (* c_6_6 6)))
(assert
 (= N_6_10 (+ (* c_10_6 6) (* c_6_10 10))))
(assert
 (= N_10_10 (* c_10_10 10)))
(assert
 (= N_6_6_6 (* c_6_6_6 6)))
(assert
 (= N_6_6_10 (+ (* c_6_10_6 6) (* c_6_6_10 10))))
(assert
 (= N_6_10_10 (+ (* c_10_10_6 6) (* c_6_10_10 10))))
(assert
 (= N_10_10_10 (* c_10_10_10 10)))
(assert
 (= (- N_ (+ c__6 c__10)) 0))
(assert
 (= (- N_6 (+ c_6_6 c_6_10)) 0))
(assert
 (let ((?x311 (+ c_10_6 c_10_10)))
 (let ((?x193 (- N_10 ?x311)))
 (>= ?x193 0))))
(assert
 (let ((?x179 (+ c_6_6_6 c_6_6_10)))
 (let ((?x333 (- N_6_6 ?x179)))
 (>= ?x333 0))))
(assert
 (let ((?x190 (+ c_6_10_6 c_6_10_10)))
 (let ((?x221 (- N_6_10 ?x190)))
 (>= ?x221 0))))
(assert
 (let ((?x437 (+ c_10_10_6 c_10_10_10)))
 (let ((?x278 (- N_10_10 ?x437)))
 (>= ?x278 0))))
(assert
 (>= N_6_6_6 0))
(assert
 (>= N_6_6_10 0))
(assert
 (>= N_6_10_10 0))
(assert
 (>= N_10_10_10 0))
(assert
 (>= x_10_o0 0))
(assert
 (>= x_10_o1 0))
(assert
 (>= x_10_o2 0))
(assert
 (>= x_10_o3 0))
(assert
 (>= x_10_o4 0))
(assert
 (>= x_10_o5 0))
(assert
 (>= x_10_o6 0))
(assert
 (>= x_10_o7 0))
(assert
 (>= x_10_o8 0))
(assert
 (let ((?x139 (+ x_10_o0 x_10_o1 x_10_o2 x_10_o3 x_10_o4 x_10_o5 x_10_o6 x_10_o7 x_10_o8)))
 (let ((?x311 (+ c_10_6 c_10_10)))
 (let ((?x193 (- N_10 ?x311)))
 (= ?x193 ?x139)))))
(assert
 (>= x_6_6_o0 0))
(assert
 (>= x_6_6_o1 0))
(assert
 (>= x_6_6_o2 0))
(assert
 (>= x_6_6_o3 0))
(assert
 (>= x_6_6_o4 0))
(assert
 (>= x_6_6_o5 0))
(assert
 (>= x_6_6_o6 0))
(assert
 (>= x_6_6_o7 0))
(assert
 (>= x_6_6_o8 0))
(assert
 (let ((?x52 (+ x_6_6_o0 x_6_6_o1 x_6_6_o2 x_6_6_o3 x_6_6_o4 x_6_6_o5 x_6_6_o6 x_6_6_o7 x_6_6_o8)))
 (let ((?x179 (+ c_6_6_6 c_6_6_10)))
 (let ((?x333 (- N_6_6 ?x179)))
 (= ?x333 ?x52)))))
(assert
 (>= x_6_10_o0 0))
(assert
 (>= x_6_10_o1 0))
(assert
 (>= x_6_10_o2 0))
(assert
 (>= x_6_10_o3 0))
(assert
 (>= x_6_10_o4 0))
(assert
 (>= x_6_10_o5 0))
(assert
 (>= x_6_10_o6 0))
(assert
 (>= x_6_10_o7 0))
(assert
 (>= x_6_10_o8 0))
(assert
 (let ((?x150 (+ x_6_10_o0 x_6_10_o1 x_6_10_o2 x_6_10_o3 x_6_10_o4 x_6_10_o5 x_6_10_o6 x_6_10_o7 x_6_10_o8)))
 (let ((?x190 (+ c_6_10_6 c_6_10_10)))
 (let ((?x221 (- N_6_10 ?x190)))
 (= ?x221 ?x150)))))
(assert
 (>= x_10_10_o0 0))
(assert
 (>= x_10_10_o1 0))
(assert
 (>= x_10_10_o2 0))
(assert
 (>= x_10_10_o3 0))
(assert
 (>= x_10_10_o4 0))
(assert
 (>= x_10_10_o5 0))
(assert
 (>= x_10_10_o6 0))
(assert
 (>= x_10_10_o7 0))
(assert
 (>= x_10_10_o8 0))
(assert
 (let ((?x417 (+ x_10_10_o0 x_10_10_o1 x_10_10_o2 x_10_10_o3 x_10_10_o4 x_10_10_o5 x_10_10_o6 x_10_10_o7 x_10_10_o8)))
 (let ((?x437 (+ c_10_10_6 c_10_10_10)))
 (let ((?x278 (- N_10_10 ?x437)))
 (= ?x278 ?x417)))))
(assert
 (>= x_6_6_6_o0 0))
(assert
 (>= x_6_6_6_o1 0))
(assert
 (>= x_6_6_6_o2 0))
(assert
 (>= x_6_6_6_o3 0))
(assert
 (>= x_6_6_6_o4 0))
(assert
 (>= x_6_6_6_o5 0))
(assert
 (>= x_6_6_6_o6 0))
(assert
 (>= x_6_6_6_o7 0))
(assert
 (>= x_6_6_6_o8 0))
(assert
 (let ((?x359 (+ x_6_6_6_o0 x_6_6_6_o1 x_6_6_6_o2 x_6_6_6_o3 x_6_6_6_o4 x_6_6_6_o5 x_6_6_6_o6 x_6_6_6_o7 x_6_6_6_o8)))
 (= N_6_6_6 ?x359)))
(assert
 (>= x_6_6_10_o0 0))
(assert
 (>= x_6_6_10_o1 0))
(assert
 (>= x_6_6_10_o2 0))
(assert
 (>= x_6_6_10_o3 0))
(assert
 (>= x_6_6_10_o4 0))
(assert
 (>= x_6_6_10_o5 0))
(assert
 (>= x_6_6_10_o6 0))
(assert
 (>= x_6_6_10_o7 0))
(assert
 (>= x_6_6_10_o8 0))
(assert
 (let ((?x143 (+ x_6_6_10_o0 x_6_6_10_o1 x_6_6_10_o2 x_6_6_10_o3 x_6_6_10_o4 x_6_6_10_o5 x_6_6_10_o6 x_6_6_10_o7 x_6_6_10_o8)))
 (= N_6_6_10 ?x143)))
(assert
 (>= x_6_10_10_o0 0))
(assert
 (>= x_6_10_10_o1 0))
(assert
 (>= x_6_10_10_o2 0))
(assert
 (>= x_6_10_10_o3 0))
(assert
 (>= x_6_10_10_o4 0))
(assert
 (>= x_6_10_10_o5 0))
(assert
 (>= x_6_10_10_o6 0))
(assert
 (>= x_6_10_10_o7 0))
(assert
 (>= x_6_10_10_o8 0))
(assert
 (let ((?x62 (+ x_6_10_10_o0 x_6_10_10_o1 x_6_10_10_o2 x_6_10_10_o3 x_6_10_10_o4 x_6_10_10_o5 x_6_10_10_o6 x_6_10_10_o7 x_6_10_10_o8)))
 (= N_6_10_10 ?x62)))
(assert
 (>= x_10_10_10_o0 0))
(assert
 (>= x_10_10_10_o1 0))
(assert
 (>= x_10_10_10_o2 0))
(assert
 (>= x_10_10_10_o3 0))
(assert
 (>= x_10_10_10_o4 0))
(assert
 (>= x_10_10_10_o5 0))
(assert
 (>= x_10_10_10_o6 0))
(assert
 (>= x_10_10_10_o7 0))
(assert
 (>= x_10_10_10_o8 0))
(assert
 (let ((?x168 (+ x_10_10_10_o0 x_10_10_10_o1 x_10_10_10_o2 x_10_10_10_o3 x_10_10_10_o4 x_10_10_10_o5 x_10_10_10_o6 x_10_10_10_o7 x_10_10_10_o8)))
 (= N_10_10_10 ?x168)))
(assert
 (let ((?x298 (+ (* x_10_o0 2700) (* x_6_6_o0 750) (* x_6_10_o0 450) (* x_10_10_o0 270) (* x_6_6_6_o0 125) (* x_6_6_10_o0 75) (* x_6_10_10_o0 45) (* x_10_10_10_o0 27))))
 (= ?x298 3000)))
(assert
 (let ((?x448 (+ (* x_10_o1 2700) (* x_6_6_o1 750) (* x_6_10_o1 450) (* x_10_10_o1 270) (* x_6_6_6_o1 125) (* x_6_6_10_o1 75) (* x_6_10_10_o1 45) (* x_10_10_10_o1 27))))
 (= ?x448 3000)))
(assert
 (let ((?x136 (+ (* x_10_o2 2700) (* x_6_6_o2 750) (* x_6_10_o2 450) (* x_10_10_o2 270) (* x_6_6_6_o2 125) (* x_6_6_10_o2 75) (* x_6_10_10_o2 45) (* x_10_10_10_o2 27))))
 (= ?x136 3000)))
(assert
 (let ((?x399 (+ (* x_10_o3 2700) (* x_6_6_o3 750) (* x_6_10_o3 450) (* x_10_10_o3 270) (* x_6_6_6_o3 125) (* x_6_6_10_o3 75) (* x_6_10_10_o3 45) (* x_10_10_10_o3 27))))
 (= ?x399 3000)))
(assert
 (let ((?x73 (+ (* x_10_o4 2700) (* x_6_6_o4 750) (* x_6_10_o4 450) (* x_10_10_o4 270) (* x_6_6_6_o4 125) (* x_6_6_10_o4 75) (* x_6_10_10_o4 45) (* x_10_10_10_o4 27))))
 (= ?x73 3000)))
(assert
 (let ((?x386 (+ (* x_10_o5 2700) (* x_6_6_o5 750) (* x_6_10_o5 450) (* x_10_10_o5 270) (* x_6_6_6_o5 125) (* x_6_6_10_o5 75) (* x_6_10_10_o5 45) (* x_10_10_10_o5 27))))
 (= ?x386 3000)))
(assert
 (let ((?x256 (+ (* x_10_o6 2700) (* x_6_6_o6 750) (* x_6_10_o6 450) (* x_10_10_o6 270) (* x_6_6_6_o6 125) (* x_6_6_10_o6 75) (* x_6_10_10_o6 45) (* x_10_10_10_o6 27))))
 (= ?x256 3000)))
(assert
 (let ((?x467 (+ (* x_10_o7 2700) (* x_6_6_o7 750) (* x_6_10_o7 450) (* x_10_10_o7 270) (* x_6_6_6_o7 125) (* x_6_6_10_o7 75) (* x_6_10_10_o7 45) (* x_10_10_10_o7 27))))
 (= ?x467 3000)))
(assert
 (let ((?x246 (+ (* x_10_o8 2700) (* x_6_6_o8 750) (* x_6_10_o8 450) (* x_10_10_o8 270) (* x_6_6_6_o8 125) (* x_6_6_10_o8 75) (* x_6_10_10_o8 45) (* x_10_10_10_o8 27))))
 (= ?x246 3000)))
(assert
 (let ((?x285 (+ (* x_10_o1 1) (* x_6_6_o1 2) (* x_6_10_o1 3) (* x_10_10_o1 4) (* x_6_6_6_o1 5) (* x_6_6_10_o1 6) (* x_6_10_10_o1 7) (* x_10_10_10_o1 8))))
 (let ((?x429 (+ (* x_10_o0 1) (* x_6_6_o0 2) (* x_6_10_o0 3) (* x_10_10_o0 4) (* x_6_6_6_o0 5) (* x_6_6_10_o0 6) (* x_6_10_10_o0 7) (* x_10_10_10_o0 8))))
 (>= ?x429 ?x285))))
(assert
 (let ((?x376 (+ (* x_10_o2 1) (* x_6_6_o2 2) (* x_6_10_o2 3) (* x_10_10_o2 4) (* x_6_6_6_o2 5) (* x_6_6_10_o2 6) (* x_6_10_10_o2 7) (* x_10_10_10_o2 8))))
 (let ((?x285 (+ (* x_10_o1 1) (* x_6_6_o1 2) (* x_6_10_o1 3) (* x_10_10_o1 4) (* x_6_6_6_o1 5) (* x_6_6_10_o1 6) (* x_6_10_10_o1 7) (* x_10_10_10_o1 8))))
 (>= ?x285 ?x376))))
(assert
 (let ((?x257 (+ (* x_10_o3 1) (* x_6_6_o3 2) (* x_6_10_o3 3) (* x_10_10_o3 4) (* x_6_6_6_o3 5) (* x_6_6_10_o3 6) (* x_6_10_10_o3 7) (* x_10_10_10_o3 8))))
 (let ((?x376 (+ (* x_10_o2 1) (* x_6_6_o2 2) (* x_6_10_o2 3) (* x_10_10_o2 4) (* x_6_6_6_o2 5) (* x_6_6_10_o2 6) (* x_6_10_10_o2 7) (* x_10_10_10_o2 8))))
 (>= ?x376 ?x257))))
(assert
 (let ((?x202 (+ (* x_10_o4 1) (* x_6_6_o4 2) (* x_6_10_o4 3) (* x_10_10_o4 4) (* x_6_6_6_o4 5) (* x_6_6_10_o4 6) (* x_6_10_10_o4 7) (* x_10_10_10_o4 8))))
 (let ((?x257 (+ (* x_10_o3 1) (* x_6_6_o3 2) (* x_6_10_o3 3) (* x_10_10_o3 4) (* x_6_6_6_o3 5) (* x_6_6_10_o3 6) (* x_6_10_10_o3 7) (* x_10_10_10_o3 8))))
 (>= ?x257 ?x202))))
(assert
 (let ((?x426 (+ (* x_10_o5 1) (* x_6_6_o5 2) (* x_6_10_o5 3) (* x_10_10_o5 4) (* x_6_6_6_o5 5) (* x_6_6_10_o5 6) (* x_6_10_10_o5 7) (* x_10_10_10_o5 8))))
 (let ((?x202 (+ (* x_10_o4 1) (* x_6_6_o4 2) (* x_6_10_o4 3) (* x_10_10_o4 4) (* x_6_6_6_o4 5) (* x_6_6_10_o4 6) (* x_6_10_10_o4 7) (* x_10_10_10_o4 8))))
 (>= ?x202 ?x426))))
(assert
 (let ((?x44 (+ (* x_10_o6 1) (* x_6_6_o6 2) (* x_6_10_o6 3) (* x_10_10_o6 4) (* x_6_6_6_o6 5) (* x_6_6_10_o6 6) (* x_6_10_10_o6 7) (* x_10_10_10_o6 8))))
 (let ((?x426 (+ (* x_10_o5 1) (* x_6_6_o5 2) (* x_6_10_o5 3) (* x_10_10_o5 4) (* x_6_6_6_o5 5) (* x_6_6_10_o5 6) (* x_6_10_10_o5 7) (* x_10_10_10_o5 8))))
 (>= ?x426 ?x44))))
(assert
 (let ((?x232 (+ (* x_10_o7 1) (* x_6_6_o7 2) (* x_6_10_o7 3) (* x_10_10_o7 4) (* x_6_6_6_o7 5) (* x_6_6_10_o7 6) (* x_6_10_10_o7 7) (* x_10_10_10_o7 8))))
 (let ((?x44 (+ (* x_10_o6 1) (* x_6_6_o6 2) (* x_6_10_o6 3) (* x_10_10_o6 4) (* x_6_6_6_o6 5) (* x_6_6_10_o6 6) (* x_6_10_10_o6 7) (* x_10_10_10_o6 8))))
 (>= ?x44 ?x232))))
(assert
 (let ((?x219 (+ (* x_10_o8 1) (* x_6_6_o8 2) (* x_6_10_o8 3) (* x_10_10_o8 4) (* x_6_6_6_o8 5) (* x_6_6_10_o8 6) (* x_6_10_10_o8 7) (* x_10_10_10_o8 8))))
 (let ((?x232 (+ (* x_10_o7 1) (* x_6_6_o7 2) (* x_6_10_o7 3) (* x_10_10_o7 4) (* x_6_6_6_o7 5) (* x_6_6_10_o7 6) (* x_6_10_10_o7 7) (* x_10_10_10_o7 8))))
 (>= ?x232 ?x219))))
(assert
 (let ((?x463 (+ (* c__6 900) (* c__10 900) (* c_6_6 150) (* c_6_10 150) (* c_10_6 90) (* c_10_10 90) (* c_6_6_6 25) (* c_6_6_10 25) (* c_6_10_6 15) (* c_6_10_10 15) (* c_10_10_6 9) (* c_10_10_10 9))))
(< (* ?x463 5) 5400)))
(check-sat)
(pop 1)
; case: root 10, encoding multiset-flow/per-output-leaves/v1
(push 1)
(declare-fun N_ () Int)
(declare-fun N_6 () Int)
(declare-fun N_10 () Int)
(declare-fun N_6_6 () Int)
(declare-fun N_6_10 () Int)
(declare-fun N_10_10 () Int)
(declare-fun N_6_6_6 () Int)
(declare-fun N_6_6_10 () Int)
(declare-fun N_6_10_10 () Int)
(declare-fun N_10_10_10 () Int)
(declare-fun c__6 () Int)
(declare-fun c__10 () Int)
(declare-fun c_6_6 () Int)
(declare-fun c_6_10 () Int)
(declare-fun c_10_6 () Int)
(declare-fun c_10_10 () Int)
(declare-fun c_6_6_6 () Int)
(declare-fun c_6_6_10 () Int)
(declare-fun c_6_10_6 () Int)
(declare-fun c_6_10_10 () Int)
(declare-fun c_10_10_6 () Int)
(declare-fun c_10_10_10 () Int)
(declare-fun x_10_o0 () Int)
(declare-fun x_10_o1 () Int)
(declare-fun x_10_o2 () Int)
(declare-fun x_10_o3 () Int)
(declare-fun x_10_o4 () Int)
(declare-fun x_10_o5 () Int)
(declare-fun x_10_o6 () Int)
(declare-fun x_10_o7 () Int)
(declare-fun x_10_o8 () Int)
(declare-fun x_6_6_o0 () Int)
(declare-fun x_6_6_o1 () Int)
(declare-fun x_6_6_o2 () Int)
(declare-fun x_6_6_o3 () Int)
(declare-fun x_6_6_o4 () Int)
(declare-fun x_6_6_o5 () Int)
(declare-fun x_6_6_o6 () Int)
(declare-fun x_6_6_o7 () Int)
(declare-fun x_6_6_o8 () Int)
(declare-fun x_6_10_o0 () Int)
(declare-fun x_6_10_o1 () Int)
(declare-fun x_6_10_o2 () Int)
(declare-fun x_6_10_o3 () Int)
(declare-fun x_6_10_o4 () Int)
(declare-fun x_6_10_o5 () Int)
(declare-fun x_6_10_o6 () Int)
(declare-fun x_6_10_o7 () Int)
(declare-fun x_6_10_o8 () Int)
(declare-fun x_10_10_o0 () Int)
(declare-fun x_10_10_o1 () Int)
(declare-fun x_10_10_o2 () Int)
(declare-fun x_10_10_o3 () Int)
(declare-fun x_10_10_o4 () Int)
(declare-fun x_10_10_o5 () Int)
(declare-fun x_10_10_o6 () Int)
(declare-fun x_10_10_o7 () Int)
(declare-fun x_10_10_o8 () Int)
(declare-fun x_6_6_6_o0 () Int)
(declare-fun x_6_6_6_o1 () Int)
(declare-fun x_6_6_6_o2 () Int)
(declare-fun x_6_6_6_o3 () Int)
(declare-fun x_6_6_6_o4 () Int)
(declare-fun x_6_6_6_o5 () Int)
(declare-fun x_6_6_6_o6 () Int)
(declare-fun x_6_6_6_o7 () Int)
(declare-fun x_6_6_6_o8 () Int)
(declare-fun x_6_6_10_o0 () Int)
(declare-fun x_6_6_10_o1 () Int)
(declare-fun x_6_6_10_o2 () Int)
(declare-fun x_6_6_10_o3 () Int)
(declare-fun x_6_6_10_o4 () Int)
(declare-fun x_6_6_10_o5 () Int)
(declare-fun x_6_6_10_o6 () Int)
(declare-fun x_6_6_10_o7 () Int)
(declare-fun x_6_6_10_o8 () Int)
(declare-fun x_6_10_10_o0 () Int)
(declare-fun x_6_10_10_o1 () Int)
(declare-fun x_6_10_10_o2 () Int)
(declare-fun x_6_10_10_o3 () Int)
(declare-fun x_6_10_10_o4 () Int)
(declare-fun x_6_10_10_o5 () Int)
(declare-fun x_6_10_10_o6 () Int)
(declare-fun x_6_10_10_o7 () Int)
(declare-fun x_6_10_10_o8 () Int)
(declare-fun x_10_10_10_o0 () Int)
(declare-fun x_10_10_10_o1 () Int)
(declare-fun x_10_10_10_o2 () Int)
(declare-fun x_10_10_10_o3 () Int)
(declare-fun x_10_10_10_o4 () Int)
(declare-fun x_10_10_10_o5 () Int)
(declare-fun x_10_10_10_o6 () Int)
(declare-fun x_10_10_10_o7 () Int)
(declare-fun x_10_10_10_o8 () Int)
(assert
 (>= N_ 0))
(assert
 (>= N_6 0))
(assert
 (>= N_10 0))
(assert
 (>= N_6_6 0))
(assert
 (>= N_6_10 0))
(assert
 (>= N_10_10 0))
(assert
 (>= N_6_6_6 0))
(assert
 (>= N_6_6_10 0))
(assert
 (>= N_6_10_10 0))
(assert
 (>= N_10_10_10 0))
(assert
 (>= c__6 0))
(assert
 (>= c__10 0))
(assert
 (>= c_6_6 0))
(assert
 (>= c_6_10 0))
(assert
 (>= c_10_6 0))
(assert
 (>= c_10_10 0))
(assert
 (>= c_6_6_6 0))
(assert
 (>= c_6_6_10 0))
(assert
 (>= c_6_10_6 0))
(assert
 (>= c_6_10_10 0))
(assert
 (>= c_10_10_6 0))
(assert
 (>= c_10_10_10 0))
(assert
 (= c__6 0))
(assert
 (= c__10 1))
(assert
 (= N_ 1))
(assert
 (= N_6 (* c__6 6)))
(assert
 (= N_10 (* c__10 10)))
(assert
 (= N_6_6 (* c_6_6 6)))
(assert
 (= N_6_10 (+ (* c_10_6 6) (* c_6_10 10))))
(assert
 (= N_10_10 (* c_10_10 10)))
(assert
 (= N_6_6_6 (* c_6_6_6 6)))
(assert
 (= N_6_6_10 (+ (* c_6_10_6 6) (* c_6_6_10 10))))
(assert
 (= N_6_10_10 (+ (* c_10_10_6 6) (* c_6_10_10 10))))
(assert
 (= N_10_10_10 (* c_10_10_10 10)))
(assert
 (= (- N_ (+ c__6 c__10)) 0))
(assert
 (= (- N_6 (+ c_6_6 c_6_10)) 0))
(assert
 (let ((?x311 (+ c_10_6 c_10_10)))
 (let ((?x193 (- N_10 ?x311)))
 (>= ?x193 0))))
(assert
 (let ((?x179 (+ c_6_6_6 c_6_6_10)))
 (let ((?x333 (- N_6_6 ?x179)))
 (>= ?x333 0))))
(assert
 (let ((?x190 (+ c_6_10_6 c_6_10_10)))
 (let ((?x221 (- N_6_10 ?x190)))
 (>= ?x221 0))))
(assert
 (let ((?x437 (+ c_10_10_6 c_10_10_10)))
 (let ((?x278 (- N_10_10 ?x437)))
 (>= ?x278 0))))
(assert
 (>= N_6_6_6 0))
(assert
 (>= N_6_6_10 0))
(assert
 (>= N_6_10_10 0))
(assert
 (>= N_10_10_10 0))
(assert
 (>= x_10_o0 0))
(assert
 (>= x_10_o1 0))
(assert
 (>= x_10_o2 0))
(assert
 (>= x_10_o3 0))
(assert
 (>= x_10_o4 0))
(assert
 (>= x_10_o5 0))
(assert
 (>= x_10_o6 0))
(assert
 (>= x_10_o7 0))
(assert
 (>= x_10_o8 0))
(assert
 (let ((?x139 (+ x_10_o0 x_10_o1 x_10_o2 x_10_o3 x_10_o4 x_10_o5 x_10_o6 x_10_o7 x_10_o8)))
 (let ((?x311 (+ c_10_6 c_10_10)))
 (let ((?x193 (- N_10 ?x311)))
 (= ?x193 ?x139)))))
(assert
 (>= x_6_6_o0 0))
(assert
 (>= x_6_6_o1 0))
(assert
 (>= x_6_6_o2 0))
(assert
 (>= x_6_6_o3 0))
(assert
 (>= x_6_6_o4 0))
(assert
 (>= x_6_6_o5 0))
(assert
 (>= x_6_6_o6 0))
(assert
 (>= x_6_6_o7 0))
(assert
 (>= x_6_6_o8 0))
(assert
 (let ((?x52 (+ x_6_6_o0 x_6_6_o1 x_6_6_o2 x_6_6_o3 x_6_6_o4 x_6_6_o5 x_6_6_o6 x_6_6_o7 x_6_6_o8)))
 (let ((?x179 (+ c_6_6_6 c_6_6_10)))
 (let ((?x333 (- N_6_6 ?x179)))
 (= ?x333 ?x52)))))
(assert
 (>= x_6_10_o0 0))
(assert
 (>= x_6_10_o1 0))
(assert
 (>= x_6_10_o2 0))
(assert
 (>= x_6_10_o3 0))
(assert
 (>= x_6_10_o4 0))
(assert
 (>= x_6_10_o5 0))
(assert
 (>= x_6_10_o6 0))
(assert
 (>= x_6_10_o7 0))
(assert
 (>= x_6_10_o8 0))
(assert
 (let ((?x150 (+ x_6_10_o0 x_6_10_o1 x_6_10_o2 x_6_10_o3 x_6_10_o4 x_6_10_o5 x_6_10_o6 x_6_10_o7 x_6_10_o8)))
 (let ((?x190 (+ c_6_10_6 c_6_10_10)))
 (let ((?x221 (- N_6_10 ?x190)))
 (= ?x221 ?x150)))))
(assert
 (>= x_10_10_o0 0))
(assert
 (>= x_10_10_o1 0))
(assert
 (>= x_10_10_o2 0))
(assert
 (>= x_10_10_o3 0))
(assert
 (>= x_10_10_o4 0))
(assert
 (>= x_10_10_o5 0))
(assert
 (>= x_10_10_o6 0))
(assert
 (>= x_10_10_o7 0))
(assert
 (>= x_10_10_o8 0))
(assert
 (let ((?x417 (+ x_10_10_o0 x_10_10_o1 x_10_10_o2 x_10_10_o3 x_10_10_o4 x_10_10_o5 x_10_10_o6 x_10_10_o7 x_10_10_o8)))
 (let ((?x437 (+ c_10_10_6 c_10_10_10)))
 (let ((?x278 (- N_10_10 ?x437)))
 (= ?x278 ?x417)))))
(assert
 (>= x_6_6_6_o0 0))
(assert
 (>= x_6_6_6_o1 0))
(assert
 (>= x_6_6_6_o2 0))
(assert
 (>= x_6_6_6_o3 0))
(assert
 (>= x_6_6_6_o4 0))
(assert
 (>= x_6_6_6_o5 0))
(assert
 (>= x_6_6_6_o6 0))
(assert
 (>= x_6_6_6_o7 0))
(assert
 (>= x_6_6_6_o8 0))
(assert
 (let ((?x359 (+ x_6_6_6_o0 x_6_6_6_o1 x_6_6_6_o2 x_6_6_6_o3 x_6_6_6_o4 x_6_6_6_o5 x_6_6_6_o6 x_6_6_6_o7 x_6_6_6_o8)))
 (= N_6_6_6 ?x359)))
(assert
 (>= x_6_6_10_o0 0))
(assert
 (>= x_6_6_10_o1 0))
(assert
 (>= x_6_6_10_o2 0))
(assert
 (>= x_6_6_10_o3 0))
(assert
 (>= x_6_6_10_o4 0))
(assert
 (>= x_6_6_10_o5 0))
(assert
 (>= x_6_6_10_o6 0))
(assert
 (>= x_6_6_10_o7 0))
(assert
 (>= x_6_6_10_o8 0))
(assert
 (let ((?x143 (+ x_6_6_10_o0 x_6_6_10_o1 x_6_6_10_o2 x_6_6_10_o3 x_6_6_10_o4 x_6_6_10_o5 x_6_6_10_o6 x_6_6_10_o7 x_6_6_10_o8)))
 (= N_6_6_10 ?x143)))
(assert
 (>= x_6_10_10_o0 0))
(assert
 (>= x_6_10_10_o1 0))
(assert
 (>= x_6_10_10_o2 0))
(assert
 (>= x_6_10_10_o3 0))
(assert
 (>= x_6_10_10_o4 0))
(assert
 (>= x_6_10_10_o5 0))
(assert
 (>= x_6_10_10_o6 0))
(assert
 (>= x_6_10_10_o7 0))
(assert
 (>= x_6_10_10_o8 0))
(assert
 (let ((?x62 (+ x_6_10_10_o0 x_6_10_10_o1 x_6_10_10_o2 x_6_10_10_o3 x_6_10_10_o4 x_6_10_10_o5 x_6_10_10_o6 x_6_10_10_o7 x_6_10_10_o8)))
 (= N_6_10_10 ?x62)))
(assert
 (>= x_10_10_10_o0 0))
(assert
 (>= x_10_10_10_o1 0))
(assert
 (>= x_10_10_10_o2 0))
(assert
 (>= x_10_10_10_o3 0))
(assert
 (>= x_10_10_10_o4 0))
(assert
 (>= x_10_10_10_o5 0))
(assert
 (>= x_10_10_10_o6 0))
(assert
 (>= x_10_10_10_o7 0))
(assert
 (>= x_10_10_10_o8 0))
(assert
 (let ((?x168 (+ x_10_10_10_o0 x_10_10_10_o1 x_10_10_10_o2 x_10_10_10_o3 x_10_10_10_o4 x_10_10_10_o5 x_10_10_10_o6 x_10_10_10_o7 x_10_10_10_o8)))
 (= N_10_10_10 ?x168)))
(assert
 (let ((?x298 (+ (* x_10_o0 2700) (* x_6_6_o0 750) (* x_6_10_o0 450) (* x_10_10_o0 270) (* x_6_6_6_o0 125) (* x_6_6_10_o0 75) (* x_6_10_10_o0 45) (* x_10_10_10_o0 27))))
 (= ?x298 3000)))
(assert
 (let ((?x448 (+ (* x_10_o1 2700) (* x_6_6_o1 750) (* x_6_10_o1 450) (* x_10_10_o1 270) (* x_6_6_6_o1 125) (* x_6_6_10_o1 75) (* x_6_10_10_o1 45) (* x_10_10_10_o1 27))))
 (= ?x448 3000)))
(assert
 (let ((?x136 (+ (* x_10_o2 2700) (* x_6_6_o2 750) (* x_6_10_o2 450) (* x_10_10_o2 270) (* x_6_6_6_o2 125) (* x_6_6_10_o2 75) (* x_6_10_10_o2 45) (* x_10_10_10_o2 27))))
 (= ?x136 3000)))
(assert
 (let ((?x399 (+ (* x_10_o3 2700) (* x_6_6_o3 750) (* x_6_10_o3 450) (* x_10_10_o3 270) (* x_6_6_6_o3 125) (* x_6_6_10_o3 75) (* x_6_10_10_o3 45) (* x_10_10_10_o3 27))))
 (= ?x399 3000)))
(assert
 (let ((?x73 (+ (* x_10_o4 2700) (* x_6_6_o4 750) (* x_6_10_o4 450) (* x_10_10_o4 270) (* x_6_6_6_o4 125) (* x_6_6_10_o4 75) (* x_6_10_10_o4 45) (* x_10_10_10_o4 27))))
 (= ?x73 3000)))
(assert
 (let ((?x386 (+ (* x_10_o5 2700) (* x_6_6_o5 750) (* x_6_10_o5 450) (* x_10_10_o5 270) (* x_6_6_6_o5 125) (* x_6_6_10_o5 75) (* x_6_10_10_o5 45) (* x_10_10_10_o5 27))))
 (= ?x386 3000)))
(assert
 (let ((?x256 (+ (* x_10_o6 2700) (* x_6_6_o6 750) (* x_6_10_o6 450) (* x_10_10_o6 270) (* x_6_6_6_o6 125) (* x_6_6_10_o6 75) (* x_6_10_10_o6 45) (* x_10_10_10_o6 27))))
 (= ?x256 3000)))
(assert
 (let ((?x467 (+ (* x_10_o7 2700) (* x_6_6_o7 750) (* x_6_10_o7 450) (* x_10_10_o7 270) (* x_6_6_6_o7 125) (* x_6_6_10_o7 75) (* x_6_10_10_o7 45) (* x_10_10_10_o7 27))))
 (= ?x467 3000)))
(assert
 (let ((?x246 (+ (* x_10_o8 2700) (* x_6_6_o8 750) (* x_6_10_o8 450) (* x_10_10_o8 270) (* x_6_6_6_o8 125) (* x_6_6_10_o8 75) (* x_6_10_10_o8 45) (* x_10_10_10_o8 27))))
 (= ?x246 3000)))
(assert
 (let ((?x285 (+ (* x_10_o1 1) (* x_6_6_o1 2) (* x_6_10_o1 3) (* x_10_10_o1 4) (* x_6_6_6_o1 5) (* x_6_6_10_o1 6) (* x_6_10_10_o1 7) (* x_10_10_10_o1 8))))
 (let ((?x429 (+ (* x_10_o0 1) (* x_6_6_o0 2) (* x_6_10_o0 3) (* x_10_10_o0 4) (* x_6_6_6_o0 5) (* x_6_6_10_o0 6) (* x_6_10_10_o0 7) (* x_10_10_10_o0 8))))
 (>= ?x429 ?x285))))
(assert
 (let ((?x376 (+ (* x_10_o2 1) (* x_6_6_o2 2) (* x_6_10_o2 3) (* x_10_10_o2 4) (* x_6_6_6_o2 5) (* x_6_6_10_o2 6) (* x_6_10_10_o2 7) (* x_10_10_10_o2 8))))
 (let ((?x285 (+ (* x_10_o1 1) (* x_6_6_o1 2) (* x_6_10_o1 3) (* x_10_10_o1 4) (* x_6_6_6_o1 5) (* x_6_6_10_o1 6) (* x_6_10_10_o1 7) (* x_10_10_10_o1 8))))
 (>= ?x285 ?x376))))
(assert
 (let ((?x257 (+ (* x_10_o3 1) (* x_6_6_o3 2) (* x_6_10_o3 3) (* x_10_10_o3 4) (* x_6_6_6_o3 5) (* x_6_6_10_o3 6) (* x_6_10_10_o3 7) (* x_10_10_10_o3 8))))
 (let ((?x376 (+ (* x_10_o2 1) (* x_6_6_o2 2) (* x_6_10_o2 3) (* x_10_10_o2 4) (* x_6_6_6_o2 5) (* x_6_6_10_o2 6) (* x_6_10_10_o2 7) (* x_10_10_10_o2 8))))
 (>= ?x376 ?x257))))
(assert
 (let ((?x202 (+ (* x_10_o4 1) (* x_6_6_o4 2) (* x_6_10_o4 3) (* x_10_10_o4 4) (* x_6_6_6_o4 5) (* x_6_6_10_o4 6) (* x_6_10_10_o4 7) (* x_10_10_10_o4 8))))
 (let ((?x257 (+ (* x_10_o3 1) (* x_6_6_o3 2) (* x_6_10_o3 3) (* x_10_10_o3 4) (* x_6_6_6_o3 5) (* x_6_6_10_o3 6) (* x_6_10_10_o3 7) (* x_10_10_10_o3 8))))
 (>= ?x257 ?x202))))
(assert
 (let ((?x426 (+ (* x_10_o5 1) (* x_6_6_o5 2) (* x_6_10_o5 3) (* x_10_10_o5 4) (* x_6_6_6_o5 5) (* x_6_6_10_o5 6) (* x_6_10_10_o5 7) (* x_10_10_10_o5 8))))
 (let ((?x202 (+ (* x_10_o4 1) (* x_6_6_o4 2) (* x_6_10_o4 3) (* x_10_10_o4 4) (* x_6_6_6_o4 5) (* x_6_6_10_o4 6) (* x_6_10_10_o4 7) (* x_10_10_10_o4 8))))
 (>= ?x202 ?x426))))
(assert
 (let ((?x44 (+ (* x_10_o6 1) (* x_6_6_o6 2) (* x_6_10_o6 3) (* x_10_10_o6 4) (* x_6_6_6_o6 5) (* x_6_6_10_o6 6) (* x_6_10_10_o6 7) (* x_10_10_10_o6 8))))
 (let ((?x426 (+ (* x_10_o5 1) (* x_6_6_o5 2) (* x_6_10_o5 3) (* x_10_10_o5 4) (* x_6_6_6_o5 5) (* x_6_6_10_o5 6) (* x_6_10_10_o5 7) (* x_10_10_10_o5 8))))
 (>= ?x426 ?x44))))
(assert
 (let ((?x232 (+ (* x_10_o7 1) (* x_6_6_o7 2) (* x_6_10_o7 3) (* x_10_10_o7 4) (* x_6_6_6_o7 5) (* x_6_6_10_o7 6) (* x_6_10_10_o7 7) (* x_10_10_10_o7 8))))
 (let ((?x44 (+ (* x_10_o6 1) (* x_6_6_o6 2) (* x_6_10_o6 3) (* x_10_10_o6 4) (* x_6_6_6_o6 5) (* x_6_6_10_o6 6) (* x_6_10_10_o6 7) (* x_10_10_10_o6 8))))
 (>= ?x44 ?x232))))
(assert
 (let ((?x219 (+ (* x_10_o8 1) (* x_6_6_o8 2) (* x_6_10_o8 3) (* x_10_10_o8 4) (* x_6_6_6_o8 5) (* x_6_6_10_o8 6) (* x_6_10_10_o8 7) (* x_10_10_10_o8 8))))
 (let ((?x232 (+ (* x_10_o7 1) (* x_6_6_o7 2) (* x_6_10_o7 3) (* x_10_10_o7 4) (* x_6_6_6_o7 5) (* x_6_6_10_o7 6) (* x_6_10_10_o7 7) (* x_10_10_10_o7 8))))
 (>= ?x232 ?x219))))
(assert
 (let ((?x463 (+ (* c__6 900) (* c__10 900) (* c_6_6 150) (* c_6_10 150) (* c_10_6 90) (* c_10_10 90) (* c_6_6_6 25) (* c_6_6_10 25) (* c_6_10_6 15) (* c_6_10_10 15) (* c_10_10_6 9) (* c_10_10_10 9))))
(< (* ?x463 5) 5400)))
(check-sat)
(pop 1)
(exit)
