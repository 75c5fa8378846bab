(** The model of [Model.v] over Peano naturals ([nat] outputs, sizes and moduli): the
    library's arguments are proved about these definitions, and [Bridge.v] proves that they
    say the same as [Model.v]'s (binary [N]) ones, which are what a theorem states. Nothing
    here is trusted: a reader audits [Model.v] only. *)
From Coq Require Import List Arith QArith.
Import ListNotations.
Local Open Scope nat_scope.

(** A strategy: output a value, or call a generator of size [m] and continue with the subtree
    of its outcome (the list holds one subtree per outcome 0, 1, ..., m - 1). *)
Inductive tree : Type :=
| Out (j : nat)
| Call (m : nat) (children : list tree).

(** The worst-case number of calls: the longest path from the root to an output. *)
Fixpoint depth (t : tree) : nat :=
  match t with
  | Out _ => 0
  | Call _ ts => S (fold_right (fun u d => Nat.max (depth u) d) 0 ts)
  end.

(** Every call is of a size in [G] and has exactly that many subtrees; every output is below
    [n]. *)
Fixpoint well_formed (n : nat) (G : list nat) (t : tree) : Prop :=
  match t with
  | Out j => j < n
  | Call m ts =>
      In m G /\ length ts = m /\ fold_right (fun u P => well_formed n G u /\ P) True ts
  end.

(** The probability that [t] outputs [j] when each call of size [m] gives each of its [m]
    outcomes with probability [1/m]: a call averages its subtrees. *)
Fixpoint prob (t : tree) (j : nat) : Q :=
  match t with
  | Out k => if Nat.eqb k j then 1%Q else 0%Q
  | Call m ts => (fold_right (fun u s => prob u j + s) 0 ts / inject_Z (Z.of_nat m))%Q
  end.

(** [t] samples uniformly from [0 .. n-1] using the sizes in [G]. *)
Definition Exact (n : nat) (G : list nat) (t : tree) : Prop :=
  well_formed n G t /\ forall j, j < n -> (prob t j == 1 / inject_Z (Z.of_nat n))%Q.

(** [d] calls suffice in the worst case, and no exact tree does with fewer. *)
Definition Optimal (n : nat) (G : list nat) (d : nat) : Prop :=
  (exists t, Exact n G t /\ depth t = d) /\ (forall t, Exact n G t -> d <= depth t).

(** No tree over [G], of any depth, is exact for [n]. *)
Definition Impossible (n : nat) (G : list nat) : Prop := forall t, ~ Exact n G t.
