; optimod replay: no exact tree of depth <= 3 with expected calls below 4/3 for modulus 4, generator sizes 6.
; 1 case(s) below, each must be unsatisfiable (run incrementally: push/pop).
(set-logic QF_LIA)
; case: root 6, encoding multiset-flow/per-output-leaves/v1
(push 1)
(declare-fun N_ () Int)
(declare-fun N_6 () Int)
(declare-fun N_6_6 () Int)
(declare-fun N_6_6_6 () Int)
(declare-fun c__6 () Int)
(declare-fun c_6_6 () Int)
(declare-fun c_6_6_6 () Int)
(declare-fun x_6_o0 () Int)
(declare-fun x_6_o1 () Int)
(declare-fun x_6_o2 () Int)
(declare-fun x_6_o3 () Int)
(declare-fun x_6_6_o0 () Int)
(declare-fun x_6_6_o1 () Int)
(declare-fun x_6_6_o2 () Int)
(declare-fun x_6_6_o3 () Int)
(declare-fun x_6_6_6_o0 () Int)
(declare-fun x_6_6_6_o1 () Int)
(declare-fun x_6_6_6_o2 () Int)
(declare-fun x_6_6_6_o3 () Int)
(assert
 (>= N_ 0))
(assert
 (>= N_6 0))
(assert
 (>= N_6_6 0))
(assert
 (>= N_6_6_6 0))
(assert
 (>= c__6 0))
(assert
 (>= c_6_6 0))
(assert
 (>= c_6_6_6 0))
(assert
 (= c__6 1))
(assert
 (= N_ 1))
(assert
 (= N_6 (* c__6 6)))
(assert
 (let ((?x26 (* c_6_6 6)))
 (= N_6_6 ?x26)))
(assert
 (= N_6_6_6 (* c_6_6_6 6)))
(assert
 (= (- N_ c__6) 0))
(assert
 (let ((?x31 (- N_6 c_6_6)))
 (>= ?x31 0)))
(assert
 (let ((?x32 (- N_6_6 c_6_6_6)))
 (>= ?x32 0)))
(assert
 (>= N_6_6_6 0))
(assert
 (>= x_6_o0 0))
(assert
 (>= x_6_o1 0))
(assert
 (>= x_6_o2 0))
(assert
 (>= x_6_o3 0))
(assert
 (let ((?x31 (- N_6 c_6_6)))
 (= ?x31 (+ x_6_o0 x_6_o1 x_6_o2 x_6_o3))))
(assert
 (>= x_6_6_o0 0))
(assert
 (>= x_6_6_o1 0))
(assert
 (>= x_6_6_o2 0))
(assert
 (>= x_6_6_o3 0))
(assert
 (let ((?x32 (- N_6_6 c_6_6_6)))
 (= ?x32 (+ x_6_6_o0 x_6_6_o1 x_6_6_o2 x_6_6_o3))))
(assert
 (>= x_6_6_6_o0 0))
(assert
 (>= x_6_6_6_o1 0))
(assert
 (>= x_6_6_6_o2 0))
(assert
 (>= x_6_6_6_o3 0))
(assert
 (= N_6_6_6 (+ x_6_6_6_o0 x_6_6_6_o1 x_6_6_6_o2 x_6_6_6_o3)))
(assert
 (= (+ (* x_6_o0 36) (* x_6_6_o0 6) (* x_6_6_6_o0 1)) 54))
(assert
 (= (+ (* x_6_o1 36) (* x_6_6_o1 6) (* x_6_6_6_o1 1)) 54))
(assert
 (= (+ (* x_6_o2 36) (* x_6_6_o2 6) (* x_6_6_6_o2 1)) 54))
(assert
 (= (+ (* x_6_o3 36) (* x_6_6_o3 6) (* x_6_6_6_o3 1)) 54))
(assert
 (let ((?x87 (+ (* x_6_o1 1) (* x_6_6_o1 2) (* x_6_6_6_o1 3))))
 (>= (+ (* x_6_o0 1) (* x_6_6_o0 2) (* x_6_6_6_o0 3)) ?x87)))
(assert
 (let ((?x96 (+ (* x_6_o2 1) (* x_6_6_o2 2) (* x_6_6_6_o2 3))))
 (let ((?x87 (+ (* x_6_o1 1) (* x_6_6_o1 2) (* x_6_6_6_o1 3))))
 (>= ?x87 ?x96))))
(assert
 (let ((?x96 (+ (* x_6_o2 1) (* x_6_6_o2 2) (* x_6_6_6_o2 3))))
 (>= ?x96 (+ (* x_6_o3 1) (* x_6_6_o3 2) (* x_6_6_6_o3 3)))))
(assert
 (< (* (+ (* c__6 36) (* c_6_6 6) (* c_6_6_6 1)) 3) 144))
(check-sat)
(pop 1)
(exit)
