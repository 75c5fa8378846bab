(** The model, and nothing else: strategies as decision trees over uniform generators, what
    it means for one to be exact for n, what "optimal" and "impossible" claim, and the puzzle's
    generator sizes. Numbers are binary ([N]), so that a statement about n = 1000000 is as
    short to read as one about 42. Everything else in this library is proved about these
    definitions. *)
From Coq Require Import List NArith ZArith QArith Znumtheory.
Import ListNotations.
Local Open Scope N_scope.

(** A strategy: output a value, or call a generator of size [m] and continue with the subtree
    of its outcome (the list holds one subtree per outcome 0, 1, ..., m - 1). *)
Inductive tree : Type :=
| Out (j : N)
| Call (m : N) (children : list tree).

(** The worst-case number of calls: the longest path from the root to an output. *)
Fixpoint depth (t : tree) : nat :=
  match t with
  | Out _ => 0
  | Call _ ts => S (fold_right (fun u d => Nat.max (depth u) d) 0%nat ts)
  end.

(** Every call is of a size in [G] and has exactly that many subtrees; every output is below
    [n]. *)
Fixpoint well_formed (n : N) (G : list N) (t : tree) : Prop :=
  match t with
  | Out j => j < n
  | Call m ts =>
      In m G /\ length ts = N.to_nat m /\ fold_right (fun u P => well_formed n G u /\ P) True ts
  end.

(** The probability that [t] outputs [j] when each call of size [m] gives each of its [m]
    outcomes with probability [1/m]: a call averages its subtrees. *)
Fixpoint prob (t : tree) (j : N) : Q :=
  match t with
  | Out k => if N.eqb k j then 1%Q else 0%Q
  | Call m ts => (fold_right (fun u s => prob u j + s) 0 ts / inject_Z (Z.of_N m))%Q
  end.

(** [t] samples uniformly from [0 .. n-1] using the sizes in [G]. *)
Definition Exact (n : N) (G : list N) (t : tree) : Prop :=
  well_formed n G t /\ forall j, j < n -> (prob t j == 1 / inject_Z (Z.of_N n))%Q.

(** [d] calls suffice in the worst case, and no exact tree does with fewer. *)
Definition Optimal (n : N) (G : list N) (d : nat) : Prop :=
  (exists t, Exact n G t /\ depth t = d) /\ (forall t, Exact n G t -> (d <= depth t)%nat).

(** No tree over [G], of any depth, is exact for [n]. *)
Definition Impossible (n : N) (G : list N) : Prop := forall t, ~ Exact n G t.

(** The puzzle's generator sizes: the numbers below [n] that are prime ([prime] and
    [prime_dec] are Coq's own, from [Znumtheory]). *)
Definition primes_below (n : N) : list N :=
  filter (fun m => if prime_dec (Z.of_N m) then true else false) (map N.of_nat (seq 0 (N.to_nat n))).
