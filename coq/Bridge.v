(** [Model.v] (binary numbers, what theorems state) and [Unary.v] (the same definitions over
    [nat], what the arguments are proved about) agree: a tree of one is a tree of the other
    with the same depth, well-formedness and probabilities, so [Optimal] and [Impossible]
    carry over ([optimal_of_unary], [impossible_of_unary]). *)
From Coq Require Import List Arith NArith ZArith QArith Lia.
From Optimod Require Import Model.
Require Optimod.Unary Optimod.Paths.
Import ListNotations.

(** Induction over [Model.tree], with a hypothesis for every subtree of a call. *)
Section TreeInd.
  Variable P : tree -> Prop.
  Hypothesis HOut : forall j, P (Out j).
  Hypothesis HCall : forall m ts, Forall P ts -> P (Call m ts).
  Fixpoint mtree_ind (t : tree) : P t :=
    match t with
    | Out j => HOut j
    | Call m ts =>
        HCall m ts
          ((fix go (l : list tree) : Forall P l :=
              match l with
              | [] => @Forall_nil _ P
              | u :: l' => @Forall_cons _ P u l' (mtree_ind u) (go l')
              end) ts)
    end.
End TreeInd.

Fixpoint to_unary (t : tree) : Unary.tree :=
  match t with
  | Out j => Unary.Out (N.to_nat j)
  | Call m ts => Unary.Call (N.to_nat m) (map to_unary ts)
  end.

Fixpoint of_unary (u : Unary.tree) : tree :=
  match u with
  | Unary.Out j => Out (N.of_nat j)
  | Unary.Call m us => Call (N.of_nat m) (map of_unary us)
  end.

Lemma depth_to_unary t : Unary.depth (to_unary t) = depth t.
Proof.
  induction t as [j | m ts IH] using mtree_ind; simpl; [reflexivity|]. f_equal.
  rewrite Forall_forall in IH. induction ts as [|u ts IHts]; simpl; [reflexivity|].
  rewrite IH by (now left). rewrite IHts; [reflexivity|]. intros; apply IH; now right.
Qed.

Lemma depth_of_unary u : depth (of_unary u) = Unary.depth u.
Proof.
  induction u as [j | m us IH] using Paths.tree_ind'; simpl; [reflexivity|]. f_equal.
  rewrite Forall_forall in IH. induction us as [|v us IHus]; simpl; [reflexivity|].
  rewrite IH by (now left). rewrite IHus; [reflexivity|]. intros; apply IH; now right.
Qed.

(** A conjunction over a list carries over to its image (trees of either model). *)
Lemma fold_conj_map {A B} (P : A -> Prop) (Q : B -> Prop) (h : A -> B) l :
  (forall x, In x l -> P x -> Q (h x)) ->
  fold_right (fun u R => P u /\ R) True l -> fold_right (fun u R => Q u /\ R) True (map h l).
Proof.
  induction l as [|x l IH]; simpl; [tauto|]. intros H [Hx Hl].
  split; [apply H; auto | apply IH; auto].
Qed.

Lemma wf_to_unary n G t :
  well_formed n G t -> Unary.well_formed (N.to_nat n) (map N.to_nat G) (to_unary t).
Proof.
  induction t as [j | m ts IH] using mtree_ind; simpl; [lia|].
  intros (Hm & Hlen & Hts). split; [now apply in_map|]. split; [now rewrite map_length|].
  rewrite Forall_forall in IH. apply (fold_conj_map (well_formed n G)); auto.
Qed.

Lemma wf_of_unary n G u :
  Unary.well_formed (N.to_nat n) (map N.to_nat G) u -> well_formed n G (of_unary u).
Proof.
  induction u as [j | m us IH] using Paths.tree_ind'; simpl; [lia|].
  intros (Hm & Hlen & Hus). split; [|split].
  - apply in_map_iff in Hm as (g & <- & Hg). now rewrite N2Nat.id.
  - rewrite map_length, Hlen. now rewrite Nat2N.id.
  - rewrite Forall_forall in IH.
    apply (fold_conj_map (Unary.well_formed (N.to_nat n) (map N.to_nat G))); auto.
Qed.

Lemma fold_sum_map {A B} (f : A -> Q) (g : B -> Q) (h : B -> A) l :
  (forall x, In x l -> f (h x) == g x) ->
  fold_right (fun u s => f u + s) 0 (map h l) == fold_right (fun u s => g u + s) 0 l.
Proof.
  induction l as [|x l IH]; intro H; simpl; [reflexivity|].
  rewrite (H x (or_introl eq_refl)), IH by (intros; apply H; now right). reflexivity.
Qed.

Lemma prob_to_unary t j : Unary.prob (to_unary t) j == prob t (N.of_nat j).
Proof.
  induction t as [k | m ts IH] using mtree_ind; simpl.
  - destruct (Nat.eqb_spec (N.to_nat k) j), (N.eqb_spec k (N.of_nat j)); try reflexivity; lia.
  - rewrite N_nat_Z. apply Qdiv_comp; [|reflexivity].
    rewrite Forall_forall in IH. apply fold_sum_map. auto.
Qed.

Lemma prob_of_unary u j : prob (of_unary u) j == Unary.prob u (N.to_nat j).
Proof.
  induction u as [k | m us IH] using Paths.tree_ind'; simpl.
  - destruct (Nat.eqb_spec k (N.to_nat j)), (N.eqb_spec (N.of_nat k) j); try reflexivity; lia.
  - rewrite nat_N_Z. apply Qdiv_comp; [|reflexivity].
    rewrite Forall_forall in IH. apply fold_sum_map. auto.
Qed.

Lemma exact_to_unary n G t : Exact n G t -> Unary.Exact (N.to_nat n) (map N.to_nat G) (to_unary t).
Proof.
  intros [Hwf Hp]. split; [now apply wf_to_unary|]. intros j Hj.
  rewrite prob_to_unary, Hp by lia. now rewrite N_nat_Z.
Qed.

Lemma exact_of_unary n G u : Unary.Exact (N.to_nat n) (map N.to_nat G) u -> Exact n G (of_unary u).
Proof.
  intros [Hwf Hp]. split; [now apply wf_of_unary|]. intros j Hj.
  rewrite prob_of_unary, Hp by lia. now rewrite N_nat_Z.
Qed.

(** What the library proves about [Unary]'s definitions, stated in [Model]'s. *)
Theorem optimal_of_unary n G d :
  Unary.Optimal (N.to_nat n) (map N.to_nat G) d -> Optimal n G d.
Proof.
  intros [(u & Hu & Hd) Hlb]. split.
  - exists (of_unary u). split; [now apply exact_of_unary | now rewrite depth_of_unary].
  - intros t Ht. rewrite <- depth_to_unary. apply Hlb. now apply exact_to_unary.
Qed.

Theorem impossible_of_unary n G : Unary.Impossible (N.to_nat n) (map N.to_nat G) -> Impossible n G.
Proof. intros H t Ht. exact (H (to_unary t) (exact_to_unary n G t Ht)). Qed.
