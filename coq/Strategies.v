(** The model of expected calls over all strategies, loops included (the second file a reader
    trusts, beside [Model.v]): a strategy decides its next step from the outcomes it has
    seen, and may call forever on some runs. What it means for one to be exact for n, its
    expected number of calls, and what "optimal" and "at least" claim. Everything else is
    proved about these definitions. *)
From Coq Require Import List NArith ZArith QArith.
Import ListNotations.
Local Open Scope N_scope.

(** A step: output [j], or call a generator of size [m]. *)
Inductive action : Type :=
| Emit (j : N)
| Roll (m : N).

(** A strategy: the next step, given the outcomes of its calls so far (oldest first). *)
Definition strategy : Type := list N -> action.

(** The outcomes 0, 1, ..., m - 1 of a call of size [m], each of probability [1/m]. *)
Definition outcomes (m : N) : list N := map N.of_nat (seq 0 (N.to_nat m)).

(** The average over a call's outcomes. *)
Definition average (m : N) (f : N -> Q) : Q :=
  (fold_right (fun r q => f r + q) 0 (outcomes m) / inject_Z (Z.of_N m))%Q.

(** The probability that [s], having seen [h], outputs [j] within [k] more calls. *)
Fixpoint within (s : strategy) (h : list N) (k : nat) (j : N) : Q :=
  match s h with
  | Emit i => if N.eqb i j then 1%Q else 0%Q
  | Roll m => match k with O => 0%Q | S k' => average m (fun r => within s (h ++ [r]) k' j) end
  end.

(** The probability that [s], having seen [h], makes more than [k] more calls. *)
Fixpoint beyond (s : strategy) (h : list N) (k : nat) : Q :=
  match s h with
  | Emit _ => 0%Q
  | Roll m => match k with O => 1%Q | S k' => average m (fun r => beyond s (h ++ [r]) k') end
  end.

(** Every call is of a size in [G] and every output below [n], whatever was seen (what a
    strategy does after outcomes its calls cannot give changes none of the above). *)
Definition WellFormedS (n : N) (G : list N) (s : strategy) : Prop :=
  forall h, match s h with Emit j => j < n | Roll m => In m G end.

(** [s] samples uniformly from [0 .. n-1]: each output's probability within k calls never
    exceeds [1/n] and comes as close to it as one likes (so [s] stops with probability 1). *)
Definition ExactS (n : N) (G : list N) (s : strategy) : Prop :=
  WellFormedS n G s /\
  forall j, j < n ->
    (forall k, within s [] k j <= 1 / inject_Z (Z.of_N n))%Q /\
    (forall eps, 0 < eps -> exists k, 1 / inject_Z (Z.of_N n) - eps <= within s [] k j)%Q.

(** The expected number of calls is the sum over k >= 0 of Pr[more than k calls] (a run of
    c calls is counted once for each k < c); its first K terms: *)
Fixpoint calls_upto (s : strategy) (K : nat) : Q :=
  match K with O => 0%Q | S K' => (calls_upto s K' + beyond s [] K')%Q end.

(** [s] makes at most [e] calls in expectation. *)
Definition ExpectedAtMost (s : strategy) (e : Q) : Prop := forall K, (calls_upto s K <= e)%Q.

(** Every exact strategy makes at least [e] calls in expectation (or infinitely many). *)
Definition ExpectedAtLeast (n : N) (G : list N) (e : Q) : Prop :=
  forall s, ExactS n G s -> forall eps, (0 < eps)%Q -> exists K, (e - eps <= calls_upto s K)%Q.

(** [e] is the least expected number of calls of an exact strategy, and one attains it. *)
Definition OptimalExpected (n : N) (G : list N) (e : Q) : Prop :=
  (exists s, ExactS n G s /\ ExpectedAtMost s e) /\ ExpectedAtLeast n G e.
