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
 (let ((?x96 (+ x_6_6_o0 x_6_6_o1 x_6_6_o2 x_6_6_o3 x_6_6_o4 x_6_6_o5 x_6_6_o6 x_6_6_o7 x_6_6_o8 x_6_6_o9 x_6_6_o10 x_6_6_o11 x_6_6_o12 x_6_6_o13 x_6_6_o14 x_6_6_o15 x_6_6_o16 x_6_6_o17 x_6_6_o18 x_6_6_o19)))
 (= N_6_6 ?x96)))
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
 (let ((?x87 (+ x_6_15_o0 x_6_15_o1 x_6_15_o2 x_6_15_o3 x_6_15_o4 x_6_15_o5 x_6_15_o6 x_6_15_o7 x_6_15_o8 x_6_15_o9 x_6_15_o10 x_6_15_o11 x_6_15_o12 x_6_15_o13 x_6_15_o14 x_6_15_o15 x_6_15_o16 x_6_15_o17 x_6_15_o18 x_6_15_o19)))
 (= N_6_15 ?x87)))
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
 (let ((?x318 (+ x_15_15_o0 x_15_15_o1 x_15_15_o2 x_15_15_o3 x_15_15_o4 x_15_15_o5 x_15_15_o6 x_15_15_o7 x_15_15_o8 x_15_15_o9 x_15_15_o10 x_15_15_o11 x_15_15_o12 x_15_15_o13 x_15_15_o14 x_15_15_o15 x_15_15_o16 x_15_15_o17 x_15_15_o18 x_15_15_o19)))
 (= N_15_15 ?x318)))
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
 (let ((?x230 (+ (* x_6_6_o10 25) (* x_6_15_o10 10) (* x_15_15_o10 4))))
 (= ?x230 45)))
(assert
 (let ((?x247 (+ (* x_6_6_o11 25) (* x_6_15_o11 10) (* x_15_15_o11 4))))
 (= ?x247 45)))
(assert
 (let ((?x1432 (+ (* x_6_6_o12 25) (* x_6_15_o12 10) (* x_15_15_o12 4))))
 (= ?x1432 45)))
(assert
 (let ((?x1447 (+ (* x_6_6_o13 25) (* x_6_15_o13 10) (* x_15_15_o13 4))))
 (= ?x1447 45)))
(assert
 (let ((?x1440 (+ (* x_6_6_o14 25) (* x_6_15_o14 10) (* x_15_15_o14 4))))
 (= ?x1440 45)))
(assert
 (let ((?x211 (+ (* x_6_6_o15 25) (* x_6_15_o15 10) (* x_15_15_o15 4))))
 (= ?x211 45)))
(assert
 (let ((?x730 (+ (* x_6_6_o16 25) (* x_6_15_o16 10) (* x_15_15_o16 4))))
 (= ?x730 45)))
(assert
 (let ((?x52 (+ (* x_6_6_o17 25) (* x_6_15_o17 10) (* x_15_15_o17 4))))
 (= ?x52 45)))
(assert
 (let ((?x60 (+ (* x_6_6_o18 25) (* x_6_15_o18 10) (* x_15_15_o18 4))))
 (= ?x60 45)))
(assert
 (let ((?x732 (+ (* x_6_6_o19 25) (* x_6_15_o19 10) (* x_15_15_o19 4))))
 (= ?x732 45)))
(assert
 (let ((?x228 (+ (* x_6_6_o1 1) (* x_6_15_o1 2) (* x_15_15_o1 3))))
 (>= (+ (* x_6_6_o0 1) (* x_6_15_o0 2) (* x_15_15_o0 3)) ?x228)))
(assert
 (let ((?x244 (+ (* x_6_6_o2 1) (* x_6_15_o2 2) (* x_15_15_o2 3))))
 (let ((?x228 (+ (* x_6_6_o1 1) (* x_6_15_o1 2) (* x_15_15_o1 3))))
 (>= ?x228 ?x244))))
(assert
 (let ((?x82 (+ (* x_6_6_o3 1) (* x_6_15_o3 2) (* x_15_15_o3 3))))
 (let ((?x244 (+ (* x_6_6_o2 1) (* x_6_15_o2 2) (* x_15_15_o2 3))))
 (>= ?x244 ?x82))))
(assert
 (let ((?x233 (+ (* x_6_6_o4 1) (* x_6_15_o4 2) (* x_15_15_o4 3))))
 (let ((?x82 (+ (* x_6_6_o3 1) (* x_6_15_o3 2) (* x_15_15_o3 3))))
 (>= ?x82 ?x233))))
(assert
 (let ((?x184 (+ (* x_6_6_o5 1) (* x_6_15_o5 2) (* x_15_15_o5 3))))
 (let ((?x233 (+ (* x_6_6_o4 1) (* x_6_15_o4 2) (* x_15_15_o4 3))))
 (>= ?x233 ?x184))))
(assert
 (let ((?x343 (+ (* x_6_6_o6 1) (* x_6_15_o6 2) (* x_15_15_o6 3))))
 (let ((?x184 (+ (* x_6_6_o5 1) (* x_6_15_o5 2) (* x_15_15_o5 3))))
 (>= ?x184 ?x343))))
(assert
 (let ((?x369 (+ (* x_6_6_o7 1) (* x_6_15_o7 2) (* x_15_15_o7 3))))
 (let ((?x343 (+ (* x_6_6_o6 1) (* x_6_15_o6 2) (* x_15_15_o6 3))))
 (>= ?x343 ?x369))))
(assert
 (let ((?x156 (+ (* x_6_6_o8 1) (* x_6_15_o8 2) (* x_15_15_o8 3))))
 (let ((?x369 (+ (* x_6_6_o7 1) (* x_6_15_o7 2) (* x_15_15_o7 3))))
 (>= ?x369 ?x156))))
(assert
 (let ((?x382 (+ (* x_6_6_o9 1) (* x_6_15_o9 2) (* x_15_15_o9 3))))
 (let ((?x156 (+ (* x_6_6_o8 1) (* x_6_15_o8 2) (* x_15_15_o8 3))))
 (>= ?x156 ?x382))))
(assert
 (let ((?x238 (+ (* x_6_6_o10 1) (* x_6_15_o10 2) (* x_15_15_o10 3))))
 (let ((?x382 (+ (* x_6_6_o9 1) (* x_6_15_o9 2) (* x_15_15_o9 3))))
 (>= ?x382 ?x238))))
(assert
 (let ((?x1472 (+ (* x_6_6_o11 1) (* x_6_15_o11 2) (* x_15_15_o11 3))))
 (let ((?x238 (+ (* x_6_6_o10 1) (* x_6_15_o10 2) (* x_15_15_o10 3))))
 (>= ?x238 ?x1472))))
(assert
 (let ((?x196 (+ (* x_6_6_o12 1) (* x_6_15_o12 2) (* x_15_15_o12 3))))
 (let ((?x1472 (+ (* x_6_6_o11 1) (* x_6_15_o11 2) (* x_15_15_o11 3))))
 (>= ?x1472 ?x196))))
(assert
 (let ((?x137 (+ (* x_6_6_o13 1) (* x_6_15_o13 2) (* x_15_15_o13 3))))
 (let ((?x196 (+ (* x_6_6_o12 1) (* x_6_15_o12 2) (* x_15_15_o12 3))))
 (>= ?x196 ?x137))))
(assert
 (let ((?x1436 (+ (* x_6_6_o14 1) (* x_6_15_o14 2) (* x_15_15_o14 3))))
 (let ((?x137 (+ (* x_6_6_o13 1) (* x_6_15_o13 2) (* x_15_15_o13 3))))
 (>= ?x137 ?x1436))))
(assert
 (let ((?x44 (+ (* x_6_6_o15 1) (* x_6_15_o15 2) (* x_15_15_o15 3))))
 (let ((?x1436 (+ (* x_6_6_o14 1) (* x_6_15_o14 2) (* x_15_15_o14 3))))
 (>= ?x1436 ?x44))))
(assert
 (let ((?x49 (+ (* x_6_6_o16 1) (* x_6_15_o16 2) (* x_15_15_o16 3))))
 (let ((?x44 (+ (* x_6_6_o15 1) (* x_6_15_o15 2) (* x_15_15_o15 3))))
 (>= ?x44 ?x49))))
(assert
 (let ((?x1448 (+ (* x_6_6_o17 1) (* x_6_15_o17 2) (* x_15_15_o17 3))))
 (let ((?x49 (+ (* x_6_6_o16 1) (* x_6_15_o16 2) (* x_15_15_o16 3))))
 (>= ?x49 ?x1448))))
(assert
 (let ((?x32 (+ (* x_6_6_o18 1) (* x_6_15_o18 2) (* x_15_15_o18 3))))
 (let ((?x1448 (+ (* x_6_6_o17 1) (* x_6_15_o17 2) (* x_15_15_o17 3))))
 (>= ?x1448 ?x32))))
(assert
 (let ((?x19 (+ (* x_6_6_o19 1) (* x_6_15_o19 2) (* x_15_15_o19 3))))
(let ((?x32 (+ (* x_6_6_o18 1) (* x_6_15_o18 2) (* x_15_15_o18 3))))
(>= ?x32 ?x19))))
(check-sat)
(pop 1)
(exit)
