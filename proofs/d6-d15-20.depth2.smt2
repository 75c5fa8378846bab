; optimod replay: no exact tree of depth <= 2 for modulus 20, generator sizes 6, 15.
; 2 case(s) below, each must be unsatisfiable (run incrementally: push/pop).
(set-logic QF_LIA)
; case: root 15, encoding multiset-flow/one-output-relaxation/v1
(push 1)
(declare-fun N_ () Int)
(declare-fun N_6 () Int)
(declare-fun N_15 () Int)
(declare-fun N_6_6 () Int)
(declare-fun N_6_15 () Int)
(declare-fun N_15_15 () Int)
(declare-fun c__6 () Int)
(declare-fun c__15 () Int)
(declare-fun c_6_6 () Int)
(declare-fun c_6_15 () Int)
(declare-fun c_15_6 () Int)
(declare-fun c_15_15 () Int)
(declare-fun x_6_6 () Int)
(declare-fun x_6_15 () Int)
(declare-fun x_15_15 () Int)
(assert
 (>= N_ 0))
(assert
 (>= N_6 0))
(assert
 (>= N_15 0))
(assert
 (>= N_6_6 0))
(assert
 (>= N_6_15 0))
(assert
 (>= N_15_15 0))
(assert
 (>= c__6 0))
(assert
 (>= c__15 0))
(assert
 (>= c_6_6 0))
(assert
 (>= c_6_15 0))
(assert
 (>= c_15_6 0))
(assert
 (>= c_15_15 0))
(assert
 (= c__6 0))
(assert
 (= c__15 1))
(assert
 (= N_ 1))
(assert
 (= N_6 (* c__6 6)))
(assert
 (= N_15 (* c__15 15)))
(assert
 (= N_6_6 (* c_6_6 6)))
(assert
 (= N_6_15 (+ (* c_15_6 6) (* c_6_15 15))))
(assert
 (= N_15_15 (* c_15_15 15)))
(assert
 (= (- N_ (+ c__6 c__15)) 0))
(assert
 (= (- N_6 (+ c_6_6 c_6_15)) 0))
(assert
 (= (- N_15 (+ c_15_6 c_15_15)) 0))
(assert
 (>= N_6_6 0))
(assert
 (>= N_6_15 0))
(assert
 (>= N_15_15 0))
(assert
 (>= x_6_6 0))
(assert
 (<= x_6_6 N_6_6))
(assert
 (>= x_6_15 0))
(assert
 (<= x_6_15 N_6_15))
(assert
 (>= x_15_15 0))
(assert
 (<= x_15_15 N_15_15))
(assert
 (= (+ (* x_6_6 25) (* x_6_15 10) (* x_15_15 4)) 45))
(check-sat)
(pop 1)
; case: root 6, encoding multiset-flow/per-output-leaves/v1
(push 1)
(declare-fun N_ () Int)
(declare-fun N_6 () Int)
(declare-fun N_15 () Int)
(declare-fun N_6_6 () Int)
(declare-fun N_6_15 () Int)
(declare-fun N_15_15 () Int)
(declare-fun c__6 () Int)
(declare-fun c__15 () Int)
(declare-fun c_6_6 () Int)
(declare-fun c_6_15 () Int)
(declare-fun c_15_6 () Int)
(declare-fun c_15_15 () Int)
(declare-fun x_6_6_o0 () Int)
(declare-fun x_6_6_o1 () Int)
(declare-fun x_6_6_o2 () Int)
(declare-fun x_6_6_o3 () Int)
(declare-fun x_6_6_o4 () Int)
(declare-fun x_6_6_o5 () Int)
(declare-fun x_6_6_o6 () Int)
(declare-fun x_6_6_o7 () Int)
(declare-fun x_6_6_o8 () Int)
(declare-fun x_6_6_o9 () Int)
(declare-fun x_6_6_o10 () Int)
(declare-fun x_6_6_o11 () Int)
(declare-fun x_6_6_o12 () Int)
(declare-fun x_6_6_o13 () Int)
(declare-fun x_6_6_o14 () Int)
(declare-fun x_6_6_o15 () Int)
(declare-fun x_6_6_o16 () Int)
(declare-fun x_6_6_o17 () Int)
(declare-fun x_6_6_o18 () Int)
(declare-fun x_6_6_o19 () Int)
(declare-fun x_6_15_o0 () Int)
(declare-fun x_6_15_o1 () Int)
(declare-fun x_6_15_o2 () Int)
(declare-fun x_6_15_o3 () Int)
(declare-fun x_6_15_o4 () Int)
(declare-fun x_6_15_o5 () Int)
(declare-fun x_6_15_o6 () Int)
(declare-fun x_6_15_o7 () Int)
(declare-fun x_6_15_o8 () Int)
(declare-fun x_6_15_o9 () Int)
(declare-fun x_6_15_o10 () Int)
(declare-fun x_6_15_o11 () Int)
(declare-fun x_6_15_o12 () Int)
(declare-fun x_6_15_o13 () Int)
(declare-fun x_6_15_o14 () Int)
(declare-fun x_6_15_o15 () Int)
(declare-fun x_6_15_o16 () Int)
(declare-fun x_6_15_o17 () Int)
(declare-fun x_6_15_o18 () Int)
(declare-fun x_6_15_o19 () Int)
(declare-fun x_15_15_o0 () Int)
(declare-fun x_15_15_o1 () Int)
(declare-fun x_15_15_o2 () Int)
(declare-fun x_15_15_o3 () Int)
(declare-fun x_15_15_o4 () Int)
(declare-fun x_15_15_o5 () Int)
(declare-fun x_15_15_o6 () Int)
(declare-fun x_15_15_o7 () Int)
(declare-fun x_15_15_o8 () Int)
(declare-fun x_15_15_o9 () Int)
(declare-fun x_15_15_o10 () Int)
(declare-fun x_15_15_o11 () Int)
(declare-fun x_15_15_o12 () Int)
(declare-fun x_15_15_o13 () Int)
(declare-fun x_15_15_o14 () Int)
(declare-fun x_15_15_o15 () Int)
(declare-fun x_15_15_o16 () Int)
(declare-fun x_15_15_o17 () Int)
(declare-fun x_15_15_o18 () Int)
(declare-fun x_15_15_o19 () Int)
(assert
 (>= N_ 0))
(assert
 (>= N_6 0))
(assert
 (>= N_15 0))
(assert
 (>= N_6_6 0))
(assert
 (>= N_6_15 0))
(assert
 (>= N_15_15 0))
(assert
 (>= c__6 0))
(assert
 (>= c__15 0))
(assert
 (>= c_6_6 0))
(assert
 (>= c_6_15 0))
(assert
 (>= c_15_6 0))
(assert
 (>= c_15_15 0))
(assert
 (= c__6 1))
(assert
 (= c__15 0))
(assert
 (= N_ 1))
(assert
 (= N_6 (* c__6 6)))
(assert
 (= N_15 (* c__15 15)))
(assert
 (= N_6_6 (* c_6_6 6)))
(assert
 (= N_6_15 (+ (* c_15_6 6) (* c_6_15 15))))
(assert
 (= N_15_15 (* c_15_15 15)))
(assert
 (= (- N_ (+ c__6 c__15)) 0))
(assert
 (= (- N_6 (+ c_6_6 c_6_15)) 0))
(assert
 (= (- N_15 (+ c_15_6 c_15_15)) 0))
(assert
 (>= N_6_6 0))
(assert
 (>= N_6_15 0))
(assert
 (>= N_15_15 0))
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
 (>= x_6_6_o9 0))
(assert
 (>= x_6_6_o10 0))
(assert
 (>= x_6_6_o11 0))
(assert
 (>= x_6_6_o12 0))
(assert
 (>= x_6_6_o13 0))
(assert
 (>= x_6_6_o14 0))
(assert
 (>= x_6_6_o15 0))
(assert
 (>= x_6_6_o16 0))
(assert
 (>= x_6_6_o17 0))
(assert
 (>= x_6_6_o18 0))
(assert
 (>= x_6_6_o19 0))
(assert
 (let ((?x93 (+ x_6_6_o0 x_6_6_o1 x_6_6_o2 x_6_6_o3 x_6_6_o4 x_6_6_o5 x_6_6_o6 x_6_6_o7 x_6_6_o8 x_6_6_o9 x_6_6_o10 x_6_6_o11 x_6_6_o12 x_6_6_o13 x_6_6_o14 x_6_6_o15 x_6_6_o16 x_6_6_o17 x_6_6_o18 x_6_6_o19)))
 (= N_6_6 ?x93)))
(assert
 (>= x_6_15_o0 0))
(assert
 (>= x_6_15_o1 0))
(assert
 (>= x_6_15_o2 0))
(assert
 (>= x_6_15_o3 0))
(assert
 (>= x_6_15_o4 0))
(assert
 (>= x_6_15_o5 0))
(assert
 (>= x_6_15_o6 0))
(assert
 (>= x_6_15_o7 0))
(assert
 (>= x_6_15_o8 0))
(assert
 (>= x_6_15_o9 0))
(assert
 (>= x_6_15_o10 0))
(assert
 (>= x_6_15_o11 0))
(assert
 (>= x_6_15_o12 0))
(assert
 (>= x_6_15_o13 0))
(assert
 (>= x_6_15_o14 0))
(assert
 (>= x_6_15_o15 0))
(assert
 (>= x_6_15_o16 0))
(assert
 (>= x_6_15_o17 0))
(assert
 (>= x_6_15_o18 0))
(assert
 (>= x_6_15_o19 0))
(assert
 (let ((?x159 (+ x_6_15_o0 x_6_15_o1 x_6_15_o2 x_6_15_o3 x_6_15_o4 x_6_15_o5 x_6_15_o6 x_6_15_o7 x_6_15_o8 x_6_15_o9 x_6_15_o10 x_6_15_o11 x_6_15_o12 x_6_15_o13 x_6_15_o14 x_6_15_o15 x_6_15_o16 x_6_15_o17 x_6_15_o18 x_6_15_o19)))
 (= N_6_15 ?x159)))
(assert
 (>= x_15_15_o0 0))
(assert
 (>= x_15_15_o1 0))
(assert
 (>= x_15_15_o2 0))
(assert
 (>= x_15_15_o3 0))
(assert
 (>= x_15_15_o4 0))
(assert
 (>= x_15_15_o5 0))
(assert
 (>= x_15_15_o6 0))
(assert
 (>= x_15_15_o7 0))
(assert
 (>= x_15_15_o8 0))
(assert
 (>= x_15_15_o9 0))
(assert
 (>= x_15_15_o10 0))
(assert
 (>= x_15_15_o11 0))
(assert
 (>= x_15_15_o12 0))
(assert
 (>= x_15_15_o13 0))
(assert
 (>= x_15_15_o14 0))
(assert
 (>= x_15_15_o15 0))
(assert
 (>= x_15_15_o16 0))
(assert
 (>= x_15_15_o17 0))
(assert
 (>= x_15_15_o18 0))
(assert
 (>= x_15_15_o19 0))
(assert
 (let ((?x201 (+ x_15_15_o0 x_15_15_o1 x_15_15_o2 x_15_15_o3 x_15_15_o4 x_15_15_o5 x_15_15_o6 x_15_15_o7 x_15_15_o8 x_15_15_o9 x_15_15_o10 x_15_15_o11 x_15_15_o12 x_15_15_o13 x_15_15_o14 x_15_15_o15 x_15_15_o16 x_15_15_o17 x_15_15_o18 x_15_15_o19)))
 (= N_15_15 ?x201)))
(assert
 (= (+ (* x_6_6_o0 25) (* x_6_15_o0 10) (* x_15_15_o0 4)) 45))
(assert
 (= (+ (* x_6_6_o1 25) (* x_6_15_o1 10) (* x_15_15_o1 4)) 45))
(assert
 (= (+ (* x_6_6_o2 25) (* x_6_15_o2 10) (* x_15_15_o2 4)) 45))
(assert
 (= (+ (* x_6_6_o3 25) (* x_6_15_o3 10) (* x_15_15_o3 4)) 45))
(assert
 (= (+ (* x_6_6_o4 25) (* x_6_15_o4 10) (* x_15_15_o4 4)) 45))
(assert
 (= (+ (* x_6_6_o5 25) (* x_6_15_o5 10) (* x_15_15_o5 4)) 45))
(assert
 (= (+ (* x_6_6_o6 25) (* x_6_15_o6 10) (* x_15_15_o6 4)) 45))
(assert
 (= (+ (* x_6_6_o7 25) (* x_6_15_o7 10) (* x_15_15_o7 4)) 45))
(assert
 (= (+ (* x_6_6_o8 25) (* x_6_15_o8 10) (* x_15_15_o8 4)) 45))
(assert
 (= (+ (* x_6_6_o9 25) (* x_6_15_o9 10) (* x_15_15_o9 4)) 45))
(assert
 (let ((?x298 (+ (* x_6_6_o10 25) (* x_6_15_o10 10) (* x_15_15_o10 4))))
 (= ?x298 45)))
(assert
 (let ((?x307 (+ (* x_6_6_o11 25) (* x_6_15_o11 10) (* x_15_15_o11 4))))
 (= ?x307 45)))
(assert
 (let ((?x316 (+ (* x_6_6_o12 25) (* x_6_15_o12 10) (* x_15_15_o12 4))))
 (= ?x316 45)))
(assert
 (let ((?x325 (+ (* x_6_6_o13 25) (* x_6_15_o13 10) (* x_15_15_o13 4))))
 (= ?x325 45)))
(assert
 (let ((?x334 (+ (* x_6_6_o14 25) (* x_6_15_o14 10) (* x_15_15_o14 4))))
 (= ?x334 45)))
(assert
 (let ((?x343 (+ (* x_6_6_o15 25) (* x_6_15_o15 10) (* x_15_15_o15 4))))
 (= ?x343 45)))
(assert
 (let ((?x352 (+ (* x_6_6_o16 25) (* x_6_15_o16 10) (* x_15_15_o16 4))))
 (= ?x352 45)))
(assert
 (let ((?x361 (+ (* x_6_6_o17 25) (* x_6_15_o17 10) (* x_15_15_o17 4))))
 (= ?x361 45)))
(assert
 (let ((?x370 (+ (* x_6_6_o18 25) (* x_6_15_o18 10) (* x_15_15_o18 4))))
 (= ?x370 45)))
(assert
 (let ((?x379 (+ (* x_6_6_o19 25) (* x_6_15_o19 10) (* x_15_15_o19 4))))
 (= ?x379 45)))
(assert
 (let ((?x222 (+ (* x_6_6_o1 1) (* x_6_15_o1 2) (* x_15_15_o1 3))))
 (>= (+ (* x_6_6_o0 1) (* x_6_15_o0 2) (* x_15_15_o0 3)) ?x222)))
(assert
 (let ((?x231 (+ (* x_6_6_o2 1) (* x_6_15_o2 2) (* x_15_15_o2 3))))
 (let ((?x222 (+ (* x_6_6_o1 1) (* x_6_15_o1 2) (* x_15_15_o1 3))))
 (>= ?x222 ?x231))))
(assert
 (let ((?x240 (+ (* x_6_6_o3 1) (* x_6_15_o3 2) (* x_15_15_o3 3))))
 (let ((?x231 (+ (* x_6_6_o2 1) (* x_6_15_o2 2) (* x_15_15_o2 3))))
 (>= ?x231 ?x240))))
(assert
 (let ((?x249 (+ (* x_6_6_o4 1) (* x_6_15_o4 2) (* x_15_15_o4 3))))
 (let ((?x240 (+ (* x_6_6_o3 1) (* x_6_15_o3 2) (* x_15_15_o3 3))))
 (>= ?x240 ?x249))))
(assert
 (let ((?x258 (+ (* x_6_6_o5 1) (* x_6_15_o5 2) (* x_15_15_o5 3))))
 (let ((?x249 (+ (* x_6_6_o4 1) (* x_6_15_o4 2) (* x_15_15_o4 3))))
 (>= ?x249 ?x258))))
(assert
 (let ((?x267 (+ (* x_6_6_o6 1) (* x_6_15_o6 2) (* x_15_15_o6 3))))
 (let ((?x258 (+ (* x_6_6_o5 1) (* x_6_15_o5 2) (* x_15_15_o5 3))))
 (>= ?x258 ?x267))))
(assert
 (let ((?x276 (+ (* x_6_6_o7 1) (* x_6_15_o7 2) (* x_15_15_o7 3))))
 (let ((?x267 (+ (* x_6_6_o6 1) (* x_6_15_o6 2) (* x_15_15_o6 3))))
 (>= ?x267 ?x276))))
(assert
 (let ((?x285 (+ (* x_6_6_o8 1) (* x_6_15_o8 2) (* x_15_15_o8 3))))
 (let ((?x276 (+ (* x_6_6_o7 1) (* x_6_15_o7 2) (* x_15_15_o7 3))))
 (>= ?x276 ?x285))))
(assert
 (let ((?x294 (+ (* x_6_6_o9 1) (* x_6_15_o9 2) (* x_15_15_o9 3))))
 (let ((?x285 (+ (* x_6_6_o8 1) (* x_6_15_o8 2) (* x_15_15_o8 3))))
 (>= ?x285 ?x294))))
(assert
 (let ((?x303 (+ (* x_6_6_o10 1) (* x_6_15_o10 2) (* x_15_15_o10 3))))
 (let ((?x294 (+ (* x_6_6_o9 1) (* x_6_15_o9 2) (* x_15_15_o9 3))))
 (>= ?x294 ?x303))))
(assert
 (let ((?x312 (+ (* x_6_6_o11 1) (* x_6_15_o11 2) (* x_15_15_o11 3))))
 (let ((?x303 (+ (* x_6_6_o10 1) (* x_6_15_o10 2) (* x_15_15_o10 3))))
 (>= ?x303 ?x312))))
(assert
 (let ((?x321 (+ (* x_6_6_o12 1) (* x_6_15_o12 2) (* x_15_15_o12 3))))
 (let ((?x312 (+ (* x_6_6_o11 1) (* x_6_15_o11 2) (* x_15_15_o11 3))))
 (>= ?x312 ?x321))))
(assert
 (let ((?x330 (+ (* x_6_6_o13 1) (* x_6_15_o13 2) (* x_15_15_o13 3))))
 (let ((?x321 (+ (* x_6_6_o12 1) (* x_6_15_o12 2) (* x_15_15_o12 3))))
 (>= ?x321 ?x330))))
(assert
 (let ((?x339 (+ (* x_6_6_o14 1) (* x_6_15_o14 2) (* x_15_15_o14 3))))
 (let ((?x330 (+ (* x_6_6_o13 1) (* x_6_15_o13 2) (* x_15_15_o13 3))))
 (>= ?x330 ?x339))))
(assert
 (let ((?x348 (+ (* x_6_6_o15 1) (* x_6_15_o15 2) (* x_15_15_o15 3))))
 (let ((?x339 (+ (* x_6_6_o14 1) (* x_6_15_o14 2) (* x_15_15_o14 3))))
 (>= ?x339 ?x348))))
(assert
 (let ((?x357 (+ (* x_6_6_o16 1) (* x_6_15_o16 2) (* x_15_15_o16 3))))
 (let ((?x348 (+ (* x_6_6_o15 1) (* x_6_15_o15 2) (* x_15_15_o15 3))))
 (>= ?x348 ?x357))))
(assert
 (let ((?x366 (+ (* x_6_6_o17 1) (* x_6_15_o17 2) (* x_15_15_o17 3))))
 (let ((?x357 (+ (* x_6_6_o16 1) (* x_6_15_o16 2) (* x_15_15_o16 3))))
 (>= ?x357 ?x366))))
(assert
 (let ((?x375 (+ (* x_6_6_o18 1) (* x_6_15_o18 2) (* x_15_15_o18 3))))
 (let ((?x366 (+ (* x_6_6_o17 1) (* x_6_15_o17 2) (* x_15_15_o17 3))))
 (>= ?x366 ?x375))))
(assert
 (let ((?x384 (+ (* x_6_6_o19 1) (* x_6_15_o19 2) (* x_15_15_o19 3))))
(let ((?x375 (+ (* x_6_6_o18 1) (* x_6_15_o18 2) (* x_15_15_o18 3))))
(>= ?x375 ?x384))))
(check-sat)
(pop 1)
(exit)
